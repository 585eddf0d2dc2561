/* SPDX-License-Identifier: MIT */
/*
 * Branch hints with Linux's names (include/linux/compiler.h): likely(x)
 * tells the compiler x is almost always true, so the other branch is laid
 * out of line and the fast path falls straight through. For the allocator
 * fast paths and the checks that guard them; a wrong hint costs a little
 * speed, never correctness. And container_of(), as Linux's
 * <linux/container_of.h>: the structure that embeds a member, from the
 * member's address (every embedded link here: rbtree, list, work, timer).
 */
#ifndef STRATA_COMPILER_H
#define STRATA_COMPILER_H

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* The structure of type that holds member at ptr. */
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

#endif /* STRATA_COMPILER_H */
