/* SPDX-License-Identifier: MIT */
/*
 * The context the CPU is running in, as Linux keeps it: a preempt_count
 * word whose bit fields count nested sections (include/linux/preempt.h,
 * Linux 6.1):
 *
 *   bits  0- 7  preemption disabled      (unused: strata does not preempt)
 *   bits  8-15  softirq                  (unused: strata has no softirqs)
 *   bits 16-19  hardirq: interrupt handlers running, nested
 *   bits 20-23  NMI                      (unused)
 *
 * in_hardirq() (and its older name in_irq()) is true inside an interrupt
 * handler; in_interrupt() inside any of hardirq, softirq or NMI; in_task()
 * when none. The interrupt entry (arch/x86_64/irq.c) adds HARDIRQ_OFFSET on
 * entry and takes it off on exit, so these hold for every handler.
 *
 * NOTE: one CPU today, so the counter is one global, __preempt_count
 * (kernel/irq.c). It belongs to the CPU, not to a task: with SMP it becomes
 * a per-CPU variable reached through GS (Linux x86 keeps it that way, in
 * DEFINE_PER_CPU(int, __preempt_count)), and only preempt_count() and the
 * two updaters below read or write it.
 */
#ifndef STRATA_PREEMPT_H
#define STRATA_PREEMPT_H

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

/* This CPU's count (see the NOTE above). */
extern volatile unsigned int __preempt_count;

static inline unsigned int preempt_count(void)
{
	return __preempt_count;
}

static inline void preempt_count_add(unsigned int val)
{
	__preempt_count += val;
}

static inline void preempt_count_sub(unsigned int val)
{
	__preempt_count -= val;
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
