// SPDX-License-Identifier: MIT
/*
 * The interrupt line table: request_irq(), free_irq(), and the handler call
 * for one line. The CPU side (vectors, entry, EOI) is arch/x86_64/irq.c;
 * the controllers are arch/x86_64/apic.c and io_apic.c.
 *
 * Invariant: irq_desc[irq].handler is changed only with interrupts off, so
 * the entry path never sees a half-installed line.
 */
#include "kernel/irq.h"
#include "kernel/cpumask.h"
#include "kernel/smp.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/irq_vectors.h"
#include "arch/x86_64/irqflags.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"

/* This CPU's context count: see kernel/preempt.h. */
DEFINE_PER_CPU(unsigned int, __preempt_count);

/* One descriptor per line, indexed by irq number; handler NULL: free. */
static struct irq_desc irq_desc[NR_IRQS];

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
		void *dev_id)
{
	unsigned long irqflags;
	int ret = 0;

	if (irq >= NR_IRQS || !handler || flags)
		return -EINVAL;
	local_irq_save(irqflags);
	if (irq_desc[irq].handler) {
		ret = -EBUSY;
	} else {
		irq_desc[irq].dev_id = dev_id;
		irq_desc[irq].name = name;
		irq_desc[irq].unhandled = 0;
		irq_desc[irq].handler = handler;
	}
	local_irq_restore(irqflags);
	return ret;
}

const char *free_irq(unsigned int irq, void *dev_id)
{
	unsigned long irqflags;
	const char *name;

	if (irq >= NR_IRQS || !irq_desc[irq].handler || irq_desc[irq].dev_id != dev_id) {
		pr_warn("free_irq: irq %u is not requested by dev_id %p (caller %pS): ignored\n",
			irq, dev_id, __builtin_return_address(0));
		return NULL;
	}
	local_irq_save(irqflags);
	name = irq_desc[irq].name;
	irq_desc[irq].handler = NULL;
	irq_desc[irq].dev_id = NULL;
	local_irq_restore(irqflags);
	return name;
}

void irq_set_chip_name(unsigned int irq, const char *chip)
{
	if (irq < NR_IRQS)
		irq_desc[irq].chip = chip;
}

int generic_handle_irq(unsigned int irq)
{
	struct irq_desc *desc;

	if (irq >= NR_IRQS || !irq_desc[irq].handler)
		return -EINVAL;
	desc = &irq_desc[irq];
	desc->count[smp_processor_id()]++;
	if (desc->handler((int)irq, desc->dev_id) == IRQ_NONE)
		desc->unhandled++;
	return 0;
}

const struct irq_desc *irq_to_desc(unsigned int irq)
{
	return irq < NR_IRQS ? &irq_desc[irq] : NULL;
}

u64 kstat_irqs_cpu(unsigned int irq, unsigned int cpu)
{
	return irq < NR_IRQS && cpu < NR_CPUS ? irq_desc[irq].count[cpu] : 0;
}

u64 kstat_irqs(unsigned int irq)
{
	u64 sum = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		sum += kstat_irqs_cpu(irq, cpu);
	return sum;
}

void show_interrupts(void)
{
	unsigned int cpu;

	printk_raw("    ");
	for_each_online_cpu (cpu) {
		char name[8];

		snprintf(name, sizeof(name), "CPU%u", cpu);
		printk_raw(" %10s", name);
	}
	printk_raw("  %-20s %s\n", "chip", "name");
	for (unsigned int irq = 0; irq < NR_IRQS; irq++) {
		const struct irq_desc *desc = &irq_desc[irq];

		if (!desc->handler)
			continue;
		printk_raw("%3u:", irq);
		for_each_online_cpu (cpu)
			printk_raw(" %10llu", (unsigned long long)desc->count[cpu]);
		printk_raw("  %-20s %s (vector %#x)\n", desc->chip ? desc->chip : "-", desc->name,
			   ISA_IRQ_VECTOR(irq));
	}
	arch_show_interrupts();
}
