// SPDX-License-Identifier: MIT
/*
 * Shell commands for user processes: `run [-m] PROGRAM [ARGS]` runs a
 * program (built in, or a boot module) on this CPU until it ends, then
 * says how it ended; with -m it prints the process's /proc/PID/maps and
 * status lines as it exits. Without arguments it lists the built-in
 * programs.
 */
#include "shell/shell_internal.h"
#include "kernel/process.h"
#include "kernel/programs.h"
#include "lib/errno.h"
#include "lib/string.h"

/* What Linux's kernel gives init: the environment a program starts with here. */
static char *const run_envp[] = {"HOME=/", "TERM=linux", NULL};

int cmd_run(int argc, char **argv)
{
	char *args[SHELL_MAX_ARGS + 1];
	struct task_struct *p;
	const u8 *image;
	size_t size;
	bool maps = false;
	int first = 1, n = 0, err, status, pid;

	if (argc > 1 && !strcmp(argv[1], "-m")) {
		maps = true;
		first++;
	}
	if (first >= argc) {
		shell_printf("usage: run [-m] PROGRAM [ARGS]; the built-in programs:\n");
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
	status = process_run(p, NULL, maps);
	process_print_status(args[0], pid, status);
	process_free(p);
	return 0;
}
