/* SPDX-License-Identifier: MIT */
/*
 * <linux/delay.h> for modules: udelay, ndelay, mdelay, msleep, ssleep,
 * usleep_range and fsleep. Every one is a busy wait on the TSC
 * (kernel/delay.h): strata has no scheduler to sleep in yet.
 */
#ifndef _LINUX_DELAY_H
#define _LINUX_DELAY_H

#include "kernel/delay.h"

static inline void mdelay(unsigned long msecs)
{
	while (msecs--)
		udelay(1000);
}

static inline void ssleep(unsigned int seconds)
{
	msleep(seconds * 1000);
}

/* Linux sleeps somewhere in [min, max] to share timer wakeups; this waits min. */
static inline void usleep_range(unsigned long min, unsigned long max)
{
	(void)max;
	udelay(min);
}

static inline void fsleep(unsigned long usecs)
{
	udelay(usecs);
}

#endif /* _LINUX_DELAY_H */
