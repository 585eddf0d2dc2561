/* SPDX-License-Identifier: MIT */
/*
 * <linux/compiler_types.h>: the attributes and annotations Linux code
 * writes on declarations, with their GCC meanings. As in Linux, the module
 * build includes this file ahead of every source (-include), so module
 * code has them without including anything. The annotations for Linux's
 * static checker (sparse) mean nothing to the compiler and are empty.
 */
#ifndef _LINUX_COMPILER_TYPES_H
#define _LINUX_COMPILER_TYPES_H

#define __always_inline inline __attribute__((__always_inline__))
#define noinline __attribute__((__noinline__))
#define __maybe_unused __attribute__((__unused__))
#define __always_unused __attribute__((__unused__))
#define __used __attribute__((__used__))
#define __packed __attribute__((__packed__))
#define __aligned(x) __attribute__((__aligned__(x)))
#define __printf(a, b) __attribute__((__format__(printf, a, b)))
#define __must_check __attribute__((__warn_unused_result__))
#define __cold __attribute__((__cold__))
#define __noreturn __attribute__((__noreturn__))

#define __user
#define __kernel
#define __iomem
#define __force
#define __rcu

#endif /* _LINUX_COMPILER_TYPES_H */
