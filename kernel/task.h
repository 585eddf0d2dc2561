/* SPDX-License-Identifier: MIT */
/*
 * The context that runs kernel code, as Linux's `current` names it: a
 * struct task_struct with a pid and a command name. strata has no
 * scheduler and one thread of control, so there are only two: init_task
 * (pid 0, "swapper/0", Linux's name for the boot CPU's idle task) for the
 * boot and the shell, and, while `insmod` or `rmmod` runs a module's init
 * or exit, a task named after the command with a new pid, because in Linux
 * those functions run in the insmod or rmmod process.
 * include/linux/sched.h gives module code `current`.
 */
#ifndef STRATA_TASK_H
#define STRATA_TASK_H

#include "lib/types.h"

/* Linux's length of comm, with its NUL. */
#define TASK_COMM_LEN 16

struct task_struct {
	int pid;		  /* process id: 0 for init_task, then one per command */
	char comm[TASK_COMM_LEN]; /* command name, NUL-terminated */
};

/* pid 0, "swapper/0": the boot and the shell. */
extern struct task_struct init_task;

/* The task running now. Any context. */
struct task_struct *get_current(void);

/*
 * The code from here to task_end() runs as a new process named comm (cut
 * to TASK_COMM_LEN - 1 characters) with the next pid: insmod and rmmod
 * call it around a module's init or exit. Not nested.
 */
void task_begin(const char *comm);
/* Back to init_task. */
void task_end(void);

#endif /* STRATA_TASK_H */
