// SPDX-License-Identifier: MIT
/*
 * Tests of SMP: every online CPU answers function-call IPIs, waiting and
 * not, in its own interrupt context; a call to a CPU that is not online is
 * refused; and a kernel TLB shootdown reaches every CPU: a vmalloc page
 * read on every CPU (so each caches its translation), then vfree()d, must
 * fault on every CPU. The remote reads run under catch_fault() on the CPU
 * that reads (catch_fault is per CPU), and each CPU writes only its own
 * slot of the result arrays.
 *
 * With one CPU online the calls run locally and the shootdown cases skip:
 * make test boots -smp 2 and -smp 4 to run them for real.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/irqflags.h"
#include "arch/x86_64/traps.h"
#include "kernel/cpumask.h"
#include "kernel/preempt.h"
#include "kernel/smp.h"
#include "kernel/tsc.h"
#include "lib/errno.h"
#include "mm/vmalloc.h"

#define WAIT_LIMIT_MS 5000 /* for calls without wait: far above any IPI's latency */
#define MAGIC 0x5a5a1234abcdULL

/* What one CPU saw when it ran a call. */
struct call_seen {
	int ran;      /* times it ran */
	int cpu;      /* smp_processor_id() there */
	bool hardirq; /* in_hardirq() */
	bool irqs_off;
};

static struct call_seen seen[NR_CPUS];

static void record_call(void *info)
{
	struct call_seen *s = &seen[smp_processor_id()];

	(void)info;
	s->cpu = smp_processor_id();
	s->hardirq = in_hardirq();
	s->irqs_off = irqs_disabled();
	__atomic_fetch_add(&s->ran, 1, __ATOMIC_RELEASE);
}

static void seen_reset(void)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		seen[cpu] = (struct call_seen){.cpu = -1};
}

static int seen_ran(unsigned int cpu)
{
	return __atomic_load_n(&seen[cpu].ran, __ATOMIC_ACQUIRE);
}

/* Wait (by the TSC) until cpu has run want calls; false at the limit. */
static bool wait_for_runs(unsigned int cpu, int want)
{
	u64 start = tsc_since_boot();

	while (seen_ran(cpu) < want)
		if (tsc_to_us(tsc_since_boot() - start) > WAIT_LIMIT_MS * 1000ULL)
			return false;
	return true;
}

static u64 tlb_shootdowns(unsigned int cpu)
{
	return per_cpu(irq_stat, cpu).irq_tlb_count;
}

static u64 call_irqs(unsigned int cpu)
{
	return per_cpu(irq_stat, cpu).irq_call_count;
}

static void skip_with_one_cpu(struct ktest *t)
{
	if (num_online_cpus() < 2)
		ktest_skip(t, "one CPU online (boot with -smp 2 or more)");
}

/* Each online CPU runs the function, in hardirq context unless it is this CPU. */
static void call_single_waits_on_every_cpu(struct ktest *t)
{
	unsigned int cpu, self = (unsigned int)smp_processor_id();

	seen_reset();
	for_each_online_cpu(cpu)
	{
		u64 cal = call_irqs(cpu);

		KTEST_ASSERT_EQ(t, smp_call_function_single((int)cpu, record_call, NULL, 1), 0);
		/* wait: it has run by now, no polling */
		KTEST_EXPECT_EQ(t, seen_ran(cpu), 1);
		KTEST_EXPECT_EQ(t, seen[cpu].cpu, (int)cpu);
		KTEST_EXPECT_TRUE(t, seen[cpu].irqs_off);
		KTEST_EXPECT_EQ(t, seen[cpu].hardirq, cpu != self);
		KTEST_EXPECT_EQ(t, call_irqs(cpu), cal + (cpu != self));
	}
}

/* Without wait the call returns at once; each CPU still runs it, once. */
static void call_single_nowait_runs_later(struct ktest *t)
{
	unsigned int cpu;

	seen_reset();
	for_each_online_cpu(cpu)
		KTEST_ASSERT_EQ(t, smp_call_function_single((int)cpu, record_call, NULL, 0), 0);
	for_each_online_cpu(cpu)
	{
		KTEST_EXPECT_TRUE(t, wait_for_runs(cpu, 1));
		KTEST_EXPECT_EQ(t, seen[cpu].cpu, (int)cpu);
	}
	for_each_online_cpu(cpu) KTEST_EXPECT_EQ(t, seen_ran(cpu), 1);
}

