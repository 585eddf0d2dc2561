// SPDX-License-Identifier: MIT
/*
 * The ticket spinlock and its Linux API (the contract is in
 * kernel/spinlock.h). Each entry point brackets the ticket with
 * preempt_disable()/preempt_enable() and, for the _irq forms, with the
 * interrupt flag; the debug hooks (kernel/lockdep.c) run only with
 * lockdebug=1, so an ordinary lock costs one locked xadd to take and one
 * store to release.
 */
#include "kernel/spinlock.h"
#include "arch/x86_64/barrier.h"
#include "arch/x86_64/cmpxchg.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irqflags.h"
#include "kernel/lockdep.h"
#include "kernel/preempt.h"
#include "kernel/smp.h"
#include "lib/rwonce.h"

#define RET_IP ((u64)__builtin_return_address(0))

void __spin_lock_init(spinlock_t *lock, const char *name, struct lock_class_key *key)
{
	*lock = (spinlock_t){.magic = SPINLOCK_MAGIC, .owner_cpu = -1, .name = name, .key = key};
}

/* Draw a ticket and wait for it to be served. */
static void arch_spin_lock(arch_spinlock_t *lock)
{
	u16 mine = xadd(&lock->tickets.tail, (u16)1);

	while (READ_ONCE(lock->tickets.head) != mine)
		cpu_relax();
	barrier(); /* x86 loads are acquires; the compiler must not hoist either */
}

/* Serve the next ticket: only the holder writes head, so no lock prefix. */
static void arch_spin_unlock(arch_spinlock_t *lock)
{
	barrier(); /* x86 stores are releases: the section's stores land first */
	WRITE_ONCE(lock->tickets.head, (u16)(lock->tickets.head + 1));
}

/* Take the lock only if no ticket is outstanding, in one cmpxchg. */
static bool arch_spin_trylock(arch_spinlock_t *lock)
{
	arch_spinlock_t old, new;

	old.head_tail = READ_ONCE(lock->head_tail);
	if (old.tickets.head != old.tickets.tail)
		return false;
	new = old;
	new.tickets.tail++;
	return cmpxchg(&lock->head_tail, old.head_tail, new.head_tail) == old.head_tail;
}

bool spin_is_locked(const spinlock_t *lock)
{
	arch_spinlock_t t = {.head_tail = READ_ONCE(lock->raw_lock.head_tail)};

	return t.tickets.head != t.tickets.tail;
}

bool spin_is_contended(const spinlock_t *lock)
{
	arch_spinlock_t t = {.head_tail = READ_ONCE(lock->raw_lock.head_tail)};

	return (u16)(t.tickets.tail - t.tickets.head) > 1;
}

static void lock_taken(spinlock_t *lock, u64 ip)
{
	lock->owner_cpu = smp_processor_id();
	lock->owner_ip = ip;
	if (debug_locks)
		lockdep_acquired(lock, ip);
}

/* Called with preemption (and perhaps interrupts) already off. */
static void do_spin_lock(spinlock_t *lock, u64 ip)
{
	if (debug_locks && !lockdep_acquire_ok(lock, ip))
		return; /* refused: this CPU holds it (reported) */
	arch_spin_lock(&lock->raw_lock);
	lock_taken(lock, ip);
}

/* Release and re-enable preemption; false if lockdebug refused the unlock. */
static bool do_spin_unlock(spinlock_t *lock, u64 ip)
{
	if (debug_locks) {
		enum lockdep_release verdict = lockdep_release_ok(lock, ip);

		if (verdict == LOCKDEP_REFUSE)
			return false;
		if (verdict == LOCKDEP_ABSORB) {
			preempt_enable();
			return true;
		}
		lockdep_released(lock);
	}
	lock->owner_cpu = -1;
	lock->owner_ip = 0;
	arch_spin_unlock(&lock->raw_lock);
	preempt_enable();
	return true;
}

void spin_lock(spinlock_t *lock)
{
	preempt_disable();
	do_spin_lock(lock, RET_IP);
}

void spin_unlock(spinlock_t *lock)
{
	do_spin_unlock(lock, RET_IP);
}

void spin_lock_irq(spinlock_t *lock)
{
	local_irq_disable();
	preempt_disable();
	do_spin_lock(lock, RET_IP);
}

void spin_unlock_irq(spinlock_t *lock)
{
	do_spin_unlock(lock, RET_IP);
	local_irq_enable();
}

unsigned long _spin_lock_irqsave(spinlock_t *lock)
{
	unsigned long flags;

	local_irq_save(flags);
	preempt_disable();
	do_spin_lock(lock, RET_IP);
	return flags;
}

void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	do_spin_unlock(lock, RET_IP);
	local_irq_restore(flags);
}

int spin_trylock(spinlock_t *lock)
{
	preempt_disable();
	if (!arch_spin_trylock(&lock->raw_lock)) {
		preempt_enable();
		return 0;
	}
	lock_taken(lock, RET_IP);
	return 1;
}

void assert_spin_locked(const spinlock_t *lock)
{
	if (!spin_is_locked(lock))
		lockdep_report_not_held(lock, false, RET_IP);
}

void lockdep_assert_held(const spinlock_t *lock)
{
	if (!spin_is_locked(lock) || (debug_locks && lock->owner_cpu != smp_processor_id()))
		lockdep_report_not_held(lock, true, RET_IP);
}
