// SPDX-License-Identifier: MIT
/*
 * Delays on the TSC and sleeps on jiffies (kernel/delay.h has the rules).
 * No wait returns early: the TSC ones round up to whole TSC ticks, the
 * jiffies ones wait one tick more than asked, as Linux's msleep does.
 *
 * A process sleeps as in Linux's schedule_timeout(): a timer_list on its
 * CPU wakes it (process_timeout), and meanwhile the CPU runs the others.
 * A kernel task never sleeps (kernel/sched.h): it yields to the runnable
 * tasks of its CPU, or halts, until the time has come.
 */
#include "kernel/delay.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irqflags.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/timer.h"
#include "kernel/tsc.h"
#include "lib/rwonce.h"

/* Spin until ticks TSC ticks have passed. */
static void tsc_wait(u64 ticks)
{
	u64 start = tsc_since_boot();

	while (tsc_since_boot() - start < ticks)
		cpu_relax();
}

void ndelay(unsigned long nsecs)
{
	tsc_wait(((u64)nsecs * tsc_khz + 999999) / 1000000);
}

void udelay(unsigned long usecs)
{
	tsc_wait(((u64)usecs * tsc_khz + 999) / 1000);
}

/*
 * A kernel task's wait until jiffies_64 reaches end. The check before each
 * halt is done with interrupts off, so a tick cannot slip in between it and
 * the hlt (schedule_idle_once() re-enables them).
 */
static void kernel_task_wait_until(u64 end)
{
	for (;;) {
		local_irq_disable();
		if (jiffies_64 >= end)
			break;
		schedule_idle_once();
	}
	local_irq_enable();
}

struct process_timer {
	struct timer_list timer;
	struct task_struct *task;
};

/* The timer of a sleeping process: wake it (hardirq context, its CPU). */
static void process_timeout(struct timer_list *t)
{
	struct process_timer *timeout = from_timer(timeout, t, timer);

	wake_up_process(timeout->task);
}

static long sleep_timeout(long timeout, void *caller)
{
	struct task_struct *p = get_current();
	struct process_timer timer;
	u64 end = jiffies_64 + (u64)timeout;
	long left;

	/* Halting or switching would never wake here: report the bug, spin the time instead. */
	if (irqs_disabled() || !in_task() || in_atomic()) {
		pr_err("BUG: sleeping function called from invalid context by %pS (%s): spinning "
		       "instead\n",
		       caller,
		       !in_task()	 ? "in an interrupt handler"
		       : irqs_disabled() ? "interrupts off"
					 : "a lock held");
		set_current_state(TASK_RUNNING);
		if (timeout != MAX_SCHEDULE_TIMEOUT)
			tsc_wait((u64)timeout * tsc_khz * 1000 / HZ);
		return 0;
	}
	if (p->flags & PF_KTHREAD) {
		set_current_state(TASK_RUNNING); /* a kernel task waits runnable */
		if (timeout == MAX_SCHEDULE_TIMEOUT) {
			pr_err("schedule_timeout(MAX_SCHEDULE_TIMEOUT) from %pS in a kernel task: "
			       "nothing would wake it: not waiting\n",
			       caller);
			return timeout;
		}
		kernel_task_wait_until(end);
		return 0;
	}
	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	timer_setup(&timer.timer, process_timeout, 0);
	timer.task = p;
	timer.timer.expires = (unsigned long)end;
	add_timer(&timer.timer);
	schedule();
	del_timer_sync(&timer.timer);
	left = (long)(end - jiffies_64);
	return left > 0 ? left : 0;
}

long schedule_timeout(long timeout)
{
	return sleep_timeout(timeout < 0 ? 0 : timeout, __builtin_return_address(0));
}

void msleep(unsigned int msecs)
{
	long timeout = (long)msecs_to_jiffies(msecs) + 1;

	while (timeout) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		timeout = sleep_timeout(timeout, __builtin_return_address(0));
	}
}

unsigned long msleep_interruptible(unsigned int msecs)
{
	long timeout = (long)msecs_to_jiffies(msecs) + 1;

	while (timeout && !READ_ONCE(get_current()->pending_sig)) {
		set_current_state(TASK_INTERRUPTIBLE);
		timeout = sleep_timeout(timeout, __builtin_return_address(0));
	}
	return jiffies_to_msecs((unsigned long)timeout);
}
