// SPDX-License-Identifier: MIT
/*
 * Delays on the TSC and sleeps on jiffies (kernel/delay.h has the rules).
 * No wait returns early: the TSC ones round up to whole TSC ticks, the
 * jiffies ones wait one tick more than asked, as Linux's msleep does.
 */
#include "kernel/delay.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "kernel/tsc.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irqflags.h"

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
 * Wait until jiffies_64 reaches end. Halting is safe only where the timer
 * interrupt can come; elsewhere report the bug and spin on the TSC for as
 * long. The check before each halt is done with interrupts off, so a tick
 * cannot slip in between it and the hlt (safe_halt() re-enables them).
 */
static void sleep_until(u64 end, void *caller)
{
	u64 now = jiffies_64;

	if (now >= end)
		return;
	if (irqs_disabled() || !in_task()) {
		pr_err("BUG: sleeping function called from invalid context by %pS (%s): spinning "
		       "instead\n",
		       caller, in_task() ? "interrupts off" : "in an interrupt handler");
		tsc_wait((end - now) * tsc_khz * 1000 / HZ);
		return;
	}
	for (;;) {
		local_irq_disable();
		if (jiffies_64 >= end)
			break;
		safe_halt();
	}
	local_irq_enable();
}

void msleep(unsigned int msecs)
{
	sleep_until(jiffies_64 + msecs_to_jiffies(msecs) + 1, __builtin_return_address(0));
}

unsigned long msleep_interruptible(unsigned int msecs)
{
	sleep_until(jiffies_64 + msecs_to_jiffies(msecs) + 1, __builtin_return_address(0));
	return 0;
}

long schedule_timeout(long timeout)
{
	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		pr_err("schedule_timeout(MAX_SCHEDULE_TIMEOUT) from %pS: nothing can wake this task "
		       "(no scheduler): not waiting\n",
		       __builtin_return_address(0));
		return timeout;
	}
	if (timeout > 0)
		sleep_until(jiffies_64 + (u64)timeout, __builtin_return_address(0));
	return 0;
}
