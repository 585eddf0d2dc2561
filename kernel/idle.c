// SPDX-License-Identifier: MIT
/*
 * The idle loop (kernel/idle.h). The checks for work and for runnable tasks
 * and the halt happen with interrupts off, and safe_halt() enables them in
 * the same step as it halts, so a reschedule IPI sent after the check wakes
 * the hlt instead of being lost before it.
 */
#include "kernel/idle.h"
#include "arch/x86_64/irqflags.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/workqueue.h"

void do_idle_once(void)
{
	BUG_ON(!irqs_disabled());
	if (worker_has_work()) {
		local_irq_enable();
		run_pending_work();
		return;
	}
	schedule_idle_once(); /* another task of this CPU, or hlt */
}

void cpu_startup_entry(void)
{
	for (;;) {
		local_irq_disable();
		do_idle_once();
	}
}
