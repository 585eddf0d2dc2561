// SPDX-License-Identifier: MIT
/*
 * Timers (kernel/timer.h): each CPU keeps a list of its pending timers and
 * runs the expired ones from its tick, in hardirq context.
 *
 * Invariants: a timer is on at most one CPU's list, and timer->pending says
 * whether it is; both change only under that CPU's base lock. base->running
 * is the timer whose callback runs on that CPU now (NULL: none); the
 * callback runs with the lock dropped, so it may re-arm itself.
 *
 * Lock order: a base's lock is a leaf (no other lock is taken under it, no
 * callback runs under it); it is taken with interrupts off everywhere, since
 * the tick takes it.
 */
#include "kernel/timer.h"
#include "arch/x86_64/cpu.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"

/* One CPU's timers. */
struct timer_base {
	spinlock_t lock;
	struct timer_list *pending;	     /* its pending timers, unordered */
	struct timer_list *volatile running; /* the timer whose callback runs now */
	u32 pass; /* ticks that ran its timers: a timer queued in this pass waits for the next */
};

static DEFINE_PER_CPU(struct timer_base, timer_bases) = {
	.lock = __SPIN_LOCK_UNLOCKED(timer_bases.lock),
};

void timer_setup(struct timer_list *timer, void (*fn)(struct timer_list *), u32 flags)
{
	*timer = (struct timer_list){.function = fn, .flags = flags, .cpu = -1};
}

/* Unlink timer from base's list if it is there; true if it was. */
static bool timer_detach_locked(struct timer_base *base, struct timer_list *timer)
{
	lockdep_assert_held(&base->lock);
	if (!timer->pending)
		return false;
	for (struct timer_list **link = &base->pending; *link; link = &(*link)->next) {
		if (*link != timer)
			continue;
		*link = timer->next;
		timer->next = NULL;
		__atomic_store_n(&timer->pending, false, __ATOMIC_RELEASE);
		return true;
	}
	return false;
}

static void timer_enqueue_locked(struct timer_base *base, struct timer_list *timer, int cpu)
{
	lockdep_assert_held(&base->lock);
	timer->cpu = cpu;
	timer->pass = base->pass;
	timer->next = base->pending;
	base->pending = timer;
	__atomic_store_n(&timer->pending, true, __ATOMIC_RELEASE);
}

void add_timer_on(struct timer_list *timer, int cpu)
{
	struct timer_base *base = &per_cpu(timer_bases, cpu);
	unsigned long flags;

	spin_lock_irqsave(&base->lock, flags);
	if (!timer->pending)
		timer_enqueue_locked(base, timer, cpu);
	spin_unlock_irqrestore(&base->lock, flags);
}

void add_timer(struct timer_list *timer)
{
	add_timer_on(timer, smp_processor_id());
}

int mod_timer(struct timer_list *timer, unsigned long expires)
{
	int cpu = timer->cpu >= 0 ? timer->cpu : smp_processor_id();
	struct timer_base *base = &per_cpu(timer_bases, cpu);
	unsigned long flags;
	bool was;

	spin_lock_irqsave(&base->lock, flags);
	timer->expires = expires;
	was = timer->pending;
	if (!was)
		timer_enqueue_locked(base, timer, cpu);
	spin_unlock_irqrestore(&base->lock, flags);
	return was;
}

int del_timer(struct timer_list *timer)
{
	struct timer_base *base;
	unsigned long flags;
	bool was;

	if (timer->cpu < 0)
		return 0;
	base = &per_cpu(timer_bases, timer->cpu);
	spin_lock_irqsave(&base->lock, flags);
	was = timer_detach_locked(base, timer);
	spin_unlock_irqrestore(&base->lock, flags);
	return was;
}

/*
 * Algorithm: dequeue, then look whether the callback runs on the timer's
 * CPU; if it does, wait and dequeue again (the callback may have re-armed
 * it). Done when a pass finds it neither running nor, after the pass,
 * pending.
 */
int del_timer_sync(struct timer_list *timer)
{
	struct timer_base *base;
	unsigned long flags;
	bool was = false, running;

	if (timer->cpu < 0)
		return 0;
	base = &per_cpu(timer_bases, timer->cpu);
	do {
		spin_lock_irqsave(&base->lock, flags);
		was |= timer_detach_locked(base, timer);
		running = base->running == timer;
		spin_unlock_irqrestore(&base->lock, flags);
		if (running)
			cpu_relax();
	} while (running);
	return was;
}

/*
 * The first pending timer of base whose time has come, dequeued; NULL if
 * none. One queued during this pass (a callback re-arming itself for now)
 * waits for the next tick, so the loop below ends.
 */
static struct timer_list *timer_take_expired_locked(struct timer_base *base)
{
	for (struct timer_list *t = base->pending; t; t = t->next)
		if (t->pass != base->pass && time_after_eq(jiffies, t->expires)) {
			timer_detach_locked(base, t);
			return t;
		}
	return NULL;
}

void run_local_timers(void)
{
	struct timer_base *base = this_cpu_ptr(&timer_bases);
	struct timer_list *t;

	spin_lock(&base->lock);
	base->pass++;
	while ((t = timer_take_expired_locked(base))) {
		base->running = t;
		spin_unlock(&base->lock);
		t->function(t);
		spin_lock(&base->lock);
		base->running = NULL;
	}
	spin_unlock(&base->lock);
}
