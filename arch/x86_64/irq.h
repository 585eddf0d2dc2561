/* SPDX-License-Identifier: MIT */
/*
 * The CPU side of interrupts: the entry for vectors 32-255, the counts
 * Linux keeps in irq_cpustat_t (arch/x86/include/asm/hardirq.h), and the
 * rows they add to /proc/interrupts. Vector numbers: irq_vectors.h.
 */
#ifndef STRATA_ARCH_IRQ_H
#define STRATA_ARCH_IRQ_H

#include "lib/types.h"

#include "kernel/percpu.h"

/* Counts per CPU, as Linux's; each CPU updates only its own. */
struct irq_cpustat {
	u64 apic_timer_irqs;	  /* LOC: local APIC timer ticks */
	u64 irq_resched_count;	  /* RES: reschedule IPIs (wake a worker: kernel/workqueue.c) */
	u64 irq_call_count;	  /* CAL: function-call IPIs (kernel/smp_call.c) */
	u64 irq_tlb_count;	  /* TLB: TLB shootdowns run for another CPU */
	u64 irq_spurious_count;	  /* SPU: APIC vector 0xff and 8259 vectors */
	u64 irq_err_count;	  /* ERR: local APIC error interrupts */
	u64 irq_unexpected_count; /* UNX: vectors with no handler (strata's row) */
};
DECLARE_PER_CPU(struct irq_cpustat, irq_stat);

struct trap_frame;
/*
 * The entry for vectors 32-255, called by trap_dispatch() with interrupts
 * off: counts hardirq context (in_hardirq() true), dispatches by vector,
 * sends the EOI, and returns to the interrupted code.
 */
void common_interrupt(struct trap_frame *f);

/* How often vector arrived without a handler (0 for a handled one). */
u64 irq_unexpected_on_vector(unsigned int vector);

/* The architecture's rows of /proc/interrupts, a column per online CPU. */
void arch_show_interrupts(void);

#endif /* STRATA_ARCH_IRQ_H */