/* on_each_cpu reaches exactly the online CPUs, waiting and not. */
static void on_each_cpu_reaches_online_cpus(struct ktest *t)
{
	for (int wait = 1; wait >= 0; wait--) {
		seen_reset();
		on_each_cpu(record_call, NULL, wait);
		for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
			if (!cpu_online(cpu)) {
				KTEST_EXPECT_EQ(t, seen_ran(cpu), 0);
				continue;
			}
			if (!wait)
				KTEST_EXPECT_TRUE(t, wait_for_runs(cpu, 1));
			KTEST_EXPECT_EQ(t, seen_ran(cpu), 1);
		}
	}
}

/* smp_call_function_many leaves out the caller, as Linux's. */
static void call_many_leaves_out_caller(struct ktest *t)
{
	unsigned int cpu, self = (unsigned int)smp_processor_id();

	seen_reset();
	smp_call_function_many(cpu_online_mask, record_call, NULL, true);
	for_each_online_cpu(cpu) KTEST_EXPECT_EQ(t, seen_ran(cpu), cpu != self);
}

/* A CPU that is not online (or no CPU at all) is refused with -ENXIO. */
static void call_to_offline_cpu_refused(struct ktest *t)
{
	unsigned int cpu = cpumask_next_from(0, cpu_online_mask);

	while (cpu < NR_CPUS && cpu_online(cpu))
		cpu++;
	seen_reset();
	KTEST_EXPECT_EQ(t, smp_call_function_single(-1, record_call, NULL, 1), -ENXIO);
	if (cpu < NR_CPUS)
		KTEST_EXPECT_EQ(t, smp_call_function_single((int)cpu, record_call, NULL, 1),
				-ENXIO);
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		KTEST_EXPECT_EQ(t, seen_ran(cpu), 0);
}

/* One CPU's read of the test page, under catch_fault on that CPU. */
struct remote_read {
	volatile u64 *addr;
	u64 value[NR_CPUS];
	bool faulted[NR_CPUS];
	u64 fault_addr[NR_CPUS];
};

static void read_word(void *arg)
{
	struct remote_read *r = arg;

	r->value[smp_processor_id()] = *r->addr;
}

static void read_on_this_cpu(void *arg)
{
	struct remote_read *r = arg;
	struct fault_info info = {0};
	int cpu = smp_processor_id();

	r->faulted[cpu] = catch_fault(read_word, r, &info);
	r->fault_addr[cpu] = info.addr;
}

/*
 * Map a page, read it on every CPU (each now caches the translation),
 * vfree it (unmap + flush_tlb_kernel_range), read again: every CPU must
 * fault at that address. A CPU the shootdown missed would still read
 * MAGIC through its stale TLB entry.
 */
static void shootdown_reaches_every_cpu(struct ktest *t)
{
	static struct remote_read r;
	unsigned int cpu;
	u64 tlb[NR_CPUS];
	u64 *page;

	skip_with_one_cpu(t);
	page = vmalloc(PAGE_SIZE);
	KTEST_ASSERT_NOT_NULL(t, page);
	*page = MAGIC;
	r = (struct remote_read){.addr = page};
	on_each_cpu(read_on_this_cpu, &r, 1);
	for_each_online_cpu(cpu)
	{
		KTEST_EXPECT_FALSE(t, r.faulted[cpu]);
		KTEST_EXPECT_EQ(t, r.value[cpu], MAGIC);
		tlb[cpu] = tlb_shootdowns(cpu);
	}
	vfree(page);
	for_each_online_cpu(cpu) /* the TLB row counts the shootdowns run for another CPU */
		if (cpu != (unsigned int)smp_processor_id())
			KTEST_EXPECT_GT(t, tlb_shootdowns(cpu), tlb[cpu]);
	on_each_cpu(read_on_this_cpu, &r, 1);
	for_each_online_cpu(cpu)
	{
		KTEST_EXPECT_TRUE(t, r.faulted[cpu]);
		KTEST_EXPECT_EQ(t, r.fault_addr[cpu], (u64)page);
	}
}

static const struct ktest_case smp_cases[] = {
	KTEST_CASE(call_single_waits_on_every_cpu),  KTEST_CASE(call_single_nowait_runs_later),
	KTEST_CASE(on_each_cpu_reaches_online_cpus), KTEST_CASE(call_many_leaves_out_caller),
	KTEST_CASE(call_to_offline_cpu_refused),     KTEST_CASE(shootdown_reaches_every_cpu),
};

KTEST_SUITE(smp_suite, "smp", smp_cases);
