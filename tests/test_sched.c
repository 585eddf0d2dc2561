// SPDX-License-Identifier: MIT
/*
 * The scheduler (kernel/sched.h) with real processes: `spin` and its modes
 * (user/spin.c, a boot module: the cases skip when the boot lacks it, and
 * tools/test-all.sh's user boot requires them to pass). Two CPU-bound
 * processes on one CPU both get CPU time; sched_yield switches; a
 * nanosleeping process sleeps (S, no ticks) while the other runs, and kill
 * ends its sleep at once; a process not started yet is not woken (it stays
 * TASK_NEW); a process runs on every CPU at the same time; the
 * SSE registers survive the switches. Every process a case starts is killed,
 * waited for and freed however the case ends; the baseline case then checks
 * that all it had came back.
 */
#include "tests/suites.h"
#include "tests/ktest.h"
#include "kernel/cpumask.h"
#include "kernel/delay.h"
#include "kernel/process.h"
#include "kernel/programs.h"
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "lib/errno.h"
#include "lib/rwonce.h"
#include "lib/string.h"

#define MAX_PROCS 4
#define OUT_SIZE 128
/* How long a case waits for a process to get going (ms): TCG may give a CPU little time. */
#define START_WAIT_MS 5000

static char *const test_envp[] = {"HOME=/", "TERM=linux", NULL};

/* The processes of the running case, each with its captured output. */
static struct sched_proc {
	struct task_struct *p;
	struct output_capture cap;
	char out[OUT_SIZE];
} procs[MAX_PROCS];

/* Kill it (-ESRCH if it ended already), wait for its end (unless it never started), free it. */
static void finish(void *arg)
{
	struct sched_proc *sp = arg;

	process_kill(sp->p->pid, SIGKILL);
	process_free(sp->p);
	sp->p = NULL;
}

/* Create argv as procs[i], not started yet (TASK_NEW); skips without the program. */
static struct task_struct *create(struct ktest *t, int i, char *const argv[])
{
	struct sched_proc *sp = &procs[i];
	const u8 *image;
	size_t size;
	int err;

	image = program_find(argv[0], &size);
	if (!image)
		ktest_skip(t, "a program this boot lacks (make run PROGRAMS=build/user/spin)");
	sp->p = process_create(image, size, argv, test_envp, &err);
	KTEST_ASSERT_NOT_NULL(t, sp->p);
	memset(sp->out, 0, sizeof(sp->out));
	sp->cap = (struct output_capture){sp->out, sizeof(sp->out) - 1, 0};
	ktest_defer(t, finish, sp);
	return sp->p;
}

/* Create argv as procs[i] and start it on cpu, waited for by this task. */
static struct task_struct *start(struct ktest *t, int i, int cpu, char *const argv[])
{
	struct task_struct *p = create(t, i, argv);

	process_start(p, cpu, &procs[i].cap, false, false);
	return p;
}

/* Wait (running the processes of this CPU meanwhile) until procs[i] wrote its first line. */
static void wait_started(struct ktest *t, int i)
{
	for (unsigned int ms = 0; ms < START_WAIT_MS && !READ_ONCE(procs[i].cap.len); ms += 10)
		msleep(10);
	KTEST_ASSERT_OP(t, KT_GT, READ_ONCE(procs[i].cap.len), 0);
}

/* Kill procs[i] and check it died of it; frees it. */
static void kill_and_reap(struct ktest *t, int i)
{
	struct task_struct *p = procs[i].p;

	KTEST_EXPECT_EQ(t, process_kill(p->pid, SIGKILL), 0);
	KTEST_EXPECT_EQ(t, process_wait(p), SIGKILL);
	ktest_release(t, &procs[i]);
}

static u64 switches(int cpu)
{
	struct rq_stat st;

	sched_rq_stat(cpu, &st);
	return st.nr_switches;
}

/* Two CPU-bound processes on this CPU: both run, turn by turn, both R. */
static void test_share_one_cpu(struct ktest *t)
{
	char *spin[] = {"spin", NULL};
	int cpu = smp_processor_id();
	struct task_struct *a = start(t, 0, cpu, spin), *b = start(t, 1, cpu, spin);
	u64 sw = switches(cpu), a_ticks, b_ticks;

	msleep(400); /* a kernel task's sleep: a and b share the CPU meanwhile */
	a_ticks = READ_ONCE(a->ticks);
	b_ticks = READ_ONCE(b->ticks);
	KTEST_EXPECT_GT(t, a_ticks, 0);
	KTEST_EXPECT_GT(t, b_ticks, 0);
	KTEST_EXPECT_EQ(t, READ_ONCE(a->state), TASK_RUNNING);
	KTEST_EXPECT_EQ(t, READ_ONCE(b->state), TASK_RUNNING);
	KTEST_EXPECT_EQ(t, a->cpu, cpu);
	KTEST_EXPECT_EQ(t, b->cpu, cpu);
	KTEST_EXPECT_GT(t, switches(cpu), sw + 2);
	ktest_note("400 ms on CPU %d: spin %d ran %llu ticks, spin %d %llu", cpu, a->pid,
		   (unsigned long long)a_ticks, b->pid, (unsigned long long)b_ticks);
	kill_and_reap(t, 0); /* waiting on the run queue: dies when it next runs */
	kill_and_reap(t, 1);
}

