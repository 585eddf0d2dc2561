/* SPDX-License-Identifier: MIT */
/*
 * Interrupt lines and their handlers, with Linux's names
 * (include/linux/interrupt.h, include/linux/irqdesc.h):
 *
 *   request_irq(irq, handler, flags, name, dev_id)   claim a line
 *   free_irq(irq, dev_id)                            give it back
 *   handler(irq, dev_id) -> IRQ_HANDLED | IRQ_NONE   runs in hardirq context
 *
 * An irq number names a line, not a CPU vector: 0-15 are the ISA lines in
 * their legacy numbering (4 is COM1), as in Linux; 16 .. NR_IRQS-1 are free
 * lines for software-raised interrupts (the tests). The architecture maps
 * line irq to CPU vector ISA_IRQ_VECTOR(irq) (arch/x86_64/irq_vectors.h)
 * and calls generic_handle_irq() from its entry path (arch/x86_64/irq.c).
 *
 * Handlers run with interrupts disabled and in_hardirq() true, one at a
 * time. What they may do: count, read a device, fill a ring buffer,
 * printk, allocate with GFP_ATOMIC (alloc_pages, kmalloc: their locks are
 * taken with interrupts off everywhere; docs/concurrency.md), take a
 * spinlock that is taken with interrupts off elsewhere. Never vmalloc or
 * GFP_KERNEL (might_sleep reports it, kernel/might_sleep.h); a vfree is
 * deferred to task context, as Linux's; never wait.
 *
 * strata differs from Linux on purpose: one handler per line (no IRQF_SHARED,
 * so flags must be 0), and the descriptors are a fixed array rather than
 * allocated. The counts are per line and per CPU, as Linux's kstat_irqs.
 */
#ifndef STRATA_IRQ_H
#define STRATA_IRQ_H

#include "kernel/percpu.h"
#include "lib/types.h"

#define NR_IRQS 32
#define NR_IRQS_LEGACY 16

enum irqreturn {
	IRQ_NONE = 0,	 /* not from this device */
	IRQ_HANDLED = 1, /* serviced */
};
typedef enum irqreturn irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

/* One line's descriptor: empty (handler NULL) until request_irq(). */
struct irq_desc {
	irq_handler_t handler; /* NULL: the line is free */
	void *dev_id;	       /* passed to the handler; free_irq() must match it */
	const char *name;      /* the owner, as /proc/interrupts shows it */
	const char *chip;      /* who delivers it: "IO-APIC 4-edge", "self-IPI" */
	u64 count[NR_CPUS];    /* times the handler ran, on each CPU */
	u64 unhandled;	       /* times it returned IRQ_NONE */
};

/*
 * Install handler on line irq. Returns 0; -EINVAL for irq >= NR_IRQS, a
 * NULL handler or non-zero flags; -EBUSY if the line has a handler. The
 * caller then unmasks the line at its controller (io_apic_route_isa_irq).
 * Context: task, interrupts may be on (the update is made with them off).
 */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
		void *dev_id);

/*
 * Remove the handler of line irq, which request_irq() installed with
 * dev_id; returns its name. A line that is free or owned by another dev_id
 * is reported and left alone (returns NULL). The counts stay, as in Linux.
 * The caller masks the line first if a device could still raise it.
 */
const char *free_irq(unsigned int irq, void *dev_id);

/* Set the "chip" column for line irq (the controller that routes it). */
void irq_set_chip_name(unsigned int irq, const char *chip);

/*
 * Run line irq's handler and count it. Returns 0, or -EINVAL if the line
 * has no handler (the caller counts an unexpected interrupt). Called by the
 * entry path, in hardirq context.
 */
int generic_handle_irq(unsigned int irq);

/* Line irq's descriptor (read-only: counts for tests and the shell). */
const struct irq_desc *irq_to_desc(unsigned int irq);

/* Times line irq's handler ran: on cpu (kstat_irqs_cpu), on all CPUs (kstat_irqs). */
u64 kstat_irqs_cpu(unsigned int irq, unsigned int cpu);
u64 kstat_irqs(unsigned int irq);

/*
 * Print the table /proc/interrupts shows: one row per requested line,
 * then the architecture's own rows (timer, spurious, unexpected); a
 * column per online CPU.
 */
void show_interrupts(void);

#endif /* STRATA_IRQ_H */
