// SPDX-License-Identifier: MIT
/*
 * Tests of spinlock_t: the ticket arithmetic (draw, serve, trylock,
 * contention, wrap at 65536), the preempt_count and interrupt-flag
 * nesting of each form, and each lockdebug=1 detector, which reports
 * without panicking so a case can check the report and go on. The cases
 * turn lock debugging on themselves and put it back as it was; each uses a
 * lock of its own, so no allocator lock is ever misused. Each records the
 * reports it provoked (t->lockdep_expected): any other fails the case.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq_vectors.h"
#include "arch/x86_64/irqflags.h"
#include "kernel/irq.h"
#include "kernel/lockdep.h"
#include "kernel/preempt.h"
#include "kernel/spinlock.h"
#include "kernel/tsc.h"
#include "mm/gfp.h"
#include "mm/slab.h"

#define TEST_IRQ 18 /* a free line, raised only by self-IPI */

static spinlock_t test_lock;
static struct lock_class_key test_key;

static void restore_debug_locks(void *was)
{
	debug_locks = was != NULL;
}

/* A fresh lock of a fresh class, and lock debugging as the case needs it. */
static void fresh_lock(struct ktest *t, bool debug)
{
	test_key = (struct lock_class_key){0};
	__spin_lock_init(&test_lock, "test_lock", &test_key);
	ktest_defer(t, restore_debug_locks, debug_locks ? (void *)1 : NULL);
	debug_locks = debug;
}

static u16 head(void)
{
	return test_lock.raw_lock.tickets.head;
}

static u16 tail(void)
{
	return test_lock.raw_lock.tickets.tail;
}

static void ticket_arithmetic(struct ktest *t)
{
	unsigned int count = preempt_count();

	fresh_lock(t, false);
	KTEST_EXPECT_EQ(t, head(), 0);
	KTEST_EXPECT_EQ(t, tail(), 0);
	KTEST_EXPECT_FALSE(t, spin_is_locked(&test_lock));
	spin_lock(&test_lock); /* draws ticket 0, served at once */
	KTEST_EXPECT_EQ(t, tail(), 1);
	KTEST_EXPECT_EQ(t, head(), 0);
	KTEST_EXPECT_TRUE(t, spin_is_locked(&test_lock));
	KTEST_EXPECT_FALSE(t, spin_is_contended(&test_lock));
	KTEST_EXPECT_EQ(t, preempt_count(), count + 1);
	KTEST_EXPECT_TRUE(t, in_atomic());
	KTEST_EXPECT_EQ(t, spin_trylock(&test_lock), 0); /* held: nothing changes */
	KTEST_EXPECT_EQ(t, tail(), 1);
	KTEST_EXPECT_EQ(t, preempt_count(), count + 1);
	test_lock.raw_lock.tickets.tail++; /* a waiter's ticket, as another CPU would draw */
	KTEST_EXPECT_TRUE(t, spin_is_contended(&test_lock));
	test_lock.raw_lock.tickets.tail--;
	spin_unlock(&test_lock); /* serves ticket 1 */
	KTEST_EXPECT_EQ(t, head(), 1);
	KTEST_EXPECT_FALSE(t, spin_is_locked(&test_lock));
	KTEST_EXPECT_EQ(t, preempt_count(), count);
	KTEST_EXPECT_EQ(t, spin_trylock(&test_lock), 1);
	KTEST_EXPECT_EQ(t, tail(), 2);
	KTEST_EXPECT_EQ(t, preempt_count(), count + 1);
	spin_unlock(&test_lock);
	KTEST_EXPECT_EQ(t, head(), 2);
}

/* The counters wrap together: the lock works across 65535 -> 0. */
static void ticket_wraps(struct ktest *t)
{
	fresh_lock(t, false);
	test_lock.raw_lock.tickets.head = 0xffff;
	test_lock.raw_lock.tickets.tail = 0xffff;
	spin_lock(&test_lock);
	KTEST_EXPECT_EQ(t, tail(), 0);
	KTEST_EXPECT_TRUE(t, spin_is_locked(&test_lock));
	spin_unlock(&test_lock);
	KTEST_EXPECT_EQ(t, head(), 0);
	KTEST_EXPECT_FALSE(t, spin_is_locked(&test_lock));
}

static void irq_forms_nest(struct ktest *t)
{
	spinlock_t inner;
	unsigned long was, outer_flags, inner_flags;

	fresh_lock(t, false);
	spin_lock_init(&inner);
	local_irq_save(was);
	local_irq_enable();
	spin_lock_irqsave(&test_lock, outer_flags);
	KTEST_EXPECT_TRUE(t, irqs_disabled());
	spin_lock_irqsave(&inner, inner_flags);
	spin_unlock_irqrestore(&inner, inner_flags);
	KTEST_EXPECT_TRUE(t, irqs_disabled()); /* the inner restore keeps them off */
	spin_unlock_irqrestore(&test_lock, outer_flags);
	KTEST_EXPECT_FALSE(t, irqs_disabled());
	spin_lock_irq(&test_lock);
	KTEST_EXPECT_TRUE(t, irqs_disabled());
	spin_unlock_irq(&test_lock);
	KTEST_EXPECT_FALSE(t, irqs_disabled());
	local_irq_restore(was);
	KTEST_EXPECT_EQ(t, preempt_count(), 0);
}

