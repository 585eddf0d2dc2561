// SPDX-License-Identifier: MIT
/*
 * Tests of SMP: every online CPU answers function-call IPIs, waiting and
 * not, in its own interrupt context; a call to a CPU that is not online is
 * refused; every CPU's timer ticks; each AP's stack has its guard page and
 * the trampoline's identity mapping is gone; and a kernel TLB shootdown
 * reaches every CPU: a vmalloc page read on every CPU (so each caches its
 * translation), then vfree()d and purged, must fault on every CPU. The remote reads run under catch_fault() on the CPU
 * that reads (catch_fault is per CPU), and each CPU writes only its own
 * slot of the result arrays.
 *
 * With one CPU online the calls run locally and the shootdown cases skip:
 * make test boots -smp 2 and -smp 4 to run them for real. What each CPU
 * runs as and counts, and the reports under another CPU's churn, are in
 * tests/test_smp_cpus.c.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "tests/test_smp.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/realmode.h"
#include "arch/x86_64/smpboot.h"
#include "arch/x86_64/irqflags.h"
#include "arch/x86_64/traps.h"
#include "kernel/cpumask.h"
#include "kernel/preempt.h"
#include "kernel/smp.h"
#include "kernel/tsc.h"
#include "lib/errno.h"
#include "mm/pgtable.h"
#include "mm/vmalloc.h"

#define WAIT_LIMIT_MS 5000 /* for calls and ticks: far above any IPI's latency or tick */
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

static u64 timer_ticks(unsigned int cpu)
{
	return per_cpu(irq_stat, cpu).apic_timer_irqs;
}

void skip_with_one_cpu(struct ktest *t)
{
	if (num_online_cpus() < 2)
		ktest_skip(t, "one CPU online (boot with -smp 2 or more)");
}

/* Each online CPU runs the function, in hardirq context unless it is this CPU. */
static void call_single_waits_on_every_cpu(struct ktest *t)
{
	unsigned int cpu, self = (unsigned int)smp_processor_id();

	seen_reset();
	for_each_online_cpu (cpu) {
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
	for_each_online_cpu (cpu)
		KTEST_ASSERT_EQ(t, smp_call_function_single((int)cpu, record_call, NULL, 0), 0);
	for_each_online_cpu (cpu) {
		KTEST_EXPECT_TRUE(t, wait_for_runs(cpu, 1));
		KTEST_EXPECT_EQ(t, seen[cpu].cpu, (int)cpu);
	}
	for_each_online_cpu (cpu)
		KTEST_EXPECT_EQ(t, seen_ran(cpu), 1);
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
	for_each_online_cpu (cpu)
		KTEST_EXPECT_EQ(t, seen_ran(cpu), cpu != self);
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
	for_each_online_cpu (cpu) {
		KTEST_EXPECT_FALSE(t, r.faulted[cpu]);
		KTEST_EXPECT_EQ(t, r.value[cpu], MAGIC);
		tlb[cpu] = tlb_shootdowns(cpu);
	}
	vfree(page);
	vm_unmap_aliases();	  /* vfree() is lazy: the batch's shootdown runs here */
	for_each_online_cpu (cpu) /* the TLB row counts the shootdowns run for another CPU */
		if (cpu != (unsigned int)smp_processor_id())
			KTEST_EXPECT_GT(t, tlb_shootdowns(cpu), tlb[cpu]);
	on_each_cpu(read_on_this_cpu, &r, 1);
	for_each_online_cpu (cpu) {
		KTEST_EXPECT_TRUE(t, r.faulted[cpu]);
		KTEST_EXPECT_EQ(t, r.fault_addr[cpu], (u64)page);
	}
}

/* Every online CPU's own timer ticks: its LOC count rises. */
static void every_cpu_timer_ticks(struct ktest *t)
{
	u64 before[NR_CPUS], start = tsc_since_boot();
	unsigned int cpu;

	for_each_online_cpu (cpu)
		before[cpu] = timer_ticks(cpu);
	for_each_online_cpu (cpu) {
		while (timer_ticks(cpu) == before[cpu] &&
		       tsc_to_us(tsc_since_boot() - start) < WAIT_LIMIT_MS * 1000ULL)
			cpu_relax();
		KTEST_EXPECT_GT(t, timer_ticks(cpu), before[cpu]);
	}
}

/*
 * Each AP's kernel stack is mapped and the page below it is not (its
 * guard: an overflow faults); the trampoline's identity mapping is gone.
 */
static void ap_stacks_guarded_trampoline_unmapped(struct ktest *t)
{
	struct pt_walk w;
	unsigned int cpu;

	KTEST_EXPECT_FALSE(t, realmode_phys() && pt_walk(kernel_pgd, realmode_phys(), &w));
	KTEST_EXPECT_EQ(t, kernel_pgd[0], 0); /* its tables freed, the slot empty */
	skip_with_one_cpu(t);
	for_each_online_cpu (cpu) {
		u64 stack = (u64)per_cpu(cpu_stack, cpu);

		if (!cpu)
			continue;
		KTEST_EXPECT_TRUE(t, pt_walk(kernel_pgd, stack, &w));
		KTEST_EXPECT_TRUE(t, pt_walk(kernel_pgd, stack + THREAD_SIZE - 1, &w));
		KTEST_EXPECT_FALSE(t, pt_walk(kernel_pgd, stack - PAGE_SIZE, &w));
	}
}

static const struct ktest_case smp_cases[] = {
	KTEST_CASE(call_single_waits_on_every_cpu),
	KTEST_CASE(current_is_each_cpus_idle_task),
	KTEST_CASE(call_single_nowait_runs_later),
	KTEST_CASE(printk_from_every_cpu_keeps_lines_whole),
	KTEST_CASE(work_and_resched_counted_per_cpu),
	KTEST_CASE(reports_walk_while_another_cpu_frees),
	KTEST_CASE(on_each_cpu_reaches_online_cpus),
	KTEST_CASE(call_many_leaves_out_caller),
	KTEST_CASE(call_to_offline_cpu_refused),
	KTEST_CASE(shootdown_reaches_every_cpu),
	KTEST_CASE(every_cpu_timer_ticks),
	KTEST_CASE(ap_stacks_guarded_trampoline_unmapped),
};

KTEST_SUITE(smp_suite, "smp", smp_cases);
