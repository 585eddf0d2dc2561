// SPDX-License-Identifier: MIT
/*
 * Tests of the per-CPU workers (kernel/workqueue.h): work_on_cpu() runs
 * on the CPU asked, in task context (interrupts on, preempt_count 0), and
 * returns the function's value; work queued on every CPU at once all runs,
 * each item once, on its own CPU, in the order queued; a pending item is
 * not queued twice; a CPU that is not online is refused; a work function
 * may free its own work item.
 *
 * With one CPU online everything runs on the boot CPU's queue (inside
 * flush_work); make test's SMP boots run the cross-CPU half for real.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/irqflags.h"
#include "kernel/cpumask.h"
#include "kernel/preempt.h"
#include "kernel/smp.h"
#include "kernel/tsc.h"
#include "kernel/workqueue.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/slab.h"

#define WAIT_LIMIT_MS 5000

/* What a work function saw where it ran. */
struct run_seen {
	struct work_struct work;
	int runs;
	int cpu;
	bool task_context; /* in_task(), interrupts on, preempt_count() == 0 */
	int order;	   /* its place among the runs of one case */
};

static int run_order;

static void record_run(struct work_struct *work)
{
	struct run_seen *s = (struct run_seen *)work;

	s->cpu = smp_processor_id();
	s->task_context = in_task() && !irqs_disabled() && preempt_count() == 0;
	s->order = __atomic_add_fetch(&run_order, 1, __ATOMIC_ACQ_REL);
	__atomic_fetch_add(&s->runs, 1, __ATOMIC_RELEASE);
}

static long where_am_i(void *arg)
{
	bool *task_context = arg;

	*task_context = in_task() && !irqs_disabled() && preempt_count() == 0;
	return smp_processor_id() + 1000;
}

static void work_on_cpu_runs_there_in_task_context(struct ktest *t)
{
	unsigned int cpu;

	for_each_online_cpu (cpu) {
		bool task_context = false;

		KTEST_EXPECT_EQ(t, work_on_cpu((int)cpu, where_am_i, &task_context),
				(long)cpu + 1000);
		KTEST_EXPECT_TRUE(t, task_context);
	}
}

/* Queued on every CPU before any flush: each runs once, where it was sent. */
static void work_on_every_cpu_at_once(struct ktest *t)
{
	static struct run_seen seen[NR_CPUS];
	u64 res[NR_CPUS];
	unsigned int cpu, self = (unsigned int)smp_processor_id();

	for_each_online_cpu (cpu) {
		seen[cpu] = (struct run_seen){.cpu = -1};
		INIT_WORK(&seen[cpu].work, record_run);
		res[cpu] = per_cpu(irq_stat, cpu).irq_resched_count;
	}
	for_each_online_cpu (cpu)
		KTEST_ASSERT_TRUE(t, schedule_work_on((int)cpu, &seen[cpu].work));
	for_each_online_cpu (cpu) {
		flush_work(&seen[cpu].work);
		KTEST_EXPECT_EQ(t, __atomic_load_n(&seen[cpu].runs, __ATOMIC_ACQUIRE), 1);
		KTEST_EXPECT_EQ(t, seen[cpu].cpu, (int)cpu);
		KTEST_EXPECT_TRUE(t, seen[cpu].task_context);
		/* another CPU was woken by the reschedule IPI; this one was not */
		if (cpu == self)
			KTEST_EXPECT_EQ(t, per_cpu(irq_stat, cpu).irq_resched_count, res[cpu]);
		else
			KTEST_EXPECT_GT(t, per_cpu(irq_stat, cpu).irq_resched_count, res[cpu]);
	}
}

/* Pending work is queued once; flush runs it; flushing idle work does not wait. */
static void pending_work_not_queued_twice(struct ktest *t)
{
	struct run_seen s = {.cpu = -1};
	int self = smp_processor_id();

	INIT_WORK(&s.work, record_run);
	KTEST_EXPECT_TRUE(t, !flush_work(&s.work));
	KTEST_ASSERT_TRUE(t, schedule_work_on(self, &s.work));
	KTEST_EXPECT_TRUE(t, !schedule_work_on(self, &s.work));
	KTEST_EXPECT_EQ(t, s.runs, 0); /* this CPU is busy in this test */
	KTEST_EXPECT_TRUE(t, flush_work(&s.work));
	KTEST_EXPECT_EQ(t, s.runs, 1);
	KTEST_EXPECT_TRUE(t, !flush_work(&s.work));
}