/* Two processes that only call sched_yield: each call is a switch, many per tick. */
static void test_yield(struct ktest *t)
{
	char *yield[] = {"spin", "yield", NULL};
	int cpu = smp_processor_id();
	u64 sw, j;

	start(t, 0, cpu, yield);
	start(t, 1, cpu, yield);
	wait_started(t, 0);
	wait_started(t, 1);
	sw = switches(cpu);
	j = jiffies_64;
	msleep(200);
	/* Round robin alone switches once a slice; yields switch at every call. */
	KTEST_EXPECT_GT(t, switches(cpu) - sw, jiffies_64 - j);
	ktest_note("%llu switches in %llu ticks", (unsigned long long)(switches(cpu) - sw),
		   (unsigned long long)(jiffies_64 - j));
	kill_and_reap(t, 0);
	kill_and_reap(t, 1);
}

/*
 * A nanosleeping process is S and takes no tick while a spinning one on the
 * same CPU runs; kill wakes it and it dies at once, not after its sleep.
 */
static void test_sleep_and_kill(struct ktest *t)
{
	char *sleep[] = {"spin", "sleep", NULL}, *spin[] = {"spin", NULL};
	int cpu = smp_processor_id();
	struct task_struct *s = start(t, 0, cpu, sleep), *r = start(t, 1, cpu, spin);
	u64 s_ticks, r_ticks, j;

	wait_started(t, 0);
	wait_started(t, 1);
	s_ticks = READ_ONCE(s->ticks);
	r_ticks = READ_ONCE(r->ticks);
	msleep(300);
	KTEST_EXPECT_EQ(t, READ_ONCE(s->state), TASK_INTERRUPTIBLE);
	KTEST_EXPECT_EQ(t, READ_ONCE(s->ticks), s_ticks);
	KTEST_EXPECT_GT(t, READ_ONCE(r->ticks), r_ticks + RR_TIMESLICE);
	kill_and_reap(t, 1);
	/* Alone on the CPU now: woken by the kill, it dies before its 1 s step of nanosleep ends. */
	j = jiffies_64;
	kill_and_reap(t, 0);
	KTEST_EXPECT_LT(t, jiffies_64 - j, HZ / 25);
}

/*
 * wake_up_process() wakes sleepers only, as Linux's: a process created and
 * not started yet stays TASK_NEW and off the run queue, for kill's wake-up
 * too, until process_start()'s wake_up_new_task().
 */
static void test_wake_new(struct ktest *t)
{
	char *spin[] = {"spin", NULL};
	struct task_struct *p = create(t, 0, spin);

	KTEST_EXPECT_FALSE(t, wake_up_process(p));
	KTEST_EXPECT_FALSE(t, wake_up_state(p, TASK_INTERRUPTIBLE));
	KTEST_EXPECT_EQ(t, READ_ONCE(p->state), TASK_NEW);
	KTEST_EXPECT_FALSE(t, READ_ONCE(p->on_rq));
	process_start(p, smp_processor_id(), &procs[0].cap, false, false);
	wait_started(t, 0);
	KTEST_EXPECT_EQ(t, READ_ONCE(p->state), TASK_RUNNING);
	kill_and_reap(t, 0);
}

/* One spin on each online CPU (up to MAX_PROCS), all running at the same time. */
static void test_every_cpu(struct ktest *t)
{
	char *spin[] = {"spin", NULL};
	int n = 0;

	if (num_online_cpus() < 2)
		ktest_skip(t, "needs a second CPU (-smp 2)");
	for (unsigned int cpu = 0; cpu < nr_cpu_ids && n < MAX_PROCS; cpu++)
		if (cpu_online(cpu))
			start(t, n++, (int)cpu, spin);
	for (int i = 0; i < n; i++) {
		wait_started(t, i);
		for (unsigned int ms = 0; ms < START_WAIT_MS && !READ_ONCE(procs[i].p->ticks);
		     ms += 10)
			msleep(10);
	}
	for (int i = 0; i < n; i++) {
		KTEST_EXPECT_GT(t, READ_ONCE(procs[i].p->ticks), 0);
		KTEST_EXPECT_EQ(t, READ_ONCE(procs[i].p->state), TASK_RUNNING);
		KTEST_EXPECT_STREQ(t, procs[i].out, "spin: spinning\n");
	}
	KTEST_EXPECT_EQ(t, procs[1].p->cpu, 1);
	for (int i = 0; i < n; i++)
		kill_and_reap(t, i);
}

/* Two processes counting in SSE registers on one CPU, interleaved: both sums are right. */
static void test_fpu(struct ktest *t)
{
	char *fpu[] = {"spin", "fpu", "30", NULL};
	int cpu = smp_processor_id();
	struct task_struct *a = start(t, 0, cpu, fpu), *b = start(t, 1, cpu, fpu);

	KTEST_EXPECT_EQ(t, process_wait(a), 0);
	KTEST_EXPECT_EQ(t, process_wait(b), 0);
	KTEST_EXPECT_STREQ(t, procs[0].out, "spin: fpu ok\n");
	KTEST_EXPECT_STREQ(t, procs[1].out, "spin: fpu ok\n");
	/* Each ran longer than a slice, so each was switched out mid-count. */
	KTEST_EXPECT_GT(t, a->ticks, RR_TIMESLICE);
	KTEST_EXPECT_GT(t, b->ticks, RR_TIMESLICE);
	ktest_note("spin %d counted in %llu ticks, spin %d in %llu", a->pid,
		   (unsigned long long)a->ticks, b->pid, (unsigned long long)b->ticks);
	ktest_release(t, &procs[0]);
	ktest_release(t, &procs[1]);
}

static const struct ktest_case sched_cases[] = {
	KTEST_CASE(test_share_one_cpu), KTEST_CASE(test_yield),	    KTEST_CASE(test_sleep_and_kill),
	KTEST_CASE(test_wake_new),	KTEST_CASE(test_every_cpu), KTEST_CASE(test_fpu),
};

KTEST_SUITE(sched_suite, "sched", sched_cases);
