// SPDX-License-Identifier: MIT
/*
 * More processes than memory allows, all running at once: with all free
 * memory but a little held by the case, hello is created again and again
 * until process_create() refuses with -ENOMEM and its one-line report names
 * what it lacked. Then, memory still short, every process of the flood is
 * woken at once, dealt round robin over the online CPUs: each either ends
 * with its output and exit status 0, or is killed by SIGKILL after the OOM
 * killer's line naming it (so every victim is one of the flood's, never the
 * process made before it). The kernel goes on: the process created before
 * the flood then runs to its output and exit status in the memory the flood
 * gave back, and every run queue is back to its nr_running. The processes
 * are killed, waited for and freed however the case ends; the framework's
 * baseline case then checks that free pages, page tables, slab objects and
 * vmalloc areas are all back.
 */
#include "tests/suites.h"
#include "tests/ktest.h"
#include "kernel/cpumask.h"
#include "kernel/delay.h"
#include "kernel/percpu.h"
#include "kernel/process.h"
#include "kernel/programs.h"
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "lib/errno.h"
#include "lib/rwonce.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

/* Free pages the case leaves for the flood: a few dozen processes' worth. */
#define FLOOD_FREE_PAGES 128
/* The most processes the flood may create before it must have been refused. */
#define FLOOD_MAX 128
#define OUT_SIZE 64
/* How long the flood may take to end (ms): a hang's bound, far above a run's. */
#define FLOOD_WAIT_MS 30000

static char *const flood_envp[] = {"HOME=/", "TERM=linux", NULL};
static char *hello_argv[] = {"hello", NULL};
static const char hello_out[] = "hello from user space\n";

/* A process of the flood and its captured output. */
struct flood_proc {
	struct task_struct *p;
	int cpu;      /* where it was started, or -1 */
	bool started; /* woken: its end must be waited for */
	bool judged;  /* waited for, its end checked */
	struct output_capture cap;
	char out[OUT_SIZE];
};
/* FLOOD_MAX of them, the case's kmalloc (not in .bss: the 2 MiB boot has no page to spare). */
static struct flood_proc *flood;
static unsigned int nr_flood;

/* Kill (-ESRCH if it ended already), wait for and free every process of the flood. */
static void free_flood(void *arg)
{
	(void)arg;
	while (nr_flood) {
		struct flood_proc *fp = &flood[--nr_flood];

		if (fp->started)
			process_kill(fp->p->pid, SIGKILL);
		process_free(fp->p); /* waits for a started one's end */
		memset(fp, 0, sizeof(*fp));
	}
}

/* A process freed when the case ends. */
static void free_process(void *p)
{
	process_free(p);
}

static struct task_struct *create_hello(int *err)
{
	const u8 *image;
	size_t size;

	image = program_find("hello", &size);
	return image ? process_create(image, size, hello_argv, flood_envp, err) : NULL;
}

/* The online CPU after cpu, wrapping around. */
static int next_online_cpu(int cpu)
{
	do
		cpu = (cpu + 1) % (int)nr_cpu_ids;
	while (!cpu_online((unsigned int)cpu));
	return cpu;
}

static unsigned int nr_running(int cpu)
{
	struct rq_stat st;

	sched_rq_stat(cpu, &st);
	return st.nr_running;
}

/* Wake every process of the flood, dealt round robin over the online CPUs. */
static void start_flood(struct ktest *t)
{
	int this_cpu = smp_processor_id(), cpu = this_cpu;
	unsigned int here = 0, before = nr_running(this_cpu);

	for (unsigned int i = 0; i < nr_flood; i++) {
		struct flood_proc *fp = &flood[i];

		fp->cap = (struct output_capture){fp->out, sizeof(fp->out) - 1, 0};
		fp->cpu = cpu;
		fp->started = true;
		process_start(fp->p, cpu, &fp->cap, false, false);
		here += cpu == this_cpu;
		cpu = next_online_cpu(cpu);
	}
	/* Kernel code is not preempted: this CPU's share all wait on its run queue at once. */
	KTEST_EXPECT_EQ(t, nr_running(this_cpu), before + here);
}

/*
 * Wait for fp's end and check it: exit status 0 with hello's line, or
 * SIGKILL after the OOM killer's line naming it. Checked as soon as it
 * ended, before other kills' reports can push that line out of the log.
 */
