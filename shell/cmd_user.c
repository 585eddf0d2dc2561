// SPDX-License-Identifier: MIT
/*
 * Shell commands for user processes: `run [-m] [-c CPU] PROGRAM [ARGS]`
 * runs a program (built in, or a boot module) until it ends, on this CPU or
 * (-c) on CPU's worker, then says how it ended; with -m it prints the
 * process's /proc/PID/maps and status lines as it exits. Without arguments
 * it lists the built-in programs.
 */
#include "shell/shell_internal.h"
#include "kernel/process.h"
#include "kernel/programs.h"
#include "kernel/percpu.h"
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

int cmd_run(int argc, char **argv)
{
	char *args[SHELL_MAX_ARGS + 1];
	struct task_struct *p;
	const u8 *image;
	size_t size;
	struct run_request req = {NULL, false};
	int first = 1, n = 0, cpu = -1, err, pid;
	long status;

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
		shell_printf("run: %s: cannot start it: %d\n", argv[first], err);
		return err;
	}
	pid = p->pid;
	req.p = p;
	status = cpu < 0 ? run_there(&req) : work_on_cpu(cpu, run_there, &req);
	if (status == -ENXIO && p->state == TASK_STATE_NEW)
		shell_printf("run: CPU %d is not online\n", cpu);
	else
		process_print_status(args[0], pid, (int)status);
	process_free(p);
	return status == -ENXIO && p->state == TASK_STATE_NEW ? -ENXIO : 0;
}
