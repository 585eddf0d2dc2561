/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: preemptive round robin with one run queue per CPU, under
 * Linux 6.1's names (kernel/sched/core.c, include/linux/sched.h).
 *
 * Each CPU has a struct rq: the task running (curr), a FIFO of the others
 * that can run, and that CPU's kernel task (swapper/N: on CPU 0 the boot,
 * the tests and the shell; on an AP its idle loop and its worker). A user
 * process gets RR_TIMESLICE ticks (Linux's SCHED_RR slice, 100 ms: 25 ticks
 * at HZ=250); when they run out and another task is waiting, the tick sets
 * need_resched and the process gives up the CPU on its way back to user
 * mode (kernel/process.c's exit_to_user_mode()). Kernel code is never
 * preempted: as Linux's CONFIG_PREEMPT_NONE, it gives the CPU up only where
 * it waits (schedule()). A process stays on the CPU it was placed on
 * (no load balancing, no migration).
 *
 * Where strata differs from Linux on purpose: the kernel task takes its turn
 * in the FIFO like a process, and never sleeps: where it waits (for a key,
 * for a child, for work, msleep) it yields to the runnable tasks of its CPU
 * and halts only when there are none (schedule_idle_once()). Linux's idle
 * task runs only when nothing else can, and its shell is a process. An
 * interrupt other than the tick that arrives while a process runs (a key,
 * a reschedule IPI) gives the kernel task the next turn at once, so the
 * shell answers a key without waiting for the slice to end.
 */
#ifndef STRATA_SCHED_H
#define STRATA_SCHED_H

#include "kernel/task.h"
#include "kernel/time.h"
#include "lib/types.h"

/* SCHED_RR's time slice in ticks (Linux 6.1 include/linux/sched/rt.h). */
#define RR_TIMESLICE (100 * HZ / 1000)

/* One CPU's run queue, as the shell's sched command shows it. */
struct rq_stat {
	unsigned int nr_running; /* curr and the FIFO, the kernel task included */
	u64 nr_switches;	 /* context switches since boot */
	int curr_pid;		 /* pid of the task on the CPU now (0: the kernel task) */
};

/* Make idle cpu's kernel task and its current (Linux's init_idle()). Boot CPU, before cpu starts. */
void init_idle(struct task_struct *idle, int cpu);
/* The command task (kernel/task.h) takes over this CPU's kernel task, or gives it back. */
void sched_set_kernel_task(struct task_struct *t);

/*
 * Give the CPU to the next task of this CPU's FIFO, if any. A process that
 * is not TASK_RUNNING leaves the run queue (it sleeps until
 * wake_up_process(), or is dead); otherwise the caller goes to the FIFO's
 * tail. Context: task, no lock held (reported and refused otherwise).
 */
void schedule(void);
/* sched_yield(): schedule() with the caller staying runnable. Context: task. */
void yield(void);
/*
 * A kernel task that waits: with interrupts off, run another task of this
 * CPU if there is one (and no lock is held), else halt until an interrupt.
 * Returns with interrupts on. Context: a kernel task.
 */
void schedule_idle_once(void);
/* In a kernel task, give other runnable tasks of this CPU their turn (Linux's name). Context: task. */
void cond_resched(void);

/*
 * Wake a sleeping process (TASK_INTERRUPTIBLE or TASK_UNINTERRUPTIBLE, as
 * Linux's): TASK_RUNNING, at its run queue's tail, and its CPU kicked if
 * that is another. A kernel task is made to run soon. True if p was asleep;
 * a new (never started) or dead process is left alone. Context: any.
 */
bool wake_up_process(struct task_struct *p);
/* The same, only if p's state is in the mask state (Linux's name; kill wakes TASK_INTERRUPTIBLE). */
bool wake_up_state(struct task_struct *p, unsigned int state);
/* First wake-up of a new process, on cpu (online). Context: any. */
void wake_up_new_task(struct task_struct *p, int cpu);
/*
 * The online CPU with the fewest runnable tasks (ties: the highest number),
 * read without the locks: a hint. Context: any.
 */
int sched_least_loaded_cpu(void);
/* Interrupt the CPU p runs on (Linux's kick_process()). Context: any. */
void kick_process(struct task_struct *p);

/*
 * Register the process layer's part of a switch (kernel/process.c): next's
 * address space, kernel stack top and TLS base (Linux's
 * switch_mm_irqs_off() and __switch_to()). Called with interrupts off.
 */
void sched_set_switch_mm(void (*fn)(struct task_struct *prev, struct task_struct *next));

/* The tick's accounting and time slice (hardirq context, this CPU). */
void scheduler_tick(void);
/* An interrupt other than the tick came while a process ran: the kernel task goes next. */
void sched_irq_wakes_kernel_task(void);
/* This CPU's need_resched flag: a task is waiting for the CPU. Context: any, this CPU's own. */
bool need_resched(void);

/*
 * Set the current task's state before schedule() or schedule_timeout()
 * (Linux's name), with a full barrier. Context: task, no lock needed.
 */
void set_current_state(unsigned int state);

/* The numbers of cpu's run queue, under its lock (irqsave). Context: any. */
void sched_rq_stat(int cpu, struct rq_stat *st);

#endif /* STRATA_SCHED_H */