static void judge(struct ktest *t, struct flood_proc *fp, u64 mark, unsigned int *killed)
{
	int status = process_wait(fp->p);
	char line[48];

	fp->judged = true;
	fp->out[MIN(fp->cap.len, sizeof(fp->out) - 1)] = '\0';
	KTEST_EXPECT_EQ(t, fp->p->cpu, fp->cpu);
	if (status == 0) {
		KTEST_EXPECT_STREQ(t, fp->out, hello_out);
		return;
	}
	KTEST_EXPECT_EQ(t, status, SIGKILL);
	snprintf(line, sizeof(line), "Killed process %d (hello) ", fp->p->pid);
	if (!ktest_log_contains(mark, line))
		ktest_fail(t, false, __FILE__, __LINE__, "hello %d died with %d without \"%s\"",
			   fp->p->pid, status, line);
	(*killed)++;
}

/* Wait until every process of the flood ended, checking each; how many were killed. */
static unsigned int wait_flood(struct ktest *t, u64 mark)
{
	unsigned int left = nr_flood, killed = 0;

	for (unsigned int ms = 0; left && ms < FLOOD_WAIT_MS; ms += 10) {
		for (unsigned int i = 0; i < nr_flood; i++) {
			if (!flood[i].judged && READ_ONCE(flood[i].p->state) == TASK_DEAD) {
				judge(t, &flood[i], mark, &killed);
				left--;
			}
		}
		if (left)
			msleep(10); /* this CPU's share of the flood runs meanwhile */
	}
	KTEST_ASSERT_EQ(t, left, 0);
	return killed;
}

static void test_flood(struct ktest *t)
{
	char out[OUT_SIZE], line[48];
	struct output_capture cap = {out, sizeof(out) - 1, 0};
	unsigned int before[NR_CPUS] = {0}, killed;
	struct task_struct *first, *p;
	int err = 0;
	u64 mark;

	first = create_hello(&err);
	KTEST_ASSERT_NOT_NULL(t, first);
	ktest_defer(t, free_process, first);
	flood = ktest_kmalloc(t, FLOOD_MAX * sizeof(*flood), GFP_KERNEL | __GFP_ZERO);
	KTEST_ASSERT_NOT_NULL(t, flood);
	ktest_defer(t, free_flood, &nr_flood); /* before the array is freed */
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		before[cpu] = cpu_online(cpu) ? nr_running((int)cpu) : 0;
	ktest_set_min_free_kbytes(t, 0); /* GFP_KERNEL may take every page, down to keep */
	ktest_hold_free_pages(t, FLOOD_FREE_PAGES);
	mark = ktest_log_mark();
	while (nr_flood < FLOOD_MAX && (p = create_hello(&err)))
		flood[nr_flood++].p = p;
	KTEST_EXPECT_LT(t, nr_flood, FLOOD_MAX);
	KTEST_ASSERT_GE(t, nr_flood, 2);
	KTEST_EXPECT_EQ(t, err, -ENOMEM);
	KTEST_EXPECT_LOG(t, mark, "exec: hello: cannot start it: no memory for its ");
	/* Memory still short: all of them run at once, on every CPU. */
	start_flood(t);
	killed = wait_flood(t, mark);
	ktest_note("%u processes created before the flood was refused, run on %u CPUs: %u "
		   "completed, %u killed by the OOM killer",
		   nr_flood, num_online_cpus(), nr_flood - killed, killed);
	snprintf(line, sizeof(line), "Killed process %d (", first->pid);
	KTEST_EXPECT_FALSE(t, ktest_log_contains(mark, line));
	ktest_release(t, &nr_flood);
	KTEST_EXPECT_EQ(t, nr_flood, 0);
	/* The memory held back stays held: first runs in what the flood gave back. */
	KTEST_EXPECT_EQ(t, process_run(first, &cap, false), 0);
	out[MIN(cap.len, sizeof(out) - 1)] = '\0';
	KTEST_EXPECT_STREQ(t, out, hello_out);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (cpu_online(cpu))
			KTEST_EXPECT_EQ(t, nr_running((int)cpu), before[cpu]);
}

static const struct ktest_case user_flood_cases[] = {
	KTEST_CASE(test_flood),
};

KTEST_SUITE(user_flood_suite, "user_flood", user_flood_cases);
