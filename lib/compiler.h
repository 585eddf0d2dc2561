/* SPDX-License-Identifier: MIT */
/*
 * Branch hints with Linux's names (include/linux/compiler.h): likely(x)
 * tells the compiler x is almost always true, so the other branch is laid
 * out of line and the fast path falls straight through. For the allocator
 * fast paths and the checks that guard them; a wrong hint costs a little
 * speed, never correctness.
 */
#ifndef STRATA_COMPILER_H
#define STRATA_COMPILER_H

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#endif /* STRATA_COMPILER_H */
