/* SPDX-License-Identifier: MIT */
/*
 * spinlock_t: a ticket lock (arch/x86_64/spinlock.h) with Linux's API
 * (include/linux/spinlock.h, 6.1). Linux's x86 lock has been a queued lock
 * since 4.2; strata keeps the ticket lock it replaced, which is fair the
 * same way (first come, first served) and short enough to read.
 *
 *   spin_lock / spin_unlock                     interrupts untouched
 *   spin_lock_irq / spin_unlock_irq             cli ... sti
 *   spin_lock_irqsave(l, flags) / spin_unlock_irqrestore(l, flags)
 *                                               cli ... IF as it was
 *   spin_trylock                                1 if taken, 0 if held
 *   assert_spin_locked, lockdep_assert_held     report if not held
 *
 * Every lock held counts one in preempt_count (kernel/preempt.h), so
 * in_atomic() is true under a lock; the _irq forms nest like
 * local_irq_save(). Nothing under a spinlock may sleep (strata has nothing
 * that sleeps yet; the rule is Linux's and will hold).
 *
 * Context: a lock that an interrupt handler takes must be taken everywhere
 * else with interrupts off (the _irq or _irqsave forms); otherwise the
 * handler can interrupt the holder on its own CPU and spin forever. With
 * lockdebug=1 (kernel/lockdep.h) that mistake, recursion and bad unlocks
 * are reported. The fast paths are inline: without lockdebug a lock and
 * its unlock cost a locked xadd, a store and the preempt_count updates.
 *
 * Host unit tests (STRATA_HOST_TEST) are single-threaded: there a lock
 * only records whether it is held, so lockdep_assert_held still checks.
 */
#ifndef STRATA_SPINLOCK_H
#define STRATA_SPINLOCK_H

#include "arch/x86_64/spinlock.h"
#include "lib/types.h"

/*
 * A lock class: every lock initialised at one spin_lock_init() call site
 * (or one DEFINE_SPINLOCK) is of one class, as in Linux's lockdep. Written
 * only with lockdebug=1, under a lock of the class.
 */
struct lock_class_key {
	u64 hardirq_ip; /* where it was first taken in hardirq context; 0: never */
	u64 irqs_on_ip; /* where it was first taken in task context, irqs on; 0: never */
	bool reported;	/* the irq inconsistency was reported (once per class) */
};

#define SPINLOCK_MAGIC 0xdead4ead /* Linux's value: set by every initialiser */

typedef struct spinlock {
	arch_spinlock_t raw_lock;
	u32 magic;		    /* SPINLOCK_MAGIC once initialised */
	int owner_cpu;		    /* lockdebug: the holder's CPU; -1 when free */
	u64 owner_ip;		    /* lockdebug: the holder's call site; 0 when free */
	const char *name;	    /* as the initialiser wrote it: "&zone->lock" */
	struct lock_class_key *key; /* the class; NULL: own_class (DEFINE_SPINLOCK) */
	struct lock_class_key own_class;
	u32 absorbed; /* recursive takes lockdebug refused, each owed one unlock */
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(lockname)                                                   \
	{                                                                                \
		.magic = SPINLOCK_MAGIC, .owner_cpu = -1, .name = #lockname, .key = NULL \
	}
/* A lock defined with its initial value; its class is itself. */
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

void __spin_lock_init(spinlock_t *lock, const char *name, struct lock_class_key *key);
/* Initialise a lock at run time; each call site is one class. */
#define spin_lock_init(lock)                                  \
	do {                                                  \
		static struct lock_class_key spin_key__;      \
		__spin_lock_init((lock), #lock, &spin_key__); \
	} while (0)

static inline bool spin_is_locked(const spinlock_t *lock)
{
	return arch_spin_is_locked(&lock->raw_lock);
}

#ifndef STRATA_HOST_TEST
#include "arch/x86_64/irqflags.h"
#include "kernel/preempt.h"

/* Lock debugging is on (lockdebug=1; kernel/lockdep.h). */
extern bool debug_locks;

/*
 * The lockdebug=1 paths (kernel/spinlock.c). Called from the inline fast
 * paths, so their return address is the call site in the lock's user.
 */
void spin_lock_debug(spinlock_t *lock);
void spin_unlock_debug(spinlock_t *lock);

static inline __attribute__((always_inline)) void __spin_lock(spinlock_t *lock)
{
	preempt_disable();
	if (__builtin_expect(debug_locks, 0))
		spin_lock_debug(lock);
	else
		arch_spin_lock(&lock->raw_lock);
}

static inline __attribute__((always_inline)) void __spin_unlock(spinlock_t *lock)
{
	if (__builtin_expect(debug_locks, 0)) {
		spin_unlock_debug(lock); /* it ends the preempt section itself */
		return;
	}
	arch_spin_unlock(&lock->raw_lock);
	preempt_enable();
}

/* Contexts: any (task or interrupt); they never sleep. */
static inline __attribute__((always_inline)) void spin_lock(spinlock_t *lock)
{
	__spin_lock(lock);
}

static inline __attribute__((always_inline)) void spin_unlock(spinlock_t *lock)
{
	__spin_unlock(lock);
}

static inline __attribute__((always_inline)) void spin_lock_irq(spinlock_t *lock)
{
	local_irq_disable();
	__spin_lock(lock);
}

static inline __attribute__((always_inline)) void spin_unlock_irq(spinlock_t *lock)
{
	__spin_unlock(lock);
	local_irq_enable();
}

#define spin_lock_irqsave(lock, flags) \
	do {                           \
		local_irq_save(flags); \
		__spin_lock(lock);     \
	} while (0)

static inline __attribute__((always_inline)) void spin_unlock_irqrestore(spinlock_t *lock,
									 unsigned long flags)
{
	__spin_unlock(lock);
	local_irq_restore(flags);
}

/* Take the lock if it is free: 1, held now; 0, it was held (nothing changed). */
int spin_trylock(spinlock_t *lock);

static inline bool spin_is_contended(const spinlock_t *lock)
{
	return arch_spin_is_contended(&lock->raw_lock);
}

/*
 * Report (and go on) if lock is not held at all (assert_spin_locked), or,
 * with lockdebug=1, not held by this CPU (lockdep_assert_held); the report
 * names the caller. Linux's assert_spin_locked() is a BUG_ON; strata
 * reports and survives. lockdep_assert_held() costs one test without
 * lockdebug, so a _locked helper can afford it.
 */
void assert_spin_locked(const spinlock_t *lock);
void __lockdep_assert_held(const spinlock_t *lock);

static inline void lockdep_assert_held(const spinlock_t *lock)
{
	if (__builtin_expect(debug_locks, 0))
		__lockdep_assert_held(lock);
}

#else /* STRATA_HOST_TEST: one thread, no interrupts */
static inline void spin_lock(spinlock_t *lock)
{
	lock->raw_lock.tickets.tail++;
}

static inline void spin_unlock(spinlock_t *lock)
{
	lock->raw_lock.tickets.head++;
}

#define spin_lock_irqsave(lock, flags) ((flags) = 0, spin_lock(lock))
#define spin_unlock_irqrestore(lock, flags) ((void)(flags), spin_unlock(lock))

void assert_spin_locked(const spinlock_t *lock); /* tests/host/kernel_shim.c */
#define lockdep_assert_held(lock) assert_spin_locked(lock)
#endif

#endif /* STRATA_SPINLOCK_H */
