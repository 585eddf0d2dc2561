// SPDX-License-Identifier: MIT
/*
 * `current`, one per CPU: init_task, the one command task that insmod and
 * rmmod run a module's code in, or a user process while it runs (see
 * kernel/task.h).
 *
 * Invariant: each CPU's current_task is &init_task except between
 * task_begin() and task_end(), or while a process it switched to runs.
 */
#include "kernel/task.h"
#include "arch/x86_64/atomic.h"
#include "kernel/percpu.h"
#include "lib/string.h"

struct task_struct init_task = {.pid = 0, .comm = "swapper/0", .state = TASK_STATE_RUNNING};

static struct task_struct command_task;
static DEFINE_PER_CPU(struct task_struct *, current_task) = &init_task;
/*
 * The last pid given. In Linux a command's pid is whatever is free; here
 * they count up from 100, clear of the low pids Linux's first processes and
 * kernel threads take, so that no reader takes one for init (pid 1).
 */
static atomic_t last_pid = ATOMIC_INIT(99);

struct task_struct *get_current(void)
{
	return this_cpu_read(current_task);
}

void set_current(struct task_struct *t)
{
	this_cpu_write(current_task, t);
}

int alloc_pid(void)
{
	return atomic_inc_return(&last_pid);
}

void task_begin(const char *comm)
{
	command_task.pid = alloc_pid();
	strlcpy(command_task.comm, comm, sizeof(command_task.comm));
	set_current(&command_task);
}

void task_end(void)
{
	set_current(&init_task);
}
