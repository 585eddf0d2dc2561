/* SPDX-License-Identifier: MIT */
/*
 * <linux/compiler.h> for modules: the branch hints, barriers and
 * attributes Linux code writes, with their GCC meanings.
 */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
/* Stop the compiler moving memory accesses across this point. */
#define barrier() __asm__ __volatile__("" : : : "memory")
/* One access of x, as written: not merged, split or cached by the compiler. */
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val) (*(volatile __typeof__(x) *)&(x) = (val))

#define __always_inline inline __attribute__((__always_inline__))
#define noinline __attribute__((__noinline__))
#define __maybe_unused __attribute__((__unused__))
#define __used __attribute__((__used__))
#define __packed __attribute__((__packed__))
#define __aligned(x) __attribute__((__aligned__(x)))
#define __printf(a, b) __attribute__((__format__(printf, a, b)))

#endif /* _LINUX_COMPILER_H */
