/* SPDX-License-Identifier: MIT */
/*
 * The IOAPICs: the controllers that turn device interrupt lines (GSIs) into
 * messages to a local APIC. strata routes ISA lines only (COM1 today).
 * 82093AA IOAPIC datasheet; the GSI numbering is ACPI's (acpi.h).
 */
#ifndef STRATA_IO_APIC_H
#define STRATA_IO_APIC_H

#include "lib/types.h"

/*
 * Map every IOAPIC acpi_madt lists (fixmap), read its number of pins and
 * mask them all. Returns the number usable (0: none answered, after a
 * report: ISA interrupts then cannot be routed). After apic_init().
 */
unsigned int io_apic_init(void);

/*
 * Route ISA irq (0-15) to this CPU on ISA_IRQ_VECTOR(irq), unmasked,
 * honouring an interrupt source override (its GSI, polarity and trigger;
 * ISA's default is edge, active high). Names the chip column of the line.
 * Returns 0; -EINVAL for irq > 15; -ENODEV if no IOAPIC has its GSI.
 */
int io_apic_route_isa_irq(unsigned int irq);

/* Mask ISA irq's pin again (before free_irq()). */
void io_apic_mask_isa_irq(unsigned int irq);

#endif /* STRATA_IO_APIC_H */
