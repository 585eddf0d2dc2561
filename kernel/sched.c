// SPDX-License-Identifier: MIT
/*
 * Per-CPU run queues and the round-robin switch (kernel/sched.h has the
 * design and where it differs from Linux).
 *
 * Invariants, for each CPU's rq: curr is the task running there; the
 * kernel task is always curr or in the FIFO (so a process that sleeps or
 * dies always has someone to switch to); a task is in at most one FIFO, and
 * on_rq says whether; nr_running counts curr plus the FIFO. Only the CPU
 * itself switches tasks and takes tasks off its FIFO; other CPUs only add
 * (wake_up_process). All of it under rq->lock, taken with interrupts off
 * (the tick and wake-ups from interrupts take it).
 *
 * The switch drops rq->lock before the stacks change, with interrupts still
 * off: a task that another CPU wakes meanwhile is only queued, and only
 * this CPU could run it, after the switch. A dead task's sp is 0 until
 * __switch_to_asm stores the last rsp in it: from then on nothing touches
 * its stack, and process_wait() may free it (Linux's p->on_cpu).
 *
 * Lock order: process_lock (kernel/process.c) before rq->lock; rq->lock is
 * otherwise a leaf (no timer base lock or other lock is taken under it).
 */
#include "kernel/sched.h"
#include "arch/x86_64/irqflags.h"
#include "arch/x86_64/syscall.h"
#include "kernel/cpumask.h"
#include "kernel/percpu.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"

struct rq {
	spinlock_t lock;
	struct task_struct *curr;
	struct task_struct *kernel_task; /* swapper/N, or the command task (kernel/task.h) */
	struct task_struct *head, *tail; /* the FIFO of runnable tasks, not curr */
	unsigned int nr_running;
	u64 nr_switches;
	bool need_resched;
};

/* The template serves CPU 0, whose kernel task is init_task; init_idle() sets the others. */
static DEFINE_PER_CPU(struct rq, runqueues) = {
	.lock = __SPIN_LOCK_UNLOCKED(runqueues.lock),
	.curr = &init_task,
	.kernel_task = &init_task,
	.nr_running = 1,
};

static bool is_kernel_task(const struct task_struct *p)
{
	return p->flags & PF_KTHREAD;
}

void init_idle(struct task_struct *idle, int cpu)
{
	struct rq *rq = &per_cpu(runqueues, cpu);

	idle->flags |= PF_KTHREAD;
	idle->cpu = cpu;
	rq->curr = rq->kernel_task = idle;
	rq->head = rq->tail = NULL;
	rq->nr_running = 1;
}

void sched_set_kernel_task(struct task_struct *t)
{
	struct rq *rq = this_cpu_ptr(&runqueues);
	unsigned long flags;

	spin_lock_irqsave(&rq->lock, flags);
	t->flags |= PF_KTHREAD;
	t->cpu = smp_processor_id();
	rq->curr = rq->kernel_task = t;
	spin_unlock_irqrestore(&rq->lock, flags);
}

static void enqueue_task(struct rq *rq, struct task_struct *p)
{
	lockdep_assert_held(&rq->lock);
	p->run_next = NULL;
	if (rq->tail)
		rq->tail->run_next = p;
	else
		rq->head = p;
	rq->tail = p;
	p->on_rq = true;
	rq->nr_running++;
}

static struct task_struct *dequeue_head(struct rq *rq)
{
	struct task_struct *p = rq->head;

	lockdep_assert_held(&rq->lock);
	if (!p)
		return NULL;
	rq->head = p->run_next;
	if (!rq->head)
		rq->tail = NULL;
	p->run_next = NULL;
	p->on_rq = false;
	rq->nr_running--;
	return p;
}

/* The process layer's part of a switch (sched_set_switch_mm()). */
static void (*switch_mm_hook)(struct task_struct *prev, struct task_struct *next);

void sched_set_switch_mm(void (*fn)(struct task_struct *prev, struct task_struct *next))
{
	switch_mm_hook = fn;
}

/* The x87/SSE registers of a process that leaves the CPU, and of one that comes back. */
static void switch_fpu(struct task_struct *prev, struct task_struct *next)
{
	if (prev->mm && prev->state != TASK_DEAD) {
		__asm__ volatile("fxsave64 %0" : "=m"(prev->fpu[0]));
		prev->fpu_saved = true;
	}
	/* A new process has none yet: ret_from_fork resets them. */
	if (next->mm && next->fpu_saved)
		__asm__ volatile("fxrstor64 %0" : : "m"(next->fpu[0]));
}

/* Make next this CPU's running task: its address space, stacks, TLS base, registers. */
static void context_switch(struct task_struct *prev, struct task_struct *next)
{
	switch_fpu(prev, next);
	switch_mm_hook(prev, next); /* set: a process exists, so process_init() ran */
	set_current(next);
	__switch_to_asm(&prev->sp, next->sp);
}

