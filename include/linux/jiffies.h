/* SPDX-License-Identifier: MIT */
/*
 * <linux/jiffies.h> for modules: HZ, jiffies, the conversions and the
 * wrap-safe comparisons. jiffies is computed from the TSC when read
 * (kernel/delay.h says why and how it differs from Linux's tick count), so
 * it reads like Linux's variable but has no address.
 */
#ifndef _LINUX_JIFFIES_H
#define _LINUX_JIFFIES_H

#include "kernel/delay.h"

#define jiffies ((unsigned long)get_jiffies_64())
#define jiffies_64 get_jiffies_64()

/* a is after b, and the other three orders, correct across a wrap. */
#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)
#define time_before_eq(a, b) time_after_eq(b, a)

/* Milliseconds and microseconds to jiffies, rounded up; and back. */
static inline unsigned long msecs_to_jiffies(unsigned int m)
{
	return ((unsigned long)m * HZ + 999) / 1000;
}

static inline unsigned long usecs_to_jiffies(unsigned int u)
{
	return ((unsigned long)u * HZ + 999999) / 1000000;
}

static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return (unsigned int)(j * (1000 / HZ));
}

static inline unsigned int jiffies_to_usecs(unsigned long j)
{
	return (unsigned int)(j * (1000000 / HZ));
}

#endif /* _LINUX_JIFFIES_H */
