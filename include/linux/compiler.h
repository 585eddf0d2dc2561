/* SPDX-License-Identifier: MIT */
/*
 * <linux/compiler.h> for modules: the branch hints and the barriers, with
 * their GCC meanings, and the attributes of <linux/compiler_types.h>.
 */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#include "compiler_types.h"

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
/* Stop the compiler moving memory accesses across this point. */
#define barrier() __asm__ __volatile__("" : : : "memory")
/* One access of x, as written: not merged, split or cached by the compiler. */
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val) (*(volatile __typeof__(x) *)&(x) = (val))

#endif /* _LINUX_COMPILER_H */
