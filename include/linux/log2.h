/* SPDX-License-Identifier: MIT */
/*
 * <linux/log2.h> for modules: base-2 logarithms and powers of two, as
 * Linux names them, computed with the compiler's bit-scan builtins.
 */
#ifndef _LINUX_LOG2_H
#define _LINUX_LOG2_H

#include "lib/types.h"

/* The index of the highest set bit of n (n > 0): floor(log2(n)). */
static inline int ilog2(u64 n)
{
	return 63 - __builtin_clzll(n);
}

/* True if n is a power of two (0 is not). */
static inline bool is_power_of_2(unsigned long n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

/* The smallest power of two >= n (n > 0). */
static inline unsigned long roundup_pow_of_two(unsigned long n)
{
	return n == 1 ? 1 : 1UL << (ilog2(n - 1) + 1);
}

/* The largest power of two <= n (n > 0). */
static inline unsigned long rounddown_pow_of_two(unsigned long n)
{
	return 1UL << ilog2(n);
}

/* log2 of n rounded up: the order of the smallest power of two >= n. */
static inline int order_base_2(unsigned long n)
{
	return n > 1 ? ilog2(n - 1) + 1 : 0;
}

#endif /* _LINUX_LOG2_H */