static void lockdebug_recursion_refused(struct ktest *t)
{
	unsigned long reports;
	u64 mark = ktest_log_mark();

	fresh_lock(t, true);
	spin_lock(&test_lock);
	reports = lockdep_nr_reports;
	spin_lock(&test_lock); /* would spin forever: refused */
	KTEST_EXPECT_EQ(t, lockdep_nr_reports, reports + 1);
	KTEST_EXPECT_LOG(t, mark, "BUG: spinlock recursion on CPU#0");
	KTEST_EXPECT_LOG(t, mark, " lock: test_lock at");
	KTEST_EXPECT_LOG(t, mark, "held since lockdebug_recursion_refused+");
	KTEST_EXPECT_EQ(t, tail(), 1); /* no second ticket drawn */
	spin_unlock(&test_lock);       /* the absorbed one */
	KTEST_EXPECT_TRUE(t, spin_is_locked(&test_lock));
	spin_unlock(&test_lock);
	KTEST_EXPECT_FALSE(t, spin_is_locked(&test_lock));
	KTEST_EXPECT_EQ(t, lockdep_nr_reports, reports + 1);
	KTEST_EXPECT_EQ(t, preempt_count(), 0);
	t->lockdep_expected = 1;
}

static void lockdebug_bad_unlocks_refused(struct ktest *t)
{
	unsigned long reports = lockdep_nr_reports;
	u64 mark = ktest_log_mark();

	fresh_lock(t, true);
	spin_unlock(&test_lock);
	KTEST_EXPECT_LOG(t, mark, "BUG: spinlock already unlocked on CPU#0");
	KTEST_EXPECT_EQ(t, head(), 0); /* the ticket is untouched */
	spin_lock(&test_lock);
	test_lock.owner_cpu = 1; /* held by "CPU 1", written in: CPU 1 need not be online */
	spin_unlock(&test_lock);
	KTEST_EXPECT_LOG(t, mark, "BUG: spinlock wrong CPU on CPU#0");
	KTEST_EXPECT_LOG(t, mark, "refused: CPU#1 keeps it");
	KTEST_EXPECT_TRUE(t, spin_is_locked(&test_lock));
	test_lock.owner_cpu = 0;
	spin_unlock(&test_lock);
	KTEST_EXPECT_FALSE(t, spin_is_locked(&test_lock));
	KTEST_EXPECT_EQ(t, lockdep_nr_reports, reports + 2);
	KTEST_EXPECT_EQ(t, preempt_count(), 0);
	t->lockdep_expected = 2;
}

static void lockdebug_asserts_report(struct ktest *t)
{
	unsigned long reports = lockdep_nr_reports;
	u64 mark = ktest_log_mark();

	fresh_lock(t, true);
	lockdep_assert_held(&test_lock);
	KTEST_EXPECT_LOG(t, mark, "WARNING: lockdep_assert_held: test_lock is not held");
	assert_spin_locked(&test_lock);
	KTEST_EXPECT_EQ(t, lockdep_nr_reports, reports + 2);
	spin_lock(&test_lock);
	lockdep_assert_held(&test_lock);
	assert_spin_locked(&test_lock);
	spin_unlock(&test_lock);
	KTEST_EXPECT_EQ(t, lockdep_nr_reports, reports + 2);
	t->lockdep_expected = 2;
}

static void lockdebug_held_locks_released(struct ktest *t)
{
	unsigned long reports = lockdep_nr_reports;
	u64 mark = ktest_log_mark();

	fresh_lock(t, true);
	KTEST_EXPECT_EQ(t, lockdep_check_no_locks_held("the test"), 0);
	spin_lock(&test_lock);
	KTEST_EXPECT_EQ(t, lockdep_depth(), 1);
	KTEST_EXPECT_EQ(t, lockdep_check_no_locks_held("the test"), 1);
	KTEST_EXPECT_LOG(t, mark, "WARNING: lock held when returning to the test!");
	KTEST_EXPECT_LOG(t, mark, "#0: test_lock at");
	KTEST_EXPECT_FALSE(t, spin_is_locked(&test_lock)); /* released */
	KTEST_EXPECT_EQ(t, lockdep_depth(), 0);
	KTEST_EXPECT_EQ(t, preempt_count(), 0);
	KTEST_EXPECT_EQ(t, lockdep_nr_reports, reports + 1);
	t->lockdep_expected = 1;
}

static volatile unsigned int handler_runs;

