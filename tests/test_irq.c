// SPDX-License-Identifier: MIT
/*
 * Tests of interrupts and time: interrupt flags nest, handlers run in
 * hardirq context, spurious and unexpected vectors are counted and never
 * fatal, and the local APIC timer ticks at HZ against the TSC.
 *
 * Interrupts are raised with self-IPIs through the local APIC, so they
 * take the real path: the APIC delivers, the entry counts, the EOI goes
 * back. After each one the tick must still come, which proves the EOI was
 * sent (an in-service vector left without one blocks every lower vector,
 * the timer's included).
 *
 * Timing under TCG: the TSC and the APIC timer are both calibrated against
 * the PIT (arch/x86_64/i8253.c), to within 0.1% from boot to boot. But
 * QEMU drops periodic ticks it could not deliver in time (an overloaded
 * host), so jiffies may lag the TSC by any amount, and lead it by no more
 * than one tick. So the timer's rate is measured on its count register,
 * which does not depend on delivery, within 10%; and jiffies are checked
 * one-sided: N ticks take at least 90% of N - 1 periods of the TSC.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/irq_vectors.h"
#include "arch/x86_64/irqflags.h"
#include "kernel/irq.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/tsc.h"
#include "lib/errno.h"
#include "lib/string.h"

#define TEST_IRQ 16	   /* a free line, raised only by self-IPI */
#define UNUSED_VECTOR 0x60 /* no handler there */
#define WAIT_LIMIT_MS 5000 /* far above any wait below, even under load */

/* What the test handler saw, each time it ran. */
static struct {
	unsigned int runs;
	bool in_interrupt, in_irq, in_hardirq, irqs_off;
	int irq;
	void *dev_id;
} seen;

static irqreturn_t test_handler(int irq, void *dev_id)
{
	seen.runs++;
	seen.in_interrupt = in_interrupt();
	seen.in_irq = in_irq();
	seen.in_hardirq = in_hardirq();
	seen.irqs_off = irqs_disabled();
	seen.irq = irq;
	seen.dev_id = dev_id;
	/* printk is fine in a handler; KERN_DEBUG: in the log, not on the console */
	printk(KERN_DEBUG "ktest: handler of irq %d ran\n", irq);
	return IRQ_HANDLED;
}

/* free_irq()'s answer, printable. */
static const char *freed_name(const char *name)
{
	return name ? name : "(NULL: not freed)";
}

static void skip_without_timer(struct ktest *t)
{
	if (!apic_enabled() || !apic_timer.running || irqs_disabled())
		ktest_skip(t, "no local APIC timer, or interrupts off");
}

/* Wait until jiffies_64 >= target, at most WAIT_LIMIT_MS of TSC; returns the TSC spent. */
static u64 wait_for_jiffies(u64 target, bool *reached)
{
	u64 t0 = rdtsc(), limit = tsc_khz * WAIT_LIMIT_MS;

	/* Spin, not hlt: if a missing EOI blocked the timer, hlt would never wake. */
	while (jiffies_64 < target && rdtsc() - t0 < limit)
		cpu_relax();
	*reached = jiffies_64 >= target;
	return rdtsc() - t0;
}

/* The tick still comes: every vector below the timer's is unblocked. */
static void expect_timer_alive(struct ktest *t)
{
	bool reached;

	wait_for_jiffies(jiffies_64 + 2, &reached);
	KTEST_EXPECT_TRUE(t, reached);
}

static void irq_save_restore_nests(struct ktest *t)
{
	unsigned long outer, inner, flags;

	local_irq_save(flags); /* the case starts from a known state: off */
	local_irq_enable();
	KTEST_EXPECT_FALSE(t, irqs_disabled());
	local_irq_save(outer);
	KTEST_EXPECT_TRUE(t, irqs_disabled());
	KTEST_EXPECT_FALSE(t, irqs_disabled_flags(outer));
	local_irq_save(inner);
	KTEST_EXPECT_TRUE(t, irqs_disabled_flags(inner));
	local_irq_restore(inner); /* the inner restore must not turn them on */
	KTEST_EXPECT_TRUE(t, irqs_disabled());
	local_irq_restore(outer);
	KTEST_EXPECT_FALSE(t, irqs_disabled());
	local_irq_restore(flags);
	KTEST_EXPECT_EQ(t, irqs_disabled(), irqs_disabled_flags(flags));
	KTEST_EXPECT_TRUE(t, in_task());
	KTEST_EXPECT_EQ(t, preempt_count(), 0);
}

