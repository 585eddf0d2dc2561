/* SPDX-License-Identifier: MIT */
/*
 * The context the CPU is running in, as Linux keeps it: a preempt_count
 * word whose bit fields count nested sections (include/linux/preempt.h,
 * Linux 6.1):
 *
 *   bits  0- 7  preemption disabled      preempt_disable(): every spinlock
 *                                        held adds one (strata does not
 *                                        preempt, but counts, as Linux)
 *   bits  8-15  softirq                  (unused: strata has no softirqs)
 *   bits 16-19  hardirq: interrupt handlers running, nested
 *   bits 20-23  NMI                      (unused)
 *
 * in_hardirq() (and its older name in_irq()) is true inside an interrupt
 * handler; in_interrupt() inside any of hardirq, softirq or NMI; in_task()
 * when none. The interrupt entry (arch/x86_64/irq.c) adds HARDIRQ_OFFSET on
 * entry and takes it off on exit, so these hold for every handler.
 *
 * The counter belongs to the CPU, not to a task: a per-CPU variable
 * reached through GS, __preempt_count (kernel/irq.c), as Linux x86 keeps
 * it. Only preempt_count() and the updaters below read or write it; each
 * update is one instruction on this CPU's copy, so an interrupt arriving
 * in the middle cannot lose it.
 */
#ifndef STRATA_PREEMPT_H
#define STRATA_PREEMPT_H

#include "arch/x86_64/barrier.h"
#include "kernel/percpu.h"
#include "lib/types.h"

#define PREEMPT_BITS 8
#define SOFTIRQ_BITS 8
#define HARDIRQ_BITS 4
#define NMI_BITS 4

#define PREEMPT_SHIFT 0
#define SOFTIRQ_SHIFT (PREEMPT_SHIFT + PREEMPT_BITS)
#define HARDIRQ_SHIFT (SOFTIRQ_SHIFT + SOFTIRQ_BITS)
#define NMI_SHIFT (HARDIRQ_SHIFT + HARDIRQ_BITS)

#define SOFTIRQ_MASK (((1U << SOFTIRQ_BITS) - 1) << SOFTIRQ_SHIFT)
#define HARDIRQ_MASK (((1U << HARDIRQ_BITS) - 1) << HARDIRQ_SHIFT)
#define NMI_MASK (((1U << NMI_BITS) - 1) << NMI_SHIFT)

#define HARDIRQ_OFFSET (1U << HARDIRQ_SHIFT)

#define PREEMPT_MASK (((1U << PREEMPT_BITS) - 1) << PREEMPT_SHIFT)
#define PREEMPT_OFFSET (1U << PREEMPT_SHIFT)

/* This CPU's count (see above). */
DECLARE_PER_CPU(unsigned int, __preempt_count);

static inline unsigned int preempt_count(void)
{
	return this_cpu_read(__preempt_count);
}

static inline void preempt_count_add(unsigned int val)
{
	this_cpu_add(__preempt_count, val);
}

static inline void preempt_count_sub(unsigned int val)
{
	this_cpu_add(__preempt_count, -val);
}

/*
 * Nestable "no preemption here" sections (spin_lock takes one). The
 * barrier keeps the compiler from moving the section's accesses out.
 */
static inline void preempt_disable(void)
{
	preempt_count_add(PREEMPT_OFFSET);
	barrier();
}

static inline void preempt_enable(void)
{
	barrier();
	preempt_count_sub(PREEMPT_OFFSET);
}

/* Inside any section that must not sleep: a lock held, or an interrupt. */
static inline bool in_atomic(void)
{
	return preempt_count() != 0;
}

static inline unsigned int hardirq_count(void)
{
	return preempt_count() & HARDIRQ_MASK;
}

static inline bool in_hardirq(void)
{
	return hardirq_count() != 0;
}

/* The older name (Linux 6.1 keeps it, marked obsolete). */
static inline bool in_irq(void)
{
	return in_hardirq();
}

static inline bool in_interrupt(void)
{
	return (preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_MASK)) != 0;
}

static inline bool in_task(void)
{
	return !in_interrupt();
}

#endif /* STRATA_PREEMPT_H */
