// SPDX-License-Identifier: MIT
/*
 * The per-CPU workers behind schedule_work_on(), flush_work() and
 * work_on_cpu() (kernel/workqueue.h for the contract; Linux 6.1's
 * kernel/workqueue.c for the full design).
 *
 * Invariants: a work item is on at most one queue, and on one exactly
 * while its pending flag is set; the worker clears pending and records
 * the item as its current_work before calling it, and forgets it after,
 * never touching the item again (a function may free its own work).
 * flush_work() reads pending first and current_work second, the reverse
 * of the order they are written, so it never misses a running item.
 *
 * Lock order: a worker's lock is a leaf (no work runs under it).
 */
#include "kernel/workqueue.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irqflags.h"
#include "kernel/cpumask.h"
#include "kernel/panic.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "lib/errno.h"

/* One CPU's queue; lock taken with interrupts off (handlers may queue). */
struct worker {
	spinlock_t lock;
	struct work_struct *head;
	struct work_struct *tail;	  /* the newest; NULL when empty */
	struct work_struct *current_work; /* running now; __atomic builtins */
	u64 nr_done;			  /* items run to completion; only this CPU writes it */
};

static DEFINE_PER_CPU(struct worker, cpu_worker) = {
	.lock = __SPIN_LOCK_UNLOCKED(cpu_worker.lock),
};

bool schedule_work_on(int cpu, struct work_struct *work)
{
	struct worker *w;
	unsigned long flags;

	if (cpu < 0 || !cpu_online((unsigned int)cpu)) {
		pr_warn_once("workqueue: work %ps queued on CPU %d, which is not online: "
			     "not queued\n",
			     work->func, cpu);
		return false;
	}
	if (__atomic_exchange_n(&work->pending, 1, __ATOMIC_ACQ_REL))
		return false;
	w = &per_cpu(cpu_worker, cpu);
	spin_lock_irqsave(&w->lock, flags);
	work->cpu = cpu;
	work->next = NULL;
	if (w->tail)
		w->tail->next = work;
	else
		w->head = work;
	w->tail = work;
	spin_unlock_irqrestore(&w->lock, flags);
	if (cpu != smp_processor_id())
		smp_send_reschedule(cpu); /* wakes its idle loop from hlt */
	return true;
}

bool worker_has_work(void)
{
	return READ_ONCE(this_cpu_ptr(&cpu_worker)->head) != NULL;
}

void run_pending_work(void)
{
	struct worker *w = this_cpu_ptr(&cpu_worker);

	for (;;) {
		struct work_struct *work;
		work_func_t func;

		spin_lock_irq(&w->lock);
		work = w->head;
		if (work) {
			w->head = work->next;
			if (!w->head)
				w->tail = NULL;
			__atomic_store_n(&w->current_work, work, __ATOMIC_RELEASE);
			__atomic_store_n(&work->pending, 0, __ATOMIC_RELEASE);
		}
		spin_unlock_irq(&w->lock);
		if (!work)
			return;
		func = work->func; /* read before the call: work may be freed by it */
		func(work);
		/* Counted before current_work clears: a flush_work() that returns sees it. */
		WRITE_ONCE(w->nr_done, w->nr_done + 1);
		__atomic_store_n(&w->current_work, NULL, __ATOMIC_RELEASE);
	}
}

u64 work_done_count(int cpu)
{
	return READ_ONCE(per_cpu(cpu_worker, cpu).nr_done);
}

bool flush_work(struct work_struct *work)
{
	bool waited = false;
	int cpu = work->cpu;

	WARN_ON_ONCE(in_interrupt() || irqs_disabled());
	if (cpu < 0)
		return false;
	for (;;) {
		bool queued = __atomic_load_n(&work->pending, __ATOMIC_ACQUIRE);
		struct work_struct *running =
			__atomic_load_n(&per_cpu(cpu_worker, cpu).current_work, __ATOMIC_ACQUIRE);

		if (!queued && running != work)
			return waited;
		waited = true;
		if (cpu == smp_processor_id()) {
			run_pending_work();
		} else {
			cond_resched(); /* this CPU's processes run meanwhile */
			cpu_relax();
		}
	}
}

struct work_for_cpu {
	struct work_struct work;
	long (*fn)(void *);
	void *arg;
	long ret;
};

static void work_for_cpu_fn(struct work_struct *work)
{
	struct work_for_cpu *wfc = (struct work_for_cpu *)work;

	wfc->ret = wfc->fn(wfc->arg);
}

long work_on_cpu(int cpu, long (*fn)(void *), void *arg)
{
	struct work_for_cpu wfc = {.fn = fn, .arg = arg};

	if (cpu == smp_processor_id())
		return fn(arg);
	INIT_WORK(&wfc.work, work_for_cpu_fn);
	if (!schedule_work_on(cpu, &wfc.work))
		return -ENXIO;
	flush_work(&wfc.work);
	return wfc.ret;
}
