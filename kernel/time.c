// SPDX-License-Identifier: MIT
/*
 * jiffies_64 and the tick that advances it (kernel/time.h), and the tick
 * hook every CPU's tick runs. The timer hardware is the local APIC
 * (arch/x86_64/apic.c).
 */
#include "kernel/time.h"
#include "arch/x86_64/cmpxchg.h"
#include "kernel/cpumask.h"
#include "kernel/percpu.h"
#include "kernel/tsc.h"
#include "arch/x86_64/cpu.h"
#include "lib/errno.h"

static void (*tick_hook)(void);
/* Times this CPU finished a tick's hook call: tick_hook_clear() waits on them. */
static DEFINE_PER_CPU(unsigned long, tick_hook_done);

/* Ticks since the APIC timer started; jiffies is its alias (linker.ld). */
volatile u64 jiffies_64;

void do_timer(unsigned long ticks)
{
	jiffies_64 += ticks;
}

int tick_hook_set(void (*fn)(void))
{
	return cmpxchg(&tick_hook, NULL, fn) ? -EBUSY : 0;
}

void tick_hook_run(void)
{
	void (*fn)(void) = __atomic_load_n(&tick_hook, __ATOMIC_ACQUIRE);

	if (fn)
		fn();
	__atomic_store_n(this_cpu_ptr(&tick_hook_done), *this_cpu_ptr(&tick_hook_done) + 1,
			 __ATOMIC_RELEASE);
}

/* A CPU's count of finished hook calls. */
static unsigned long tick_hook_count(unsigned int cpu)
{
	return __atomic_load_n(per_cpu_ptr(&tick_hook_done, cpu), __ATOMIC_ACQUIRE);
}

/*
 * Clear the hook, then wait until every online CPU has finished a tick
 * since: none can still be inside the old function. A CPU whose timer
 * does not tick (interrupts off, no APIC timer) is waited for at most
 * TICK_HOOK_WAIT_MS: it cannot be inside the hook either.
 */
#define TICK_HOOK_WAIT_MS 100
void tick_hook_clear(void)
{
	unsigned long seen[NR_CPUS] = {0};
	u64 start = tsc_since_boot();
	unsigned int cpu;

	__atomic_store_n(&tick_hook, NULL, __ATOMIC_RELEASE);
	for_each_online_cpu(cpu)
	{
		seen[cpu] = tick_hook_count(cpu);
	}
	for_each_online_cpu(cpu)
	{
		while (tick_hook_count(cpu) == seen[cpu] &&
		       tsc_to_us(tsc_since_boot() - start) < TICK_HOOK_WAIT_MS * 1000ULL)
			cpu_relax();
	}
}
