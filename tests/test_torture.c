// SPDX-License-Identifier: MIT
/*
 * The torture suite: its checker catches a changed byte and names both
 * CPUs; then one seeded run of the multi-CPU torture test (tests/torture.h)
 * on every online CPU, judged by ktest like any case.
 *
 * Options, in the style of ktest's: torture.seed=N replays a seed (default:
 * from the TSC, printed), torture.ms=N sets the length (default
 * TORTURE_DEFAULT_MS, short enough to run in every boot), torture.cpus=N
 * how many online CPUs take part (default all). torture.seed= or torture.ms=
 * without ktest.run= runs this suite alone (init/main.c). make test boots it at
 * -smp 4 under multi-threaded TCG for longer, and on the KASAN kernel.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "tests/torture_internal.h"
#include "arch/x86_64/cpu.h"
#include "kernel/cmdline.h"
#include "kernel/cpumask.h"
#include "kernel/workqueue.h"
#include "lib/vsprintf.h"

/* The run the command line asks for. */
static void torture_config_from_cmdline(struct torture_config *cfg)
{
	u64 v;

	cfg->seed = rdtsc() | 1;
	cfg->ms = TORTURE_DEFAULT_MS;
	cfg->cpus = 0;
	if (cmdline_get_u64("torture.seed", &v, "using a seed from the TSC") && v)
		cfg->seed = v;
	if (cmdline_get_u64("torture.ms", &v, "using the default length"))
		cfg->ms = (unsigned int)MIN(MAX(v, 1), TORTURE_MAX_MS);
	if (cmdline_get_u64("torture.cpus", &v, "using every online CPU"))
		cfg->cpus = (unsigned int)MIN(v, NR_CPUS);
}

/*
 * Every online CPU (or torture.cpus of them) allocates, hands off and
 * frees; the run must find no error, and must really have run: objects,
 * allocations in hardirq context, IPIs, and (with more than one CPU) frees
 * on a CPU other than the allocating one.
 */
static void torture_every_cpu(struct ktest *t)
{
	struct torture_config cfg;
	struct torture_result res;
	unsigned int want;

	torture_config_from_cmdline(&cfg);
	want = cfg.cpus && cfg.cpus < num_online_cpus() ? cfg.cpus : num_online_cpus();
	KTEST_EXPECT_TRUE(t, torture_run(&cfg, &res));
	KTEST_EXPECT_EQ(t, res.errors, 0);
	KTEST_ASSERT_EQ(t, res.cpus, want);
	KTEST_EXPECT_GT(t, res.objects, 0);
	KTEST_EXPECT_GT(t, res.irq_ops, 0);
	KTEST_EXPECT_GT(t, res.ipis, 0);
	if (res.cpus > 1)
		KTEST_EXPECT_GT(t, res.remote_frees, 0);
}

/* What the corruption case hands the CPU that frees its object. */
struct corrupt_free {
	struct torture_run *run;
	struct torture_obj *o;
};

static void destroy_caches(void *run)
{
	torture_caches_destroy(run);
}

static void free_if_held(void *arg)
{
	struct corrupt_free *f = arg;

	if (f->o->addr)
		torture_obj_free(f->run, &f->run->pcpu[0].c, f->o);
}

static long free_there(void *arg)
{
	struct corrupt_free *f = arg;

	torture_obj_free(f->run, &f->run->pcpu[0].c, f->o);
	return 0;
}

/*
 * The checker itself: a kmalloc object of 100 bytes with one byte changed
 * after its allocation is reported at its free on the last online CPU,
 * naming the offset and both CPUs, and counted as one error.
 */
static void torture_reports_a_changed_byte(struct ktest *t)
{
	static struct torture_run run;
	static struct torture_obj o;
	unsigned int cpu;
	int there = 0;
	static struct corrupt_free f = {&run, &o};
	char want[96];
	u64 mark;

	for_each_online_cpu (cpu)
		there = (int)cpu; /* the last: online CPUs may have gaps */
	run = (struct torture_run){.cfg = {.seed = 0x5eed, .cpus = 1, .ms = 1}, .nr_cpus = 1};
	run.pcpu = ktest_kmalloc(t, sizeof(*run.pcpu), GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, run.pcpu);
	KTEST_ASSERT_EQ(t, torture_caches_create(&run), 0);
	ktest_defer(t, destroy_caches, &run);
	torture_cpu_init(&run.pcpu[0], &run, 0);
	KTEST_ASSERT_EQ(t, torture_obj_alloc_slab(&run.pcpu[0], &o, 99 << 8), 1);
	ktest_defer(t, free_if_held, &f); /* if the case ends before the free */
	KTEST_ASSERT_EQ(t, o.size, 100);
	((u8 *)o.addr)[50] ^= 0x10;
	ktest_note("torture_reports_a_changed_byte: the FAIL line below is provoked on purpose");
	mark = ktest_log_mark();
	KTEST_EXPECT_EQ(t, work_on_cpu(there, free_there, &f), 0);
	KTEST_EXPECT_EQ(t, run.errors, 1);
	snprintf(want, sizeof(want), "allocated on CPU 0 in task, checked on CPU %d", there);
	KTEST_EXPECT_LOG(t, mark, want);
	KTEST_EXPECT_LOG(t, mark, "pattern at free: at offset 50");
	KTEST_EXPECT_LOG(t, mark, "(1 bytes differ)");
}

static const struct ktest_case torture_cases[] = {
	KTEST_CASE(torture_reports_a_changed_byte),
	KTEST_CASE(torture_every_cpu),
};

KTEST_SUITE(torture_suite, "torture", torture_cases);