static void handler_runs_in_hardirq(struct ktest *t)
{
	static int dev;
	u64 count, mark = ktest_log_mark();
	int err;

	skip_without_timer(t);
	seen.runs = 0;
	err = request_irq(TEST_IRQ, test_handler, 0, "ktest", &dev);
	KTEST_ASSERT_EQ(t, err, 0);
	count = kstat_irqs(TEST_IRQ);
	apic_send_self_ipi(ISA_IRQ_VECTOR(TEST_IRQ));
	expect_timer_alive(t);
	KTEST_EXPECT_EQ(t, seen.runs, 1);
	KTEST_EXPECT_TRUE(t, seen.in_interrupt);
	KTEST_EXPECT_TRUE(t, seen.in_irq);
	KTEST_EXPECT_TRUE(t, seen.in_hardirq);
	KTEST_EXPECT_TRUE(t, seen.irqs_off);
	KTEST_EXPECT_EQ(t, seen.irq, TEST_IRQ);
	KTEST_EXPECT_EQ(t, (u64)seen.dev_id, (u64)&dev);
	KTEST_EXPECT_EQ(t, kstat_irqs(TEST_IRQ), count + 1);
	KTEST_EXPECT_LOG(t, mark, "ktest: handler of irq 16 ran");
	KTEST_EXPECT_FALSE(t, in_interrupt()); /* back in task context */
	KTEST_EXPECT_EQ(t, preempt_count(), 0);
	KTEST_EXPECT_STREQ(t, freed_name(free_irq(TEST_IRQ, &dev)), "ktest");
}

static void request_irq_refuses_misuse(struct ktest *t)
{
	static int dev, other;
	u64 mark = ktest_log_mark();

	KTEST_EXPECT_EQ(t, request_irq(NR_IRQS, test_handler, 0, "ktest", &dev), -EINVAL);
	KTEST_EXPECT_EQ(t, request_irq(TEST_IRQ, NULL, 0, "ktest", &dev), -EINVAL);
	KTEST_EXPECT_EQ(t, request_irq(TEST_IRQ, test_handler, 1, "ktest", &dev), -EINVAL);
	KTEST_ASSERT_EQ(t, request_irq(TEST_IRQ, test_handler, 0, "ktest", &dev), 0);
	KTEST_EXPECT_EQ(t, request_irq(TEST_IRQ, test_handler, 0, "ktest2", &other), -EBUSY);
	KTEST_EXPECT_NULL(t, free_irq(TEST_IRQ, &other)); /* not the owner: refused */
	KTEST_EXPECT_LOG(t, mark, "free_irq: irq 16 is not requested by dev_id");
	KTEST_EXPECT_STREQ(t, freed_name(free_irq(TEST_IRQ, &dev)), "ktest");
	KTEST_EXPECT_NULL(t, free_irq(TEST_IRQ, &dev)); /* twice */
	KTEST_EXPECT_NULL(t, irq_to_desc(TEST_IRQ)->handler);
}

static void raise_invalid_opcode(void *arg)
{
	(void)arg;
	__asm__ volatile("ud2");
}

/*
 * catch_fault() leaves the fault handler by a longjmp, and the exception's
 * interrupt gate had cleared IF: it must put IF back as it found it.
 */
static void caught_fault_keeps_irq_state(struct ktest *t)
{
	struct fault_info info;
	unsigned long flags;

	local_irq_save(flags);
	local_irq_enable();
	KTEST_EXPECT_TRUE(t, catch_fault(raise_invalid_opcode, NULL, &info));
	KTEST_EXPECT_EQ(t, info.vector, 6);
	KTEST_EXPECT_FALSE(t, irqs_disabled());
	local_irq_disable();
	KTEST_EXPECT_TRUE(t, catch_fault(raise_invalid_opcode, NULL, &info));
	KTEST_EXPECT_TRUE(t, irqs_disabled());
	local_irq_restore(flags);
}

/* A self-IPI on the APIC's spurious vector: counted, EOI'd, not fatal. */
static void spurious_vector_counted(struct ktest *t)
{
	u64 before = this_cpu_read(irq_stat.irq_spurious_count);

	skip_without_timer(t);
	apic_send_self_ipi(SPURIOUS_APIC_VECTOR);
	expect_timer_alive(t);
	KTEST_EXPECT_EQ(t, this_cpu_read(irq_stat.irq_spurious_count), before + 1);
}

/* A vector nobody handles, and a line after free_irq(): unexpected, counted. */
static void unexpected_vector_counted(struct ktest *t)
{
	static int dev;
	u64 total = this_cpu_read(irq_stat.irq_unexpected_count);
	u64 on_vector = irq_unexpected_on_vector(UNUSED_VECTOR);
	u64 on_line = irq_unexpected_on_vector(ISA_IRQ_VECTOR(TEST_IRQ));

	skip_without_timer(t);
	apic_send_self_ipi(UNUSED_VECTOR);
	expect_timer_alive(t);
	KTEST_EXPECT_EQ(t, irq_unexpected_on_vector(UNUSED_VECTOR), on_vector + 1);
	KTEST_EXPECT_EQ(t, this_cpu_read(irq_stat.irq_unexpected_count), total + 1);

	KTEST_ASSERT_EQ(t, request_irq(TEST_IRQ, test_handler, 0, "ktest", &dev), 0);
	free_irq(TEST_IRQ, &dev);
	apic_send_self_ipi(ISA_IRQ_VECTOR(TEST_IRQ));
	expect_timer_alive(t);
	KTEST_EXPECT_EQ(t, irq_unexpected_on_vector(ISA_IRQ_VECTOR(TEST_IRQ)), on_line + 1);
}