static void __schedule(bool stay_runnable)
{
	struct rq *rq = this_cpu_ptr(&runqueues);
	struct task_struct *prev, *next;
	unsigned long flags;

	if (in_atomic() || !in_task()) {
		/* Linux's report; switching here could deadlock on the lock held. */
		pr_err("BUG: scheduling while atomic: %s/%d/0x%08x (from %pS): not switching\n",
		       get_current()->comm, get_current()->pid, preempt_count(),
		       __builtin_return_address(0));
		return;
	}
	local_irq_save(flags);
	spin_lock(&rq->lock);
	prev = rq->curr;
	rq->need_resched = false;
	/*
	 * Linux's signal_pending_state(): a kill that came after the sleeper's
	 * last look at pending_sig found it still TASK_RUNNING and only kicked it
	 * (process_kill()); it must not sleep now, but stay runnable and die on
	 * its way out. The sleeper's set_current_state() and the killer's
	 * smp_mb() make one of the two see the other.
	 */
	if (prev->state == TASK_INTERRUPTIBLE && READ_ONCE(prev->pending_sig))
		prev->state = TASK_RUNNING;
	if (stay_runnable || is_kernel_task(prev) || prev->state == TASK_RUNNING)
		enqueue_task(rq, prev);
	next = dequeue_head(rq); /* never NULL: the kernel task is curr or queued */
	rq->curr = next;
	if (next == prev) {
		spin_unlock(&rq->lock);
		local_irq_restore(flags);
		return;
	}
	next->time_slice = RR_TIMESLICE;
	rq->nr_switches++;
	spin_unlock(&rq->lock);
	context_switch(prev, next);
	/* prev runs again here, on the same CPU, its own flags on its own stack. */
	local_irq_restore(flags);
}

void schedule(void)
{
	__schedule(false);
}

void yield(void)
{
	__schedule(true);
}

/* Any task but curr waiting on this CPU? Interrupts off. */
static bool others_runnable(void)
{
	return READ_ONCE(this_cpu_ptr(&runqueues)->head) != NULL;
}

void schedule_idle_once(void)
{
	if (others_runnable() && !in_atomic()) {
		schedule();
		local_irq_enable();
		return;
	}
	safe_halt(); /* enables interrupts in the same step: a wake-up IPI is not lost */
}

void cond_resched(void)
{
	if (is_kernel_task(get_current()) && !in_atomic() && others_runnable())
		schedule();
}

void set_current_state(unsigned int state)
{
	/*
	 * A full barrier, as Linux's smp_store_mb(): the sleeper's next check of
	 * its condition is not read before a waker can see the state.
	 */
	__atomic_store_n(&get_current()->state, state, __ATOMIC_SEQ_CST);
}

bool need_resched(void)
{
	return READ_ONCE(this_cpu_ptr(&runqueues)->need_resched);
}

/* Wake p if its state is one of states (a mask of TASK_*): Linux's try_to_wake_up(). */
static bool try_to_wake_up(struct task_struct *p, unsigned int states)
{
	struct rq *rq = &per_cpu(runqueues, p->cpu);
	unsigned long flags;
	bool woken = false;

	spin_lock_irqsave(&rq->lock, flags);
	if (p->state & states) {
		p->state = TASK_RUNNING;
		/* Still curr (it has not reached schedule() yet): it stays on the CPU. */
		if (!p->on_rq && rq->curr != p)
			enqueue_task(rq, p);
		woken = true;
	}
	spin_unlock_irqrestore(&rq->lock, flags);
	if (p->cpu != smp_processor_id())
		smp_send_reschedule(p->cpu); /* wakes its halt, or brings its kernel task's turn */
	return woken;
}

bool wake_up_process(struct task_struct *p)
{
	/* Linux's TASK_NORMAL */
	return try_to_wake_up(p, TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE);
}

bool wake_up_state(struct task_struct *p, unsigned int state)
{
	return try_to_wake_up(p, state);
}

void wake_up_new_task(struct task_struct *p, int cpu)
{
	p->cpu = cpu;
	p->time_slice = RR_TIMESLICE;
	try_to_wake_up(p, TASK_NEW);
}

int sched_least_loaded_cpu(void)
{
	int best = smp_processor_id();
	unsigned int best_n = ~0U;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		unsigned int n;

		if (!cpu_online(cpu))
			continue;
		n = READ_ONCE(per_cpu(runqueues, cpu).nr_running);
		if (n <= best_n) {
			best = (int)cpu;
			best_n = n;
		}
	}
	return best;
}

void kick_process(struct task_struct *p)
{
	int cpu = READ_ONCE(p->cpu);

	if (cpu != smp_processor_id() && READ_ONCE(per_cpu(runqueues, cpu).curr) == p)
		smp_send_reschedule(cpu);
}

void scheduler_tick(void)
{
	struct rq *rq = this_cpu_ptr(&runqueues);
	struct task_struct *curr;

	spin_lock(&rq->lock);
	curr = rq->curr;
	curr->ticks++;
	if (!is_kernel_task(curr) && curr->time_slice && !--curr->time_slice) {
		curr->time_slice = RR_TIMESLICE; /* SCHED_RR: a new slice, at the FIFO's tail */
		if (rq->head)
			rq->need_resched = true;
	}
	spin_unlock(&rq->lock);
}

void sched_irq_wakes_kernel_task(void)
{
	struct rq *rq = this_cpu_ptr(&runqueues);
	struct task_struct *k = rq->kernel_task, *before;

	spin_lock(&rq->lock);
	if (k->on_rq && rq->head != k) {
		/* Move it from its place in the FIFO to the head. */
		for (before = rq->head; before->run_next != k; before = before->run_next)
			;
		before->run_next = k->run_next;
		if (rq->tail == k)
			rq->tail = before;
		k->run_next = rq->head;
		rq->head = k;
	}
	if (k->on_rq)
		rq->need_resched = true;
	spin_unlock(&rq->lock);
}

void sched_rq_stat(int cpu, struct rq_stat *st)
{
	struct rq *rq = &per_cpu(runqueues, cpu);
	unsigned long flags;

	spin_lock_irqsave(&rq->lock, flags);
	st->nr_running = rq->nr_running;
	st->nr_switches = rq->nr_switches;
	st->curr_pid = is_kernel_task(rq->curr) ? 0 : rq->curr->pid;
	spin_unlock_irqrestore(&rq->lock, flags);
}
