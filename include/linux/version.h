/* SPDX-License-Identifier: MIT */
/*
 * <linux/version.h>: the kernel version module code compares against.
 * strata offers Linux 6.1's module API, so it says 6.1.0.
 */
#ifndef _LINUX_VERSION_H
#define _LINUX_VERSION_H

/* One number per version, comparable: (a << 16) + (b << 8) + c, c at most 255. */
#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#define LINUX_VERSION_MAJOR 6
#define LINUX_VERSION_PATCHLEVEL 1
#define LINUX_VERSION_SUBLEVEL 0
#define LINUX_VERSION_CODE KERNEL_VERSION(6, 1, 0)

#endif /* _LINUX_VERSION_H */
