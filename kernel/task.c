// SPDX-License-Identifier: MIT
/*
 * `current` without a scheduler: each CPU's idle task (init_task on the
 * boot CPU, "swapper/N" on the others), and the one command task per CPU
 * that insmod and rmmod run a module's code in (see kernel/task.h).
 *
 * Invariant: each CPU's current_task is its idle task except between
 * task_begin() and task_end() on that CPU; only that CPU writes it.
 */
#include "kernel/task.h"
#include "arch/x86_64/atomic.h"
#include "kernel/percpu.h"
#include "kernel/smp.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

struct task_struct init_task = {0, "swapper/0"};

/* An AP's idle task (idle_task_init()); CPU 0's copy is unused: init_task. */
static DEFINE_PER_CPU(struct task_struct, idle_task);
/* The task of the command running on this CPU, between task_begin() and task_end(). */
static DEFINE_PER_CPU(struct task_struct, command_task);
/* The task running on this CPU; the template's value serves CPU 0. */
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

void idle_task_init(int cpu)
{
	struct task_struct *idle = &per_cpu(idle_task, cpu);

	idle->pid = 0;
	snprintf(idle->comm, sizeof(idle->comm), "swapper/%d", cpu);
	per_cpu(current_task, cpu) = idle;
}

void task_begin(const char *comm)
{
	struct task_struct *task = this_cpu_ptr(&command_task);

	task->pid = atomic_inc_return(&last_pid);
	strlcpy(task->comm, comm, sizeof(task->comm));
	this_cpu_write(current_task, task);
}

void task_end(void)
{
	this_cpu_write(current_task, smp_processor_id() ? this_cpu_ptr(&idle_task) : &init_task);
}
