/* SPDX-License-Identifier: MIT */
/*
 * The tick: jiffies, counted by the local APIC timer's interrupt at HZ per
 * second, with Linux's names (include/linux/jiffies.h).
 *
 * jiffies_64 is the count; jiffies is the same word as an unsigned long,
 * an alias the linker script makes (linker.ld: jiffies = jiffies_64), as
 * Linux's x86_64 does. Both are volatile: the interrupt changes them.
 * Compare them with time_after()/time_before(), which survive wrapping.
 */
#ifndef STRATA_TIME_H
#define STRATA_TIME_H

#include "lib/types.h"

#define HZ 250 /* Linux's x86_64 default (CONFIG_HZ_250) */

extern volatile u64 jiffies_64;
extern volatile unsigned long jiffies;

#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)
#define time_before_eq(a, b) time_after_eq(b, a)

/* All 64 bits of the count; one load on x86_64, as in Linux. */
static inline u64 get_jiffies_64(void)
{
	return jiffies_64;
}

static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return (unsigned int)(j * (1000 / HZ));
}

static inline unsigned int jiffies_to_usecs(unsigned long j)
{
	return (unsigned int)(j * (1000000 / HZ));
}

/* Milliseconds and microseconds to jiffies, rounded up, as Linux's. */
static inline unsigned long msecs_to_jiffies(unsigned int m)
{
	return ((unsigned long)m * HZ + 999) / 1000;
}

static inline unsigned long usecs_to_jiffies(unsigned int u)
{
	return ((unsigned long)u * HZ + 999999) / 1000000;
}

/*
 * Advance jiffies by ticks. Called by the timer interrupt, in hardirq
 * context; with SMP, by one CPU only (Linux's tick_do_timer_cpu).
 */
void do_timer(unsigned long ticks);

#endif /* STRATA_TIME_H */
