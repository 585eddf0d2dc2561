// SPDX-License-Identifier: MIT
/*
 * jiffies and busy-wait delays on the TSC (kernel/delay.h has the story).
 * Every wait runs until the TSC has advanced by the asked-for time,
 * rounded up to whole TSC ticks, so none returns early.
 */
#include "kernel/delay.h"
#include "kernel/tsc.h"
#include "kernel/printk.h"
#include "arch/x86_64/cpu.h"

u64 get_jiffies_64(void)
{
	/* tsc_khz * 1000 ticks a second; HZ jiffies a second. */
	return tsc_khz ? tsc_since_boot() * HZ / (tsc_khz * 1000) : 0;
}

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

void msleep(unsigned int msecs)
{
	tsc_wait((u64)msecs * tsc_khz);
}

unsigned long msleep_interruptible(unsigned int msecs)
{
	msleep(msecs);
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
		tsc_wait(((u64)timeout * tsc_khz * 1000 + HZ - 1) / HZ);
	return 0;
}
