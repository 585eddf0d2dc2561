// SPDX-License-Identifier: MIT
/*
 * Interrupt entry for vectors 32-255 (isr.S stubs -> trap_dispatch() ->
 * common_interrupt()). The rule, per vector (layout in irq_vectors.h):
 *
 *   enter hardirq context (preempt_count += HARDIRQ_OFFSET)
 *   0x20-0x2f, the masked 8259s      -> spurious: count, report once
 *   0xff, APIC spurious              -> spurious: count, report once
 *   0xec, APIC timer                 -> jiffies++ ; EOI
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
#include "kernel/irq.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"

struct irq_cpustat irq_stat;

/* Arrivals per vector without a handler; reported when it goes 0 -> 1. */
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
	irq_stat.irq_spurious_count++;
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
	irq_stat.irq_unexpected_count++;
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
		irq_stat.apic_timer_irqs++;
		apic_timer_interrupt();
		apic_eoi();
	} else if (vector == ERROR_APIC_VECTOR) {
		irq_stat.irq_err_count++;
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

void arch_show_interrupts(void)
{
	printk_raw("LOC: %12llu  local APIC timer interrupts\n",
		   (unsigned long long)irq_stat.apic_timer_irqs);
	printk_raw("SPU: %12llu  spurious interrupts\n",
		   (unsigned long long)irq_stat.irq_spurious_count);
	printk_raw("ERR: %12llu  local APIC errors\n", (unsigned long long)irq_stat.irq_err_count);
	printk_raw("UNX: %12llu  unexpected (vectors without a handler)",
		   (unsigned long long)irq_stat.irq_unexpected_count);
	for (unsigned int v = FIRST_EXTERNAL_VECTOR; v < NR_VECTORS; v++)
		if (unexpected[v])
			printk_raw(" %#x:%llu", v, (unsigned long long)unexpected[v]);
	printk_raw("\n");
}
