/* SPDX-License-Identifier: MIT */
/*
 * Time as Linux module code reads and waits for it: jiffies and delays,
 * derived from the TSC (kernel/tsc.h).
 *
 * strata has no timer interrupt yet, so jiffies is not a variable a tick
 * increments but a value computed from the TSC when read: the ticks of an
 * HZ-per-second clock since tsc_calibrate(), starting at 0 (Linux starts
 * it at INITIAL_JIFFIES, 300 seconds short of 2^32, so that code which
 * keeps jiffies in 32 bits meets the wrap five minutes after boot).
 * And with no scheduler, every wait, msleep() included, is a busy wait on
 * the TSC: nothing else runs meanwhile, as nothing else would.
 */
#ifndef STRATA_DELAY_H
#define STRATA_DELAY_H

#include "lib/types.h"

/* Ticks per second: Linux 6.1's default CONFIG_HZ (kernel/Kconfig.hz). */
#define HZ 250

/* jiffies now (0 before tsc_calibrate()). Any context. */
u64 get_jiffies_64(void);

/* Busy-wait at least usecs microseconds / nsecs nanoseconds. Any context. */
void udelay(unsigned long usecs);
void ndelay(unsigned long nsecs);
/* Wait at least msecs milliseconds (a busy wait: see above). */
void msleep(unsigned int msecs);
/* The same; Linux returns the time left if a signal came: always 0 here. */
unsigned long msleep_interruptible(unsigned int msecs);
/* "Until woken": Linux's value. */
#define MAX_SCHEDULE_TIMEOUT __LONG_MAX__
/*
 * Wait timeout jiffies and return 0. Linux sleeps in the state the caller
 * set (set_current_state()) and returns the jiffies left if woken early;
 * strata ignores the state and nothing can wake it early, so
 * MAX_SCHEDULE_TIMEOUT, which would wait forever, is refused with a report
 * and returned at once.
 */
long schedule_timeout(long timeout);

#endif /* STRATA_DELAY_H */
