/* SPDX-License-Identifier: MIT */
/*
 * <linux/errno.h> for modules: strata's error numbers (lib/errno.h), which
 * have Linux's values (include/uapi/asm-generic/errno-base.h).
 */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#include "lib/errno.h"

#endif /* _LINUX_ERRNO_H */
