// SPDX-License-Identifier: MIT
/*
 * Lock debugging: the checks behind lockdebug=1 (the contract and the
 * report list are in kernel/lockdep.h). State: each CPU's list of the
 * locks it holds (per-CPU, touched only by that CPU with preemption off,
 * so it needs no lock) and each lock class's irq usage (struct
 * lock_class_key, written under the lock of that class, so one writer at a
 * time).
 */
#include "kernel/lockdep.h"
#include "arch/x86_64/irqflags.h"
#include "kernel/backtrace.h"
#include "kernel/cmdline.h"
#include "kernel/percpu.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "kernel/smp.h"

/* Linux keeps up to 48 held locks per task (MAX_LOCK_DEPTH); one CPU's few need less. */
#define LOCKDEP_MAX_HELD 16

bool debug_locks;
unsigned long lockdep_nr_reports;

/* The locks this CPU holds, in the order taken; entries past depth unused. */
struct lockdep_held {
	unsigned int depth;
	spinlock_t *locks[LOCKDEP_MAX_HELD];
};
static DEFINE_PER_CPU(struct lockdep_held, held_locks);

void lockdep_init(void)
{
	debug_locks = cmdline_get_bool("lockdebug", false);
	if (debug_locks)
		pr_info("lockdebug: spinlock checks on: recursion, bad unlocks, irq-unsafe use, "
			"locks held at the shell prompt\n");
}

unsigned int lockdep_depth(void)
{
	return debug_locks ? this_cpu_ptr(&held_locks)->depth : 0;
}

static const char *lock_name(const spinlock_t *lock)
{
	return lock->magic == SPINLOCK_MAGIC && lock->name ? lock->name : "(not initialised)";
}

/* The "BUG: spinlock WHAT" report of Linux's spinlock debugging. */
static void spin_bug(const spinlock_t *lock, const char *what, u64 ip)
{
	lockdep_nr_reports++;
	pr_err("BUG: spinlock %s on CPU#%d\n", what, smp_processor_id());
	pr_err(" lock: %s at %p, .magic: %08x, .owner_cpu: %d\n", lock_name(lock),
	       (const void *)lock, lock->magic, lock->owner_cpu);
	if (lock->owner_ip)
		pr_err(" held since %pS (the holder's call site)\n", (void *)lock->owner_ip);
	else
		pr_err(" held by nobody\n");
	pr_err(" offender: %pS\n", (void *)ip);
	dump_stack();
}

bool lockdep_acquire_ok(spinlock_t *lock, u64 ip)
{
	if (lock->magic != SPINLOCK_MAGIC)
		spin_bug(lock, "bad magic", ip); /* go on: its ticket still works */
	if (!spin_is_locked(lock) || lock->owner_cpu != smp_processor_id())
		return true;
	spin_bug(lock, "recursion", ip);
	pr_err(" refused (taking it would spin forever); the next unlock of it is absorbed\n");
	lock->absorbed++;
	return false;
}

/* Record one use of lock's class; report when hardirq and irqs-on uses meet. */
static void lockdep_note_irq_usage(spinlock_t *lock, u64 ip)
{
	struct lock_class_key *key = lock->key ? lock->key : &lock->own_class;
	bool now_in_irq = in_hardirq();

	if (now_in_irq) {
		if (!key->hardirq_ip)
			key->hardirq_ip = ip;
	} else if (!irqs_disabled()) {
		if (!key->irqs_on_ip)
			key->irqs_on_ip = ip;
	}
	if (!key->hardirq_ip || !key->irqs_on_ip || key->reported)
		return;
	key->reported = true;
	lockdep_nr_reports++;
	pr_err("WARNING: inconsistent lock state\n");
	pr_err("inconsistent {%s} -> {%s} usage.\n", now_in_irq ? "HARDIRQ-ON-W" : "IN-HARDIRQ-W",
	       now_in_irq ? "IN-HARDIRQ-W" : "HARDIRQ-ON-W");
	pr_err(" lock: %s at %p (its class: every lock initialised where it was)\n",
	       lock_name(lock), (void *)lock);
	pr_err(" taken in hardirq context at %pS\n", (void *)key->hardirq_ip);
	pr_err(" taken with interrupts enabled at %pS\n", (void *)key->irqs_on_ip);
	pr_err(" possible deadlock: an interrupt on the CPU that holds it, with interrupts on, "
	       "spins forever; take it with spin_lock_irqsave() outside the handler\n");
	dump_stack();
}

void lockdep_acquired(spinlock_t *lock, u64 ip)
{
	struct lockdep_held *held = this_cpu_ptr(&held_locks);

	if (held->depth < LOCKDEP_MAX_HELD)
		held->locks[held->depth] = lock;
	held->depth++;
	lockdep_note_irq_usage(lock, ip);
}

enum lockdep_release lockdep_release_ok(spinlock_t *lock, u64 ip)
{
	if (!spin_is_locked(lock)) {
		spin_bug(lock, "already unlocked", ip);
		pr_err(" refused: the lock is left as it was\n");
		return LOCKDEP_REFUSE;
	}
	if (lock->owner_cpu != smp_processor_id()) {
		spin_bug(lock, "wrong CPU", ip);
		pr_err(" refused: CPU#%d keeps it\n", lock->owner_cpu);
		return LOCKDEP_REFUSE;
	}
	if (lock->absorbed) {
		lock->absorbed--;
		return LOCKDEP_ABSORB;
	}
	return LOCKDEP_RELEASE;
}

void lockdep_released(spinlock_t *lock)
{
	struct lockdep_held *held = this_cpu_ptr(&held_locks);
	unsigned int n = MIN(held->depth, (unsigned int)LOCKDEP_MAX_HELD);

	for (unsigned int i = n; i-- > 0;) {
		if (held->locks[i] != lock)
			continue;
		for (; i + 1 < n; i++)
			held->locks[i] = held->locks[i + 1];
		break;
	}
	if (held->depth)
		held->depth--;
}

void lockdep_report_not_held(const spinlock_t *lock, bool by_this_cpu, u64 ip)
{
	lockdep_nr_reports++;
	pr_err("WARNING: %s: %s is not held%s\n",
	       by_this_cpu ? "lockdep_assert_held" : "assert_spin_locked", lock_name(lock),
	       by_this_cpu && spin_is_locked(lock) ? " by this CPU" : "");
	pr_err(" lock at %p, .owner_cpu: %d; asserted at %pS\n", (const void *)lock,
	       lock->owner_cpu, (void *)ip);
	dump_stack();
}

unsigned int lockdep_check_no_locks_held(const char *where)
{
	struct lockdep_held *held = this_cpu_ptr(&held_locks);
	unsigned int n;

	if (!debug_locks || !held->depth)
		return 0;
	n = MIN(held->depth, (unsigned int)LOCKDEP_MAX_HELD);
	lockdep_nr_reports++;
	pr_err("WARNING: lock held when returning to %s!\n", where);
	pr_err("%u lock(s) held by CPU#%d:\n", held->depth, smp_processor_id());
	for (unsigned int i = 0; i < n; i++)
		pr_err(" #%u: %s at %p, taken at %pS\n", i, lock_name(held->locks[i]),
		       (void *)held->locks[i], (void *)held->locks[i]->owner_ip);
	dump_stack();
	pr_err(" releasing them so %s can go on\n", where);
	while (held->depth && held->depth <= LOCKDEP_MAX_HELD) {
		spinlock_t *lock = held->locks[held->depth - 1];
		unsigned long flags;

		local_irq_save(flags);
		spin_unlock_debug(lock);
		local_irq_restore(flags);
	}
	held->depth = 0;
	return n;
}