/* An online CPU other than this one, or this one if it is alone. */
static int other_cpu(void)
{
	unsigned int cpu;

	for_each_online_cpu (cpu)
		if (cpu != (unsigned int)smp_processor_id())
			return (int)cpu;
	return smp_processor_id();
}

/* Three items on one worker (another CPU if there is one) run in order. */
static void work_runs_in_queue_order(struct ktest *t)
{
	struct run_seen s[3];
	int cpu = other_cpu();

	run_order = 0;
	for (int i = 0; i < 3; i++) {
		s[i] = (struct run_seen){.cpu = -1};
		INIT_WORK(&s[i].work, record_run);
	}
	for (int i = 0; i < 3; i++)
		KTEST_ASSERT_TRUE(t, schedule_work_on(cpu, &s[i].work));
	flush_work(&s[2].work);
	for (int i = 0; i < 3; i++) {
		KTEST_EXPECT_EQ(t, s[i].runs, 1);
		KTEST_EXPECT_EQ(t, s[i].order, i + 1);
		KTEST_EXPECT_EQ(t, s[i].cpu, cpu);
	}
}

static void offline_cpu_refused(struct ktest *t)
{
	struct run_seen s = {.cpu = -1};
	bool task_context;

	if (nr_cpu_ids >= NR_CPUS && num_online_cpus() == nr_cpu_ids)
		ktest_skip(t, "every possible CPU is online");
	INIT_WORK(&s.work, record_run);
	KTEST_EXPECT_TRUE(t, !schedule_work_on(NR_CPUS - 1, &s.work));
	KTEST_EXPECT_TRUE(t, !schedule_work_on(-1, &s.work));
	KTEST_EXPECT_EQ(t, work_on_cpu(NR_CPUS - 1, where_am_i, &task_context), -ENXIO);
	KTEST_EXPECT_EQ(t, s.runs, 0);
}

/* A work function that frees its own item: the worker must not touch it after. */
struct self_freeing {
	struct work_struct work;
	int *done;
};

static void free_myself(struct work_struct *work)
{
	struct self_freeing *sf = (struct self_freeing *)work;
	int *done = sf->done;

	memset(sf, 0x6b, sizeof(*sf)); /* what slub_debug's poison would leave */
	kfree(sf);
	__atomic_store_n(done, 1, __ATOMIC_RELEASE);
}

static void work_may_free_itself(struct ktest *t)
{
	static int done[NR_CPUS];
	unsigned int cpu;

	for_each_online_cpu (cpu) {
		struct self_freeing *sf = kmalloc(sizeof(*sf), GFP_KERNEL);
		u64 start = tsc_since_boot();

		KTEST_ASSERT_NOT_NULL(t, sf);
		done[cpu] = 0;
		sf->done = &done[cpu];
		INIT_WORK(&sf->work, free_myself);
		KTEST_ASSERT_TRUE(t, schedule_work_on((int)cpu, &sf->work));
		if (cpu == (unsigned int)smp_processor_id())
			run_pending_work();
		while (!__atomic_load_n(&done[cpu], __ATOMIC_ACQUIRE) &&
		       tsc_to_us(tsc_since_boot() - start) < WAIT_LIMIT_MS * 1000ULL)
			cpu_relax();
		KTEST_EXPECT_EQ(t, __atomic_load_n(&done[cpu], __ATOMIC_ACQUIRE), 1);
	}
}

static const struct ktest_case workqueue_cases[] = {
	KTEST_CASE(work_on_cpu_runs_there_in_task_context),
	KTEST_CASE(work_on_every_cpu_at_once),
	KTEST_CASE(pending_work_not_queued_twice),
	KTEST_CASE(work_runs_in_queue_order),
	KTEST_CASE(offline_cpu_refused),
	KTEST_CASE(work_may_free_itself),
};
KTEST_SUITE(workqueue_suite, "workqueue", workqueue_cases);