/*
 * Read the timer's count with the TSC around it: *tsc is the midpoint.
 * False if the read took over 50 us (the host ran something else meanwhile).
 */
static bool timer_sample(u32 *count, u64 *tsc)
{
	u64 before = rdtsc();

	*count = apic_timer_current_count();
	*tsc = rdtsc();
	if (*tsc - before > tsc_khz / 20)
		return false;
	*tsc = before + (*tsc - before) / 2;
	return true;
}

/*
 * The timer's count falls at the calibrated rate: over a TSC-timed wait of
 * most of a period, by wait * apic_khz, within 10%. A try is dropped if a
 * read was slow or the count may have wrapped twice (the TSC says so).
 */
static void timer_counts_at_calibrated_rate(struct ktest *t)
{
	u64 period = tsc_khz * 1000 / HZ;

	skip_without_timer(t);
	/* The period is 1/HZ s of the calibrated rate (rounding: 0.1%). */
	KTEST_EXPECT_LE(t, (u64)apic_timer.count_per_hz * HZ, apic_timer.apic_khz * 1000);
	KTEST_EXPECT_GE(t, (u64)apic_timer.count_per_hz * HZ * 1001 / 1000,
			apic_timer.apic_khz * 1000);
	for (int tries = 0; tries < 50; tries++) {
		unsigned long flags;
		bool good;
		u32 c0, c1;
		u64 t0, t1, fell, expect;

		local_irq_save(flags);
		good = timer_sample(&c0, &t0);
		while (rdtsc() - t0 < period * 3 / 4)
			cpu_relax();
		good = timer_sample(&c1, &t1) && good;
		local_irq_restore(flags);
		if (!good || t1 - t0 >= period * 9 / 10)
			continue;
		fell = c1 <= c0 ? c0 - c1 : c0 + (apic_timer.count_per_hz - c1);
		expect = (t1 - t0) * apic_timer.apic_khz / tsc_khz;
		/*
		 * A host that stops the vCPU between a sample's two reads
		 * skews one try: the case passes on the first try within
		 * 10%, and fails only if no try of 50 is.
		 */
		if (fell * 10 >= expect * 9 && fell * 10 <= expect * 11)
			return;
		pr_info("ktest: try %d: the count fell by %llu, the TSC expects %llu\n", tries,
			(unsigned long long)fell, (unsigned long long)expect);
	}
	ktest_fail(t, false, __FILE__, __LINE__,
		   "no try of 50 saw the count fall at the calibrated rate (within 10%%)");
}

/*
 * jiffies never run ahead of the TSC: N ticks take at least (N - 1)
 * periods, less 10%. (They may take much longer: see the top.) A host
 * that holds the vCPU back can make QEMU deliver late ticks in a burst,
 * which looks like a lead; so each of up to 5 tries starts on a fresh tick
 * edge, and the case fails only if every try ran ahead. A timer that
 * really ticks fast (a wrong divider, two increments per tick) runs ahead
 * in every try. And the ticks do come: N ticks within WAIT_LIMIT_MS.
 */
static void jiffies_tick_at_hz(struct ktest *t)
{
	const u64 n = 25; /* 100 ms at HZ=250 */
	u64 start, spent = 0, period = tsc_khz * 1000 / HZ;
	bool reached;

	skip_without_timer(t);
	for (int tries = 0; tries < 5; tries++) {
		wait_for_jiffies(jiffies_64 + 1, &reached); /* start on a tick edge */
		KTEST_ASSERT_TRUE(t, reached);
		start = jiffies_64;
		spent = wait_for_jiffies(start + n, &reached);
		KTEST_ASSERT_TRUE(t, reached);
		if (spent * 10 >= (n - 1) * period * 9)
			break;
		pr_info("ktest: try %d: %llu ticks took %llu TSC cycles, less than 90%% of %llu\n",
			tries, (unsigned long long)n, (unsigned long long)spent,
			(unsigned long long)((n - 1) * period));
	}
	KTEST_EXPECT_GE(t, spent * 10, (n - 1) * period * 9);
	KTEST_EXPECT_EQ(t, jiffies, (unsigned long)jiffies_64); /* the linker alias */
	KTEST_EXPECT_TRUE(t, time_after(jiffies + 1, jiffies));
	KTEST_EXPECT_GT(t, this_cpu_read(irq_stat.apic_timer_irqs), 0);
}

static const struct ktest_case irq_cases[] = {
	KTEST_CASE(irq_save_restore_nests),	     KTEST_CASE(handler_runs_in_hardirq),
	KTEST_CASE(request_irq_refuses_misuse),	     KTEST_CASE(caught_fault_keeps_irq_state),
	KTEST_CASE(spurious_vector_counted),	     KTEST_CASE(unexpected_vector_counted),
	KTEST_CASE(timer_counts_at_calibrated_rate), KTEST_CASE(jiffies_tick_at_hz),
};

KTEST_SUITE(irq_suite, "irq", irq_cases);
