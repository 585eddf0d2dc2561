/* SPDX-License-Identifier: MIT */
/*
 * Waiting, as Linux module code asks for it.
 *
 * The delays (udelay, ndelay) spin on the TSC in any context, as Linux's
 * do. The sleeps (msleep, schedule_timeout) wait for jiffies, as Linux's
 * do: a process sleeps for real (the CPU runs its other tasks, and a timer
 * wakes it); a kernel task, which strata never puts to sleep
 * (kernel/sched.h), yields to the runnable tasks of its CPU or halts until
 * the next tick, over and over. From a context that must not sleep
 * (interrupts off, a lock held, or in an interrupt handler) a sleep is a
 * bug: strata reports it, as Linux's might_sleep() does, and spins on the
 * TSC for the time asked instead, since halting there would never wake.
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
 * as in Linux; a process in TASK_UNINTERRUPTIBLE (kill waits for its end).
 * Process context.
 */
void msleep(unsigned int msecs);
/* The same in TASK_INTERRUPTIBLE: a kill ends it early; returns the ms left, as Linux's. */
unsigned long msleep_interruptible(unsigned int msecs);
/* "Until woken": Linux's value. */
#define MAX_SCHEDULE_TIMEOUT __LONG_MAX__
/*
 * Sleep timeout jiffies in the state the caller set (set_current_state())
 * and return the jiffies left: 0 unless woken early (a process in
 * TASK_INTERRUPTIBLE by kill), as in Linux. A kernel task waits the whole
 * time whatever the state; MAX_SCHEDULE_TIMEOUT, which nothing would end
 * there, is refused with a report and returned at once. Process context.
 */
long schedule_timeout(long timeout);

#endif /* STRATA_DELAY_H */
