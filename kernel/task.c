// SPDX-License-Identifier: MIT
/*
 * `current` without a scheduler: init_task, and the one command task that
 * insmod and rmmod run a module's code in (see kernel/task.h).
 *
 * Invariant: current_task is &init_task except between task_begin() and
 * task_end().
 */
#include "kernel/task.h"
#include "lib/string.h"

struct task_struct init_task = {0, "swapper/0"};

static struct task_struct command_task;
static struct task_struct *current_task = &init_task;
/*
 * The last pid given. In Linux a command's pid is whatever is free; here
 * they count up from 100, clear of the low pids Linux's first processes and
 * kernel threads take, so that no reader takes one for init (pid 1).
 */
static int last_pid = 99;

struct task_struct *get_current(void)
{
	return current_task;
}

void task_begin(const char *comm)
{
	command_task.pid = ++last_pid;
	strlcpy(command_task.comm, comm, sizeof(command_task.comm));
	current_task = &command_task;
}

void task_end(void)
{
	current_task = &init_task;
}
