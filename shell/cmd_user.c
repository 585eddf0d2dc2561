// SPDX-License-Identifier: MIT
/*
 * Shell commands for user processes: `run [-m] [-c CPU] PROG [ARGS] [&]`
 * runs a program (built in, or a boot module) until it ends, on this CPU or
 * (-c) on CPU's worker, then says how it ended; with -m it prints the
 * process's /proc/PID/maps and status lines as it exits; with a last
 * argument "&" (and another CPU) the shell does not wait: the worker says
 * how it ended. Without arguments it lists the built-in programs. `ps`
 * lists the processes, `kill PID` ends one.
 */
#include "shell/shell_internal.h"
#include "kernel/process.h"
#include "kernel/programs.h"
#include "kernel/percpu.h"
#include "kernel/smp.h"
#include "mm/mmap.h"
#include "mm/slab.h"
#include "kernel/workqueue.h"
#include "lib/errno.h"
#include "lib/string.h"

/* What Linux's kernel gives init: the environment a program starts with here. */
static char *const run_envp[] = {"HOME=/", "TERM=linux", NULL};

struct run_request {
	struct task_struct *p;
	bool maps;
};

/* process_run() where work_on_cpu() calls it: the status as a long. */
static long run_there(void *arg)
{
	struct run_request *r = arg;

	return process_run(r->p, NULL, r->maps);
}

/* A process the shell does not wait for: its worker reports and frees it. */
struct background_run {
	struct work_struct work;
	struct run_request req;
};

static void background_fn(struct work_struct *work)
{
	struct background_run *bg = (struct background_run *)work;
	struct task_struct *p = bg->req.p;
	int status = process_run(p, NULL, bg->req.maps);

	process_print_status(p->comm, p->pid, status);
	process_free(p);
	kfree(bg);
}

/* Start req->p on cpu's worker and return at once; 0, or -errno with p freed. */
static int run_background(struct run_request *req, int cpu)
{
	struct background_run *bg;

	if (cpu < 0 || cpu == smp_processor_id()) {
		shell_printf("run: & needs -c CPU, another CPU than the shell's (%d)\n",
			     smp_processor_id());
		process_free(req->p);
		return -EINVAL;
	}
	bg = kmalloc(sizeof(*bg), GFP_KERNEL);
	if (!bg) {
		shell_printf("run: no memory to start it in the background\n");
		process_free(req->p);
		return -ENOMEM;
	}
	bg->req = *req;
	INIT_WORK(&bg->work, background_fn);
	shell_printf("[%d] %s on CPU %d\n", req->p->pid, req->p->comm, cpu);
	if (!schedule_work_on(cpu, &bg->work)) {
		shell_printf("run: CPU %d is not online\n", cpu);
		process_free(req->p);
		kfree(bg);
		return -ENXIO;
	}
	return 0;
}

int cmd_run(int argc, char **argv)
{
	char *args[SHELL_MAX_ARGS + 1];
	struct task_struct *p;
	const u8 *image;
	size_t size;
	struct run_request req = {NULL, false};
	int first = 1, n = 0, cpu = -1, err, pid;
	bool background = argc > 1 && !strcmp(argv[argc - 1], "&");
	long status;

	if (background)
		argc--;
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (!strcmp(argv[first], "-m")) {
			req.maps = true;
		} else if (!strcmp(argv[first], "-c")) {
			u64 v;

			if (first + 1 == argc) {
				shell_printf("run: -c needs a CPU number\n");
				return -EINVAL;
			}
			if (!shell_arg_u64("run", argv[++first], &v))
				return -EINVAL;
			cpu = (int)MIN(v, (u64)NR_CPUS);
		} else {
			shell_printf("run: unknown option %s\n", argv[first]);
			return -EINVAL;
		}
	}
	if (first >= argc) {
		shell_printf("usage: run [-m] [-c CPU] PROG [ARGS]; the built-in programs:\n");
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
	req.p = p;
	if (background)
		return run_background(&req, cpu);
	status = cpu < 0 ? run_there(&req) : work_on_cpu(cpu, run_there, &req);
	if (status == -ENXIO && p->state == TASK_STATE_NEW)
		shell_printf("run: CPU %d is not online\n", cpu);
	else
		process_print_status(args[0], pid, (int)status);
	process_free(p);
	return status == -ENXIO && p->state == TASK_STATE_NEW ? -ENXIO : 0;
}

static const char *state_name(enum task_state state)
{
	switch (state) {
	case TASK_STATE_NEW:
		return "new";
	case TASK_STATE_RUNNING:
		return "R";
	default:
		return "Z"; /* dead, not yet freed: Linux's zombie */
	}
}

/* One ps line; under the process list's lock, so p and its mm (if any) stay. */
static void ps_line(struct task_struct *p, void *arg)
{
	unsigned int *count = arg;
	const struct mm_struct *mm = p->mm; /* NULL once it exited: nothing left */

	shell_printf("%5d %3d %-5s %8lu %8lu %8lu %s\n", p->pid, p->cpu, state_name(p->state),
		     mm ? mm->total_vm << (PAGE_SHIFT - 10) : 0,
		     mm ? mm->rss << (PAGE_SHIFT - 10) : 0, mm ? mm->min_flt : 0, p->comm);
	(*count)++;
}

int cmd_ps(int argc, char **argv)
{
	unsigned int count = 0;

	(void)argc;
	(void)argv;
	/* Linux's ps -o pid,psr,stat,vsz,rss,min_flt,comm, sizes in KiB. */
	shell_printf("  PID PSR STAT       VSZ      RSS   MINFLT COMMAND\n");
	process_for_each(ps_line, &count);
	shell_printf("%u process%s (the shell and the workers are kernel tasks, not listed)\n",
		     count, count == 1 ? "" : "es");
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
