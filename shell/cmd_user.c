// SPDX-License-Identifier: MIT
/*
 * Shell commands for user processes: `run [-m] [-c CPU] PROG [ARGS] [&]`
 * runs a program (built in, or a boot module) on this CPU or (-c) on that
 * one, waits for its end, running this CPU's other processes meanwhile,
 * and says how it ended; with -m it prints the process's /proc/PID/maps and
 * status lines as it exits; with a last argument "&" the shell does not
 * wait (the least-loaded CPU unless -c says), and a work item on its CPU
 * says how it ended. Without arguments it lists the built-in programs.
 * `ps` lists the processes, `kill PID` ends one, `sched` shows the run
 * queues.
 */
#include "shell/shell_internal.h"
#include "kernel/process.h"
#include "kernel/programs.h"
#include "kernel/cpumask.h"
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "mm/mmap.h"
#include "lib/errno.h"
#include "lib/rwonce.h"
#include "lib/string.h"

/* What Linux's kernel gives init: the environment a program starts with here. */
static char *const run_envp[] = {"HOME=/", "TERM=linux", NULL};

/* The value of run's -c, or -1; -EINVAL after a report. */
static int parse_cpu(const char *arg)
{
	u64 v;

	if (!shell_arg_u64("run", arg, &v))
		return -EINVAL;
	if (v >= nr_cpu_ids || !cpu_online((unsigned int)v)) {
		shell_printf("run: CPU %s is not online\n", arg);
		return -EINVAL;
	}
	return (int)v;
}

int cmd_run(int argc, char **argv)
{
	char *args[SHELL_MAX_ARGS + 1];
	struct task_struct *p;
	const u8 *image;
	size_t size;
	int first = 1, n = 0, cpu = -1, err, pid;
	bool background = argc > 1 && !strcmp(argv[argc - 1], "&"), maps = false;

	if (background)
		argc--;
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (!strcmp(argv[first], "-m")) {
			maps = true;
		} else if (!strcmp(argv[first], "-c")) {
			if (first + 1 == argc) {
				shell_printf("run: -c needs a CPU number\n");
				return -EINVAL;
			}
			cpu = parse_cpu(argv[++first]);
			if (cpu < 0)
				return cpu;
		} else {
			shell_printf("run: unknown option %s\n", argv[first]);
			return -EINVAL;
		}
	}
	if (first >= argc) {
		shell_printf("usage: run [-m] [-c CPU] PROG [ARGS] [&]; the built-in programs:\n");
		program_list_print();
		return argc > 1 ? -EINVAL : 0;
	}
	image = program_find(argv[first], &size);
	if (!image) {
		shell_printf("run: no program %s (built in, or make run PROGRAMS=...)\n",
			     argv[first]);
		return -ENOENT;
	}
	for (int i = first; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	p = process_create(image, size, args, run_envp, &err);
	if (!p) {
		shell_printf("run: %s: cannot start it: %s (%d)\n", argv[first],
			     err == -ENOMEM    ? "out of memory"
			     : err == -E2BIG   ? "arguments too long"
			     : err == -ENOEXEC ? "not a program strata runs"
					       : "error",
			     err);
		return err;
	}
	pid = p->pid;
	if (background) {
		/* Nobody waits: a work item on its CPU says how it ended and frees it. */
		cpu = cpu < 0 ? sched_least_loaded_cpu() : cpu;
		shell_printf("[%d] %s on CPU %d\n", pid, p->comm, cpu);
		process_start(p, cpu, NULL, maps, true);
		return 0;
	}
	/* The shell waits, running this CPU's other processes meanwhile. */
	process_start(p, cpu < 0 ? smp_processor_id() : cpu, NULL, maps, false);
	process_print_status(args[0], pid, process_wait(p));
	process_free(p);
	return 0;
}

/* Linux's ps STAT letters: R running or runnable, S and D asleep, Z dead and not yet freed. */
static char state_letter(unsigned int state)
{
	switch (state) {
	case TASK_RUNNING:
		return 'R';
	case TASK_INTERRUPTIBLE:
		return 'S';
	case TASK_UNINTERRUPTIBLE:
		return 'D';
	case TASK_DEAD:
		return 'Z';
	default:
		return '-'; /* TASK_NEW: created, not yet started */
	}
}

