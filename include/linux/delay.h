/* SPDX-License-Identifier: MIT */
/*
 * <linux/delay.h> for modules: udelay, ndelay and mdelay spin on the TSC;
 * msleep and ssleep wait on jiffies; module code runs in a kernel task,
 * which runs its CPU's processes meanwhile or halts (kernel/delay.h);
 * usleep_range and fsleep spin, where Linux sleeps on a high-resolution
 * timer that strata does not have.
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
