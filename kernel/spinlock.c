// SPDX-License-Identifier: MIT
/*
 * The out-of-line half of spinlock_t (the contract and the inline fast
 * paths are in kernel/spinlock.h): initialisation, trylock, the asserts,
 * and the lockdebug=1 paths, which wrap the ticket in the checks of
 * kernel/lockdep.c and record the holder.
 */
#include "kernel/spinlock.h"
#include "kernel/lockdep.h"
#include "kernel/smp.h"

#define RET_IP ((u64)__builtin_return_address(0))

void __spin_lock_init(spinlock_t *lock, const char *name, struct lock_class_key *key)
{
	*lock = (spinlock_t){.magic = SPINLOCK_MAGIC, .owner_cpu = -1, .name = name, .key = key};
}

/* The holder is recorded only for lock debugging, as Linux's CONFIG_DEBUG_SPINLOCK. */
static void lock_taken(spinlock_t *lock, u64 ip)
{
	lock->owner_cpu = smp_processor_id();
	lock->owner_ip = ip;
	lockdep_acquired(lock, ip);
}

/* Called with preemption (and perhaps interrupts) already off. */
void spin_lock_debug(spinlock_t *lock)
{
	u64 ip = RET_IP;

	if (!lockdep_acquire_ok(lock, ip))
		return; /* refused: this CPU holds it (reported) */
	arch_spin_lock(&lock->raw_lock);
	lock_taken(lock, ip);
}

void spin_unlock_debug(spinlock_t *lock)
{
	enum lockdep_release verdict = lockdep_release_ok(lock, RET_IP);

	if (verdict == LOCKDEP_REFUSE)
		return; /* reported: the offender never took it, so no preempt_enable */
	if (verdict == LOCKDEP_RELEASE) {
		lockdep_released(lock);
		lock->owner_cpu = -1;
		lock->owner_ip = 0;
		arch_spin_unlock(&lock->raw_lock);
	}
	preempt_enable();
}

int spin_trylock(spinlock_t *lock)
{
	preempt_disable();
	if (!arch_spin_trylock(&lock->raw_lock)) {
		preempt_enable();
		return 0;
	}
	if (debug_locks)
		lock_taken(lock, RET_IP);
	return 1;
}

void assert_spin_locked(const spinlock_t *lock)
{
	if (!spin_is_locked(lock))
		lockdep_report_not_held(lock, false, RET_IP);
}

void __lockdep_assert_held(const spinlock_t *lock)
{
	if (!spin_is_locked(lock) || lock->owner_cpu != smp_processor_id())
		lockdep_report_not_held(lock, true, RET_IP);
}
