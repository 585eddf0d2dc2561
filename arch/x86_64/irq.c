// SPDX-License-Identifier: MIT
/*
 * Interrupt entry for vectors 32-255 (isr.S stubs -> trap_dispatch() ->
 * common_interrupt()). The rule, per vector (layout in irq_vectors.h):
 *
 *   enter hardirq context (preempt_count += HARDIRQ_OFFSET)
 *   0x20-0x2f, the masked 8259s      -> spurious: count, report once
 *   0xff, APIC spurious              -> spurious: count, report once
 *   0xec, APIC timer                 -> jiffies++ (boot CPU) ; EOI
 *   0xfb, 0xfc, call function IPIs   -> run this CPU's queued calls ; EOI
 *   0xfe, APIC error                 -> count, report ; EOI
 *   0x30 + irq with a handler        -> the line's handler ; EOI
 *   anything else                    -> unexpected: count per vector,
 *                                       report the first on each vector
 *   spurious or unexpected: EOI only if the APIC has the vector in service
 *   leave hardirq context
 *
 * Nothing here is fatal: a bad vector costs one line in the log. A real
 * spurious APIC interrupt sets no in-service bit and must get no EOI;
 * one sent on purpose (a self-IPI) does set it and must get one, or every
 * lower vector stays blocked; so the ISR bit decides (Linux does the same
 * for its vectored spurious interrupts, and skips the check for 0xff only
 * because it never sends one).
 */
#include "arch/x86_64/irq.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/i8259.h"
#include "arch/x86_64/irq_vectors.h"
#include "arch/x86_64/trap_frame.h"
#include "kernel/cpumask.h"
#include "kernel/irq.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "kernel/smp.h"

DEFINE_PER_CPU(struct irq_cpustat, irq_stat);

/* Arrivals per vector (all CPUs) without a handler; reported when it goes 0 -> 1. */
static u64 unexpected[NR_VECTORS];
static bool spurious_reported[NR_VECTORS];

u64 irq_unexpected_on_vector(unsigned int vector)
{
	return vector < NR_VECTORS ? unexpected[vector] : 0;
}

static void ack_if_in_service(unsigned int vector)
{
	if (apic_vector_in_service(vector))
		apic_eoi();
}

static void spurious_interrupt(unsigned int vector, const struct trap_frame *f)
{
	this_cpu_inc(irq_stat.irq_spurious_count);
	if (vector <= PIC_LAST_VECTOR)
		legacy_pic_spurious(vector);
	else
		ack_if_in_service(vector);
	if (!spurious_reported[vector]) {
		spurious_reported[vector] = true;
		pr_warn("irq: spurious interrupt on vector %#x (%s) at %pS: counted, not "
			"reported again\n",
			vector, vector <= PIC_LAST_VECTOR ? "masked 8259 PIC" : "local APIC",
			(void *)f->rip);
	}
}

static void unexpected_interrupt(unsigned int vector, const struct trap_frame *f)
{
	this_cpu_inc(irq_stat.irq_unexpected_count);
	ack_if_in_service(vector);
	if (unexpected[vector]++ == 0)
		pr_warn("irq: unexpected interrupt on vector %#x (no handler) at %pS: counted, "
			"ignored, not reported again\n",
			vector, (void *)f->rip);
}

void common_interrupt(struct trap_frame *f)
{
	unsigned int vector = (unsigned int)f->vector;

	preempt_count_add(HARDIRQ_OFFSET);
	if ((vector >= PIC_FIRST_VECTOR && vector <= PIC_LAST_VECTOR) ||
	    vector == SPURIOUS_APIC_VECTOR) {
		spurious_interrupt(vector, f);
	} else if (vector == LOCAL_TIMER_VECTOR) {
		this_cpu_inc(irq_stat.apic_timer_irqs);
		apic_timer_interrupt();
		apic_eoi();
	} else if (vector == RESCHEDULE_VECTOR) {
		this_cpu_inc(irq_stat.irq_resched_count);
		apic_eoi(); /* waking from hlt was the point: the idle loop looks at the queue */
	} else if (vector == CALL_FUNCTION_VECTOR || vector == CALL_FUNCTION_SINGLE_VECTOR) {
		this_cpu_inc(irq_stat.irq_call_count);
		apic_eoi(); /* first: a function may send IPIs itself */
		generic_smp_call_function_interrupt();
	} else if (vector == ERROR_APIC_VECTOR) {
		this_cpu_inc(irq_stat.irq_err_count);
		apic_error_interrupt();
		apic_eoi();
	} else if (vector >= ISA_IRQ_VECTOR(0) && vector < ISA_IRQ_VECTOR(NR_IRQS) &&
		   generic_handle_irq(vector - ISA_IRQ_VECTOR(0)) == 0) {
		apic_eoi();
	} else {
		unexpected_interrupt(vector, f);
	}
	preempt_count_sub(HARDIRQ_OFFSET);
}

/* One row: a name, each online CPU's count at offset off in irq_stat, a legend. */
static void show_row(const char *name, size_t off, const char *legend)
{
	unsigned int cpu;

	printk_raw("%s:", name);
	for_each_online_cpu (cpu)
		printk_raw(" %10llu",
			   (unsigned long long)*(u64 *)((char *)&per_cpu(irq_stat, cpu) + off));
	printk_raw("  %s", legend);
}

void arch_show_interrupts(void)
{
	show_row("LOC", __builtin_offsetof(struct irq_cpustat, apic_timer_irqs),
		 "local APIC timer interrupts\n");
	show_row("RES", __builtin_offsetof(struct irq_cpustat, irq_resched_count),
		 "Rescheduling interrupts\n");
	show_row("CAL", __builtin_offsetof(struct irq_cpustat, irq_call_count),
		 "function call interrupts\n");
	show_row("TLB", __builtin_offsetof(struct irq_cpustat, irq_tlb_count), "TLB shootdowns\n");
	show_row("SPU", __builtin_offsetof(struct irq_cpustat, irq_spurious_count),
		 "spurious interrupts\n");
	show_row("ERR", __builtin_offsetof(struct irq_cpustat, irq_err_count),
		 "local APIC errors\n");
	show_row("UNX", __builtin_offsetof(struct irq_cpustat, irq_unexpected_count),
		 "unexpected (vectors without a handler)");
	for (unsigned int v = FIRST_EXTERNAL_VECTOR; v < NR_VECTORS; v++)
		if (unexpected[v])
			printk_raw(" %#x:%llu", v, (unsigned long long)unexpected[v]);
	printk_raw("\n");
}
