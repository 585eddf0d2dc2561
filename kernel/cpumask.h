/* SPDX-License-Identifier: MIT */
/*
 * Sets of CPUs, with Linux's names (include/linux/cpumask.h, 6.1), for the
 * one set strata keeps: the online CPUs. A CPU is online from the moment it
 * can take interrupts and run IPI functions (the boot CPU from the start,
 * each AP at the end of its start_secondary()); CPUs never go offline
 * (no hotplug). Each CPU sets only its own bit, with a locked instruction;
 * any CPU may read the set at any time.
 */
#ifndef STRATA_CPUMASK_H
#define STRATA_CPUMASK_H

#include "kernel/percpu.h"
#include "lib/types.h"

#define BITS_PER_LONG 64
#define CPUMASK_LONGS ((NR_CPUS + BITS_PER_LONG - 1) / BITS_PER_LONG)

struct cpumask {
	unsigned long bits[CPUMASK_LONGS];
};

extern struct cpumask __cpu_online_mask;
#define cpu_online_mask ((const struct cpumask *)&__cpu_online_mask)

static inline bool cpumask_test_cpu(unsigned int cpu, const struct cpumask *mask)
{
	return cpu < NR_CPUS &&
	       (__atomic_load_n(&mask->bits[cpu / BITS_PER_LONG], __ATOMIC_ACQUIRE) >>
		(cpu % BITS_PER_LONG)) &
		       1;
}

static inline bool cpu_online(unsigned int cpu)
{
	return cpumask_test_cpu(cpu, cpu_online_mask);
}

/* Mark cpu online (true) or not; only the CPU itself, or the boot CPU at boot. */
static inline void set_cpu_online(unsigned int cpu, bool online)
{
	unsigned long bit = 1UL << (cpu % BITS_PER_LONG);

	if (online)
		__atomic_fetch_or(&__cpu_online_mask.bits[cpu / BITS_PER_LONG], bit,
				  __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_and(&__cpu_online_mask.bits[cpu / BITS_PER_LONG], ~bit,
				   __ATOMIC_SEQ_CST);
}

/* The first CPU in mask at or after cpu; NR_CPUS if none. A word at a time. */
static inline unsigned int cpumask_next_from(unsigned int cpu, const struct cpumask *mask)
{
	while (cpu < NR_CPUS) {
		unsigned long word =
			__atomic_load_n(&mask->bits[cpu / BITS_PER_LONG], __ATOMIC_ACQUIRE) >>
			(cpu % BITS_PER_LONG);

		if (word)
			return MIN(cpu + (unsigned int)__builtin_ctzl(word), (unsigned int)NR_CPUS);
		cpu = (cpu / BITS_PER_LONG + 1) * BITS_PER_LONG;
	}
	return NR_CPUS;
}

#define for_each_cpu(cpu, mask)                                     \
	for ((cpu) = cpumask_next_from(0, (mask)); (cpu) < NR_CPUS; \
	     (cpu) = cpumask_next_from((cpu) + 1, (mask)))
#define for_each_online_cpu(cpu) for_each_cpu((cpu), cpu_online_mask)

static inline unsigned int num_online_cpus(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < CPUMASK_LONGS; i++)
		for (unsigned long w = __atomic_load_n(&cpu_online_mask->bits[i], __ATOMIC_ACQUIRE);
		     w; w &= w - 1) /* clear the lowest set bit */
			n++;
	return n;
}

#endif /* STRATA_CPUMASK_H */
