/* SPDX-License-Identifier: MIT */
/*
 * <linux/gfp.h> for modules: the page allocator and the GFP flags are
 * strata's own (mm/gfp.h), with Linux's names and meanings.
 */
#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#include "mm/gfp.h"

#endif /* _LINUX_GFP_H */
