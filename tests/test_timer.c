// SPDX-License-Identifier: MIT
/*
 * Tests of kernel/timer.c: a timer runs once, on the CPU it was queued on,
 * in that CPU's tick (hardirq context, interrupts off), not before its
 * expiry; mod_timer() and del_timer() say whether it was pending;
 * del_timer_sync() stops a timer that re-arms itself, on every CPU.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irqflags.h"
#include "kernel/cpumask.h"
#include "kernel/preempt.h"
#include "kernel/smp.h"
#include "kernel/time.h"
#include "kernel/timer.h"

#define WAIT_JIFFIES (HZ / 2) /* far above one tick */

/* What a test timer saw when it ran. */
struct seen_timer {
	struct timer_list timer;
	int runs;	    /* times it ran */
	int cpu;	    /* where it last ran */
	bool hardirq;	    /* in_hardirq() there */
	bool irqs_off;	    /* irqs_disabled() there */
	unsigned long when; /* jiffies when it last ran */
	bool rearm;	    /* re-arm itself for the next tick */
};

static void seen_timer_fn(struct timer_list *t)
{
	struct seen_timer *s = from_timer(s, t, timer);

	s->cpu = smp_processor_id();
	s->hardirq = in_hardirq();
	s->irqs_off = irqs_disabled();
	s->when = jiffies;
	__atomic_fetch_add(&s->runs, 1, __ATOMIC_RELEASE);
	if (s->rearm)
		mod_timer(t, jiffies + 1);
}

static int seen_runs(struct seen_timer *s)
{
	return __atomic_load_n(&s->runs, __ATOMIC_ACQUIRE);
}

/* Wait (with interrupts on) until s has run want times or `ticks` jiffies pass. */
/* Timers run from the tick: without the local APIC timer (a boot too small to map it) none runs. */
static void skip_without_tick(struct ktest *t)
{
	if (!apic_enabled() || !apic_timer.running || irqs_disabled())
		ktest_skip(t, "no local APIC timer, or interrupts off");
}

static bool wait_runs(struct seen_timer *s, int want, unsigned long ticks)
{
	unsigned long end = jiffies + ticks;

	while (seen_runs(s) < want && time_before(jiffies, end))
		cpu_relax();
	return seen_runs(s) >= want;
}

static void seen_timer_init(struct seen_timer *s, bool rearm)
{
	*s = (struct seen_timer){.cpu = -1, .rearm = rearm};
	timer_setup(&s->timer, seen_timer_fn, 0);
}

/* On each online CPU: runs once, there, in its tick, not before its expiry. */
static void timer_runs_on_its_cpu_in_hardirq(struct ktest *t)
{
	static struct seen_timer s;
	unsigned int cpu;

	skip_without_tick(t);
	for_each_online_cpu (cpu) {
		seen_timer_init(&s, false);
		s.timer.expires = jiffies + 2;
		add_timer_on(&s.timer, (int)cpu);
		KTEST_EXPECT_TRUE(t, timer_pending(&s.timer));
		KTEST_ASSERT_TRUE(t, wait_runs(&s, 1, WAIT_JIFFIES));
		KTEST_EXPECT_EQ(t, s.cpu, (int)cpu);
		KTEST_EXPECT_TRUE(t, s.hardirq);
		KTEST_EXPECT_TRUE(t, s.irqs_off);
		KTEST_EXPECT_TRUE(t, time_after_eq(s.when, s.timer.expires));
		KTEST_EXPECT_FALSE(t, timer_pending(&s.timer));
		wait_runs(&s, 2, 3); /* a few ticks more: it must not run again */
		KTEST_EXPECT_EQ(t, seen_runs(&s), 1);
	}
}

/* mod_timer() and del_timer() say whether the timer was pending; a deleted one never runs. */
static void del_timer_cancels_and_mod_timer_reports(struct ktest *t)
{
	static struct seen_timer s;

	skip_without_tick(t);
	seen_timer_init(&s, false);
	KTEST_EXPECT_EQ(t, del_timer(&s.timer), 0);
	KTEST_EXPECT_EQ(t, mod_timer(&s.timer, jiffies + 3), 0);
	KTEST_EXPECT_EQ(t, mod_timer(&s.timer, jiffies + 3), 1);
	KTEST_EXPECT_EQ(t, del_timer(&s.timer), 1);
	KTEST_EXPECT_FALSE(t, timer_pending(&s.timer));
	KTEST_EXPECT_FALSE(t, wait_runs(&s, 1, 6));
}

/* A timer that re-arms itself every tick stops for good at del_timer_sync(), on each CPU. */
static void del_timer_sync_stops_a_rearming_timer(struct ktest *t)
{
	static struct seen_timer s;
	unsigned int cpu;

	skip_without_tick(t);
	for_each_online_cpu (cpu) {
		int runs;

		seen_timer_init(&s, true);
		s.timer.expires = jiffies + 1;
		add_timer_on(&s.timer, (int)cpu);
		KTEST_ASSERT_TRUE(t, wait_runs(&s, 3, WAIT_JIFFIES));
		del_timer_sync(&s.timer);
		KTEST_EXPECT_FALSE(t, timer_pending(&s.timer));
		runs = seen_runs(&s);
		KTEST_EXPECT_FALSE(t, wait_runs(&s, runs + 1, 4));
		KTEST_EXPECT_EQ(t, s.cpu, (int)cpu);
	}
}

static const struct ktest_case timer_cases[] = {
	KTEST_CASE(timer_runs_on_its_cpu_in_hardirq),
	KTEST_CASE(del_timer_cancels_and_mod_timer_reports),
	KTEST_CASE(del_timer_sync_stops_a_rearming_timer),
};

KTEST_SUITE(timer_suite, "timer", timer_cases);
