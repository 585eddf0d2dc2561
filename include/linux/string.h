/* SPDX-License-Identifier: MIT */
/*
 * <linux/string.h> for modules: strata's string and memory routines
 * (lib/string.h: memcpy, memset, memmove, memcmp, strlen, strcmp, strncmp,
 * strchr, strlcpy, strscpy) and kstrdup (mm/slab.h), as in Linux.
 */
#ifndef _LINUX_STRING_H
#define _LINUX_STRING_H

#include "lib/string.h"
#include "mm/slab.h"

#endif /* _LINUX_STRING_H */
