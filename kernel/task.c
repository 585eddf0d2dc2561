// SPDX-License-Identifier: MIT
/*
 * `current`, one per CPU: each CPU's idle task (init_task on the boot CPU,
 * "swapper/N" on the others), the one command task per CPU that insmod
 * and rmmod run a module's code in, or a user process while it runs (see
 * kernel/task.h).
 *
 * Invariant: each CPU's current_task is its kernel task (its idle task, or
 * the command task between task_begin() and task_end() on that CPU, which
 * the run queue knows as its kernel task) except while a process runs
 * there; only that CPU writes it (kernel/sched.c switches it).
 */
#include "kernel/task.h"
#include "arch/x86_64/atomic.h"
#include "kernel/percpu.h"
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

struct task_struct init_task = {
	.pid = 0, .comm = "swapper/0", .state = TASK_RUNNING, .flags = PF_KTHREAD};

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

void set_current(struct task_struct *t)
{
	this_cpu_write(current_task, t);
}

int alloc_pid(void)
{
	return atomic_inc_return(&last_pid);
}

void idle_task_init(int cpu)
{
	struct task_struct *idle = &per_cpu(idle_task, cpu);

	idle->pid = 0;
	idle->state = TASK_RUNNING;
	snprintf(idle->comm, sizeof(idle->comm), "swapper/%d", cpu);
	init_idle(idle, cpu);
	per_cpu(current_task, cpu) = idle;
}

void task_begin(const char *comm)
{
	struct task_struct *task = this_cpu_ptr(&command_task);

	task->pid = alloc_pid();
	strlcpy(task->comm, comm, sizeof(task->comm));
	sched_set_kernel_task(task);
	set_current(task);
}

void task_end(void)
{
	struct task_struct *idle = smp_processor_id() ? this_cpu_ptr(&idle_task) : &init_task;

	sched_set_kernel_task(idle);
	set_current(idle);
}
