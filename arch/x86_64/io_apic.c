// SPDX-License-Identifier: MIT
/*
 * IOAPIC routing (82093AA datasheet). Each IOAPIC is two MMIO words: write
 * a register number to IOREGSEL (offset 0x00), then read or write it
 * through IOWIN (offset 0x10). Register 1 holds the highest pin number in
 * bits 23:16; pin n's 64-bit redirection entry is registers 0x10 + 2n (low
 * half) and 0x11 + 2n (high half):
 *
 *   bits 7:0 vector | 10:8 delivery (0 fixed) | 11 destination mode (0
 *   physical) | 13 polarity (1 active low) | 15 trigger (1 level) | 16 mask
 *   | 63:56 destination APIC ID
 *
 * The IOAPIC list comes from the MADT, or the legacy default (acpi.c).
 * Every line is sent to the boot CPU's APIC ID (physical destination mode,
 * fixed delivery), whatever the number of CPUs: strata has one device line
 * (COM1), read by the shell, which runs on CPU 0. Linux 6.1 instead gives
 * each line the online CPU of its affinity mask with the most free vectors
 * when the line is activated (kernel/irq/matrix.c), so lines spread over
 * the CPUs; docs/interrupts.md compares the two.
 */
#include "arch/x86_64/io_apic.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/irq_vectors.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"
#include "mm/fixmap.h"

#define IOREGSEL 0
#define IOWIN 4 /* in 32-bit words */
#define IOAPIC_REG_VER 1
#define IOAPIC_REDTBL(pin) (0x10 + 2 * (pin))
#define IOAPIC_POLARITY_LOW (1U << 13)
#define IOAPIC_TRIGGER_LEVEL (1U << 15)
#define IOAPIC_MASKED (1U << 16)

struct io_apic {
	volatile u32 *regs; /* its fixmap page; NULL: not usable */
	u32 gsi_base;	    /* from the MADT */
	u32 nr_pins;	    /* from its version register */
};
static struct io_apic io_apics[MAX_IO_APICS];
static char chip_names[NR_IRQS_LEGACY][24]; /* "IO-APIC 4-edge" per line */

static u32 io_apic_read(struct io_apic *ia, u32 reg)
{
	ia->regs[IOREGSEL] = reg;
	return ia->regs[IOWIN];
}

static void io_apic_write(struct io_apic *ia, u32 reg, u32 v)
{
	ia->regs[IOREGSEL] = reg;
	ia->regs[IOWIN] = v;
}

unsigned int io_apic_init(void)
{
	unsigned int usable = 0;

	for (u32 i = 0; i < acpi_madt.nr_ioapics && i < MAX_IO_APICS; i++) {
		struct io_apic *ia = &io_apics[i];
		u32 ver;

		ia->regs = (volatile u32 *)set_fixmap_nocache(FIX_IO_APIC_BASE_0 + i,
							      acpi_madt.ioapics[i].addr);
		if (!ia->regs)
			continue;
		ver = io_apic_read(ia, IOAPIC_REG_VER);
		if (ver == 0xffffffff) { /* nothing decodes the address */
			pr_warn("IOAPIC: none answers at %#x: not used\n",
				acpi_madt.ioapics[i].addr);
			ia->regs = NULL;
			continue;
		}
		ia->gsi_base = acpi_madt.ioapics[i].gsi_base;
		ia->nr_pins = ((ver >> 16) & 0xff) + 1;
		for (u32 pin = 0; pin < ia->nr_pins; pin++) {
			io_apic_write(ia, IOAPIC_REDTBL(pin) + 1, 0);
			io_apic_write(ia, IOAPIC_REDTBL(pin), IOAPIC_MASKED);
		}
		pr_info("IOAPIC: id %u at %#x: %u pins, GSI %u-%u, all masked\n",
			acpi_madt.ioapics[i].id, acpi_madt.ioapics[i].addr, ia->nr_pins,
			ia->gsi_base, ia->gsi_base + ia->nr_pins - 1);
		usable++;
	}
	return usable;
}

/* The IOAPIC and pin of gsi, or NULL. */
static struct io_apic *gsi_to_io_apic(u32 gsi, u32 *pin)
{
	for (u32 i = 0; i < MAX_IO_APICS; i++) {
		struct io_apic *ia = &io_apics[i];

		if (ia->regs && gsi >= ia->gsi_base && gsi - ia->gsi_base < ia->nr_pins) {
			*pin = gsi - ia->gsi_base;
			return ia;
		}
	}
	return NULL;
}

/* ISA irq's GSI, and its entry's polarity and trigger bits (acpi.h). */
static u32 isa_irq_to_gsi(unsigned int irq, u32 *entry_flags)
{
	bool level, active_low;
	u32 gsi = acpi_isa_irq_to_gsi(&acpi_madt, irq, &level, &active_low);

	*entry_flags = (level ? IOAPIC_TRIGGER_LEVEL : 0) | (active_low ? IOAPIC_POLARITY_LOW : 0);
	return gsi;
}

int io_apic_route_isa_irq(unsigned int irq)
{
	struct io_apic *ia;
	u32 flags, gsi, pin;

	if (irq >= NR_IRQS_LEGACY)
		return -EINVAL;
	gsi = isa_irq_to_gsi(irq, &flags);
	ia = gsi_to_io_apic(gsi, &pin);
	if (!ia)
		return -ENODEV;
	io_apic_write(ia, IOAPIC_REDTBL(pin) + 1, apic_timer.boot_apic_id << 24);
	io_apic_write(ia, IOAPIC_REDTBL(pin), flags | ISA_IRQ_VECTOR(irq));
	snprintf(chip_names[irq], sizeof(chip_names[irq]), "IO-APIC %u-%s", gsi,
		 flags & IOAPIC_TRIGGER_LEVEL ? "level" : "edge");
	irq_set_chip_name(irq, chip_names[irq]);
	return 0;
}

void io_apic_mask_isa_irq(unsigned int irq)
{
	struct io_apic *ia;
	u32 flags, pin;

	if (irq >= NR_IRQS_LEGACY)
		return;
	ia = gsi_to_io_apic(isa_irq_to_gsi(irq, &flags), &pin);
	if (ia)
		io_apic_write(ia, IOAPIC_REDTBL(pin), IOAPIC_MASKED);
}
