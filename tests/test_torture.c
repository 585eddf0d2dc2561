// SPDX-License-Identifier: MIT
/*
 * The torture suite: one seeded run of the multi-CPU torture test
 * (tests/torture.h) on every online CPU, judged by ktest like any case.
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
#include "tests/torture.h"
#include "arch/x86_64/cpu.h"
#include "kernel/cmdline.h"
#include "kernel/cpumask.h"

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
 * frees; the run must find no error, and must really have run: objects of
 * every kind, allocations in the timer interrupt, and (with more than one
 * CPU) frees on a CPU other than the allocating one.
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
	KTEST_EXPECT_GT(t, res.tick_ops, 0);
	if (res.cpus > 1)
		KTEST_EXPECT_GT(t, res.remote_frees, 0);
}

static const struct ktest_case torture_cases[] = {
	KTEST_CASE(torture_every_cpu),
};

KTEST_SUITE(torture_suite, "torture", torture_cases);
