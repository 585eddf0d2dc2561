/* SPDX-License-Identifier: MIT */
/*
 * The error numbers strata returns, as negative values (-EINVAL), with
 * Linux's numbering so a reader of the book recognises them.
 */
#ifndef STRATA_ERRNO_H
#define STRATA_ERRNO_H

#define E2BIG 7
#define ENOEXEC 8
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define ENOENT 2
#define ENODEV 19
#define ENXIO 6
#define ETIMEDOUT 110
#define EPERM 1
#define EBADF 9
#define ENOTTY 25
#define ENOSYS 38
#define ESRCH 3
#define EINTR 4

#endif /* STRATA_ERRNO_H */
