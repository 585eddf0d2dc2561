/* SPDX-License-Identifier: MIT */
/*
 * Lock debugging (lockdebug=1 on the command line): a small relative of
 * Linux's CONFIG_DEBUG_SPINLOCK checks (kernel/locking/spinlock_debug.c)
 * and of lockdep's irq-state rule (kernel/locking/lockdep.c), 6.1. It
 * reports, each with the lock's name, the holder's call site and the
 * offender's, then a backtrace:
 *
 *   BUG: spinlock recursion          this CPU takes a lock it holds
 *   BUG: spinlock already unlocked   unlocking a free lock
 *   BUG: spinlock wrong CPU          unlocking another CPU's lock
 *   BUG: spinlock bad magic          a lock never initialised
 *   WARNING: inconsistent lock state a lock class taken in hardirq context
 *                                    and, elsewhere, with interrupts on
 *   WARNING: lock held when returning to the shell prompt!
 *
 * The kernel survives each: a recursive take is refused (no deadlock) and
 * owes one unlock, a bad unlock is refused, a lock left held at the prompt
 * is released. Linux stops checking after its first report
 * (debug_locks_off()); strata keeps checking, so one boot can prove each.
 *
 * Without lockdebug=1 none of this runs, and the holder is not recorded
 * (as Linux without CONFIG_DEBUG_SPINLOCK): a lock costs its ticket.
 */
#ifndef STRATA_LOCKDEP_H
#define STRATA_LOCKDEP_H

#include "kernel/spinlock.h"

/* debug_locks (kernel/spinlock.h): lockdebug=1; tests may turn it on and off. */
/* Reports made so far, of every kind (tests and provoke= count them). */
extern unsigned long lockdep_nr_reports;

/* Read lockdebug= from the command line. Call once, before any lock is taken. */
void lockdep_init(void);

/* The spinlock's hooks (kernel/spinlock.c), called only when debug_locks. */
/* Before spinning: false if this CPU holds lock (reported; the take is refused). */
bool lockdep_acquire_ok(spinlock_t *lock, u64 ip);
/* After taking it: the held list and the class's irq usage. */
void lockdep_acquired(spinlock_t *lock, u64 ip);
enum lockdep_release {
	LOCKDEP_RELEASE, /* go on: this CPU holds it */
	LOCKDEP_ABSORB,	 /* the unlock owed by a refused recursive take */
	LOCKDEP_REFUSE,	 /* reported: not held, or held by another CPU */
};
enum lockdep_release lockdep_release_ok(spinlock_t *lock, u64 ip);
void lockdep_released(spinlock_t *lock);
/* assert_spin_locked() / lockdep_assert_held() failed at ip. */
void lockdep_report_not_held(const spinlock_t *lock, bool by_this_cpu, u64 ip);

/*
 * Report every lock this CPU holds, as control reaches where (the shell
 * calls it before each prompt), and release them so the caller can go on.
 * Returns how many there were. Does nothing without lockdebug=1.
 */
unsigned int lockdep_check_no_locks_held(const char *where);

/* Locks this CPU holds now (lockdebug=1 only; 0 otherwise). */
unsigned int lockdep_depth(void);

#endif /* STRATA_LOCKDEP_H */