static irqreturn_t lock_in_handler(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	spin_lock(&test_lock);
	handler_runs++;
	spin_unlock(&test_lock);
	return IRQ_HANDLED;
}

static void free_test_irq(void *dev_id)
{
	free_irq(TEST_IRQ, dev_id);
}

/* Raise TEST_IRQ and wait (a bounded spin) for its handler. */
static bool raise_and_wait(void)
{
	unsigned int before = handler_runs;
	u64 t0 = rdtsc();

	apic_send_self_ipi(ISA_IRQ_VECTOR(TEST_IRQ));
	while (handler_runs == before && rdtsc() - t0 < tsc_khz * 1000)
		cpu_relax();
	return handler_runs != before;
}

/*
 * The irq-safety rule: taking the lock in a handler and with interrupts
 * disabled elsewhere is fine; with interrupts enabled it is reported, once.
 */
static void lockdebug_irq_unsafe_class(struct ktest *t)
{
	static int dev;
	unsigned long reports, flags;
	u64 mark = ktest_log_mark();

	if (!apic_enabled() || irqs_disabled())
		ktest_skip(t, "no local APIC, or interrupts off");
	fresh_lock(t, true);
	KTEST_ASSERT_EQ(t, request_irq(TEST_IRQ, lock_in_handler, 0, "ktest-lock", &dev), 0);
	ktest_defer(t, free_test_irq, &dev);
	reports = lockdep_nr_reports;
	KTEST_ASSERT_TRUE(t, raise_and_wait());
	spin_lock_irqsave(&test_lock, flags); /* irq-safe use: no report */
	spin_unlock_irqrestore(&test_lock, flags);
	KTEST_EXPECT_EQ(t, lockdep_nr_reports, reports);
	KTEST_EXPECT_NE(t, test_key.hardirq_ip, 0);
	spin_lock(&test_lock); /* interrupts on: the handler could deadlock us */
	spin_unlock(&test_lock);
	KTEST_EXPECT_EQ(t, lockdep_nr_reports, reports + 1);
	KTEST_EXPECT_LOG(t, mark, "WARNING: inconsistent lock state");
	KTEST_EXPECT_LOG(t, mark, "inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage.");
	KTEST_EXPECT_LOG(t, mark, "taken in hardirq context at lock_in_handler+");
	KTEST_EXPECT_LOG(t, mark, "taken with interrupts enabled at lockdebug_irq_unsafe_class+");
	t->lockdep_expected = 1;
	KTEST_ASSERT_TRUE(t, raise_and_wait()); /* once per class */
	KTEST_EXPECT_EQ(t, lockdep_nr_reports, reports + 1);
}

/* What the allocating handler got, each a pointer or NULL. */
static struct {
	void *obj;
	struct page *page;
} handler_got;

static irqreturn_t allocate_in_handler(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	handler_got.obj = kmalloc(64, GFP_ATOMIC);
	handler_got.page = alloc_pages(GFP_ATOMIC, 0);
	kfree(handler_got.obj);
	if (handler_got.page)
		__free_pages(handler_got.page, 0);
	handler_runs++;
	return IRQ_HANDLED;
}

/*
 * GFP_ATOMIC from a real interrupt handler, between task-context uses of
 * the same caches and zones: zone->lock and the list_lock are irq-safe, so
 * lockdebug has nothing to report (the framework fails the case if it does).
 */
static void allocators_from_hardirq(struct ktest *t)
{
	static int dev;
	void *task_obj;

	if (!apic_enabled() || irqs_disabled())
		ktest_skip(t, "no local APIC, or interrupts off");
	fresh_lock(t, true);
	handler_got.obj = NULL;
	handler_got.page = NULL;
	KTEST_ASSERT_EQ(t, request_irq(TEST_IRQ, allocate_in_handler, 0, "ktest-alloc", &dev), 0);
	ktest_defer(t, free_test_irq, &dev);
	task_obj = ktest_kmalloc(t, 64, GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, raise_and_wait());
	KTEST_EXPECT_NOT_NULL(t, handler_got.obj);
	KTEST_EXPECT_NOT_NULL(t, handler_got.page);
	KTEST_EXPECT_NE(t, (u64)handler_got.obj, (u64)task_obj);
	KTEST_EXPECT_FALSE(t, in_interrupt());
}

static const struct ktest_case spinlock_cases[] = {
	KTEST_CASE(ticket_arithmetic),
	KTEST_CASE(ticket_wraps),
	KTEST_CASE(irq_forms_nest),
	KTEST_CASE(lockdebug_recursion_refused),
	KTEST_CASE(lockdebug_bad_unlocks_refused),
	KTEST_CASE(lockdebug_asserts_report),
	KTEST_CASE(lockdebug_held_locks_released),
	KTEST_CASE(lockdebug_irq_unsafe_class),
	KTEST_CASE(allocators_from_hardirq),
};

KTEST_SUITE(spinlock_suite, "spinlock", spinlock_cases);
