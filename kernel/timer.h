/* SPDX-License-Identifier: MIT */
/*
 * Timers: run a function on a CPU once jiffies reach a given value, with
 * Linux's names and meanings (include/linux/timer.h, 6.1), a minimal subset:
 *
 *   struct timer_list t;  timer_setup(&t, fn, 0);   void fn(struct timer_list *t)
 *   add_timer_on(&t, cpu)       queue on cpu (t.expires set first)
 *   add_timer(&t)               queue on this CPU
 *   mod_timer(&t, expires)      (re)queue with a new expiry; 1 if it was pending
 *   del_timer(&t)               dequeue; 1 if it was pending
 *   del_timer_sync(&t)          dequeue and wait until fn is not running anywhere
 *   timer_pending(&t)
 *
 * Each CPU's tick (the local APIC timer, HZ per second) runs its own expired
 * timers. strata differs from Linux on purpose: the callback runs in the
 * tick's hardirq context, interrupts off (Linux runs it from TIMER_SOFTIRQ,
 * interrupts on); a timer stays on the CPU it was last queued on (Linux's
 * mod_timer() may move an unpinned timer to the calling CPU); the pending
 * timers are a plain list per CPU, walked at every tick (Linux keeps a timer
 * wheel), which is fine for the few timers strata has. So a callback may do
 * what an interrupt handler may (GFP_ATOMIC, spinlocks taken with interrupts
 * off elsewhere), and re-arm itself with mod_timer().
 */
#ifndef STRATA_TIMER_H
#define STRATA_TIMER_H

#include "lib/compiler.h"
#include "lib/types.h"

struct timer_list {
	struct timer_list *next; /* in its CPU's pending list; NULL when last or idle */
	unsigned long expires;	 /* the jiffies value at which function runs */
	void (*function)(struct timer_list *timer);
	u32 flags;    /* as given to timer_setup(); strata uses none */
	int cpu;      /* the CPU whose list holds it, or last held it; -1: never queued */
	bool pending; /* on a list now */
	u32 pass;     /* its CPU's tick count when queued: one queued by a callback waits a tick */
};

#define from_timer(var, callback_timer, field) container_of(callback_timer, typeof(*(var)), field)

/* Prepare a timer: not pending, function fn. */
void timer_setup(struct timer_list *timer, void (*fn)(struct timer_list *), u32 flags);

static inline bool timer_pending(const struct timer_list *timer)
{
	return __atomic_load_n(&timer->pending, __ATOMIC_ACQUIRE);
}

/*
 * Queue a timer that is not pending to run on cpu (which must be online) at
 * timer->expires. Context: any.
 */
void add_timer_on(struct timer_list *timer, int cpu);
/* add_timer_on() this CPU. */
void add_timer(struct timer_list *timer);
/*
 * Set the expiry and queue the timer on the CPU it was last queued on (this
 * CPU if never). Returns 1 if it was pending, 0 if not. Context: any, its
 * own callback included.
 */
int mod_timer(struct timer_list *timer, unsigned long expires);
/* Dequeue; returns 1 if it was pending. The callback may still be running. */
int del_timer(struct timer_list *timer);
/*
 * Dequeue and wait until the callback is not running on any CPU; a callback
 * that re-arms itself stays dequeued. Returns 1 if it was pending. Context:
 * task, not from the callback itself.
 */
int del_timer_sync(struct timer_list *timer);

/* The tick's work on this CPU: run its expired timers (hardirq context). */
void run_local_timers(void);

#endif /* STRATA_TIMER_H */
