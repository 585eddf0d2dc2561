/* SPDX-License-Identifier: MIT */
/*
 * Running a function later, in task context, on a chosen CPU: a minimal
 * subset of Linux's workqueues (include/linux/workqueue.h, 6.1) with its
 * names and meaning.
 *
 * Each CPU has one worker, Linux's per-CPU "kworker/N" of system_wq. An
 * AP's worker is its idle loop (kernel/idle.c): it runs queued work with
 * interrupts on and preempt_count 0, then halts again. The boot CPU runs
 * the shell, so its queue runs when the shell waits for a key
 * (arch/x86_64/serial.c idles through do_idle_once()) and inside
 * flush_work()/work_on_cpu() called on it. Work runs in the order queued.
 *
 * strata differs from Linux: the worker is the CPU's kernel task, which is
 * never preempted and never sleeps (kernel/sched.h: where it waits, it runs
 * the CPU's processes or halts); a work function runs to completion on its
 * CPU, and one that never returns keeps that CPU's other work waiting. Only
 * the per-CPU system_wq exists (no unbound queues, no delayed work).
 */
#ifndef STRATA_WORKQUEUE_H
#define STRATA_WORKQUEUE_H

#include "lib/types.h"

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	struct work_struct *next; /* on the worker's queue, under its lock */
	work_func_t func;
	unsigned int pending; /* queued and not yet started; __atomic builtins */
	int cpu;	      /* the worker it was last queued on */
};

static inline void INIT_WORK(struct work_struct *work, work_func_t func)
{
	work->next = NULL;
	work->func = func;
	work->pending = 0;
	work->cpu = -1;
}

/*
 * Queue work on cpu's worker and wake it. False if work was already
 * pending (it then runs once), or if cpu is not online (reported once).
 * Context: any, interrupt handlers included.
 */
bool schedule_work_on(int cpu, struct work_struct *work);

/*
 * Wait until the last queueing of work has run to completion; true if
 * it had to wait, false if work was idle. On work queued to this CPU, run
 * this CPU's queue here. Context: task (it would sleep in Linux).
 */
bool flush_work(struct work_struct *work);

/*
 * Run fn(arg) on cpu in task context and return its value: at once if cpu
 * is this CPU, otherwise through cpu's worker, waiting for it.
 * -ENXIO if cpu is not online (strata's answer; Linux leaves that to the
 * caller, who holds the CPU-hotplug lock). Context: task.
 */
long work_on_cpu(int cpu, long (*fn)(void *), void *arg);

/*
 * How many work items cpu's worker has run to completion since boot (the
 * shell's cpus command; Linux 6.1 keeps no such count). Any context.
 */
u64 work_done_count(int cpu);

/* True if this CPU's worker has work queued. Interrupts off. */
bool worker_has_work(void);

/* Run the work queued on this CPU now; interrupts on. Context: task. */
void run_pending_work(void);

#endif /* STRATA_WORKQUEUE_H */