/* One ps line; under the process list's lock, so p and its mm (if any) stay. */
static void ps_line(struct task_struct *p, void *arg)
{
	unsigned int *count = arg;
	const struct mm_struct *mm = p->mm; /* NULL once it exited: nothing left */

	shell_printf("%5d %3d %c    %8llu %8lu %8lu %8lu %s\n", p->pid, p->cpu,
		     state_letter(READ_ONCE(p->state)), (unsigned long long)READ_ONCE(p->ticks),
		     mm ? mm->total_vm << (PAGE_SHIFT - 10) : 0,
		     mm ? mm->rss << (PAGE_SHIFT - 10) : 0, mm ? mm->min_flt : 0, p->comm);
	(*count)++;
}

int cmd_ps(int argc, char **argv)
{
	unsigned int count = 0;

	(void)argc;
	(void)argv;
	/* Linux's ps -o pid,psr,stat,time,vsz,rss,min_flt,comm; TIME in ticks, sizes in KiB. */
	shell_printf("  PID PSR STAT    TICKS      VSZ      RSS   MINFLT COMMAND\n");
	process_for_each(ps_line, &count);
	shell_printf("%u process%s (the shell and the workers are kernel tasks, not listed)\n",
		     count, count == 1 ? "" : "es");
	return 0;
}

/* Each online CPU's run queue: how many tasks can run there, the switches, who runs now. */
int cmd_sched(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	shell_printf("CPU nr_running nr_switches  curr\n");
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct rq_stat st;

		if (!cpu_online(cpu))
			continue;
		sched_rq_stat((int)cpu, &st);
		shell_printf("%3u %10u %11llu  %s%d\n", cpu, st.nr_running,
			     (unsigned long long)st.nr_switches, st.curr_pid ? "pid " : "swapper/",
			     st.curr_pid ? st.curr_pid : (int)cpu);
	}
	shell_printf("round robin, %d ticks a slice (HZ=%d); nr_running counts each CPU's kernel "
		     "task\n",
		     RR_TIMESLICE, HZ);
	return 0;
}

int cmd_kill(int argc, char **argv)
{
	u64 pid;
	int err;

	(void)argc;
	if (!shell_arg_u64("kill", argv[1], &pid))
		return -EINVAL;
	err = process_kill((int)MIN(pid, (u64)0x7fffffff), SIGKILL);
	if (err)
		shell_printf("kill: (%llu) - No such process\n", (unsigned long long)pid);
	return err;
}

int cmd_oom_score_adj(int argc, char **argv)
{
	bool negative = argv[2][0] == '-';
	u64 pid, v;
	int adj, err;

	(void)argc;
	if (!shell_arg_u64("oom_score_adj", argv[1], &pid) ||
	    !shell_arg_u64("oom_score_adj", argv[2] + negative, &v))
		return -EINVAL;
	adj = (int)MIN(v, 1001UL); /* 1001: out of range, refused below */
	err = process_set_oom_score_adj((int)MIN(pid, (u64)0x7fffffff), negative ? -adj : adj);
	if (err == -EINVAL)
		shell_printf("oom_score_adj: %s is outside -1000 .. 1000\n", argv[2]);
	else if (err)
		shell_printf("oom_score_adj: (%llu) - No such process\n", (unsigned long long)pid);
	return err;
}

static const char *const overcommit_names[] = {"heuristic", "always", "never"};

/* overcommit [MODE]: Linux's vm.overcommit_memory, and /proc/meminfo's two lines about it. */
int cmd_overcommit(int argc, char **argv)
{
	if (argc > 1) {
		int mode = -1;

		for (int i = 0; i < (int)ARRAY_SIZE(overcommit_names); i++)
			if (!strcmp(argv[1], overcommit_names[i]) ||
			    (argv[1][0] == '0' + i && !argv[1][1]))
				mode = i;
		if (mode < 0) {
			shell_printf(
				"overcommit: %s is not heuristic (0), always (1) or never (2)\n",
				argv[1]);
			return -EINVAL;
		}
		WRITE_ONCE(sysctl_overcommit_memory, mode);
	}
	shell_printf("vm.overcommit_memory = %d (%s), vm.overcommit_ratio = %d\n",
		     sysctl_overcommit_memory, overcommit_names[sysctl_overcommit_memory],
		     sysctl_overcommit_ratio);
	shell_printf("CommitLimit:    %8lu kB\nCommitted_AS:   %8ld kB\n",
		     vm_commit_limit() << (PAGE_SHIFT - 10),
		     vm_committed_pages() << (PAGE_SHIFT - 10));
	return 0;
}
