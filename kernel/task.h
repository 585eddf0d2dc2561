/* SPDX-License-Identifier: MIT */
/*
 * The context that runs kernel code, as Linux's `current` names it: a
 * struct task_struct with a pid and a command name, one current per CPU
 * (Linux x86 keeps it in a per-CPU variable too). strata has no
 * scheduler, so each CPU has few: its idle task, pid 0 and named as Linux
 * names them, "swapper/N" (init_task, "swapper/0", on the boot CPU, which
 * runs the boot and the shell; on an AP the idle loop, its work and its
 * interrupts); and, while `insmod` or `rmmod` runs a module's init or
 * exit, a task named after the command with a new pid, because in Linux
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

/* The task running now on this CPU. Any context. */
struct task_struct *get_current(void);

/*
 * Make "swapper/cpu" (pid 0) cpu's idle task and its current, as Linux's
 * init_idle() names it and its do_boot_cpu() sets current; the boot CPU
 * calls it before starting that AP.
 */
void idle_task_init(int cpu);

/*
 * The code from here to task_end() runs on this CPU as a new process named
 * comm (cut to TASK_COMM_LEN - 1 characters) with the next pid: insmod and
 * rmmod call it around a module's init or exit. Not nested.
 */
void task_begin(const char *comm);
/* Back to this CPU's idle task. */
void task_end(void);

#endif /* STRATA_TASK_H */
