/* SPDX-License-Identifier: MIT */
/*
 * Waiting, as Linux module code asks for it, without a scheduler.
 *
 * The delays (udelay, ndelay) spin on the TSC in any context, as Linux's
 * do. The sleeps (msleep, schedule_timeout) wait for jiffies, as Linux's
 * do, but with no other task to run they halt the CPU until the next
 * timer interrupt instead, over and over. From a context that must not
 * sleep (interrupts off, or in an interrupt handler) a sleep is a bug:
 * strata reports it, as Linux's might_sleep() does, and spins on the TSC
 * for the time asked instead, since halting there would never wake.
 */
#ifndef STRATA_DELAY_H
#define STRATA_DELAY_H

#include "kernel/time.h"

/* Spin at least usecs microseconds / nsecs nanoseconds. Any context. */
void udelay(unsigned long usecs);
void ndelay(unsigned long nsecs);
/*
 * Sleep at least msecs milliseconds: until jiffies has advanced
 * msecs_to_jiffies(msecs) + 1 (the tick already started does not count),
 * as in Linux. Process context.
 */
void msleep(unsigned int msecs);
/* The same; Linux returns the time left if a signal came: always 0 here. */
unsigned long msleep_interruptible(unsigned int msecs);
/* "Until woken": Linux's value. */
#define MAX_SCHEDULE_TIMEOUT __LONG_MAX__
/*
 * Sleep timeout jiffies and return 0. Linux sleeps in the state the caller
 * set (set_current_state()) and returns the jiffies left if woken early;
 * strata ignores the state and nothing can wake it early, so
 * MAX_SCHEDULE_TIMEOUT, which would sleep forever, is refused with a
 * report and returned at once. Process context.
 */
long schedule_timeout(long timeout);

#endif /* STRATA_DELAY_H */
