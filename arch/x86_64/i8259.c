// SPDX-License-Identifier: MIT
/*
 * The 8259A pair (master at ports 0x20/0x21, slave at 0xa0/0xa1, cascaded
 * on the master's line 2). The BIOS leaves them on vectors 8-15 and
 * 0x70-0x77, the first of which collide with CPU exceptions; strata moves
 * them to 0x20-0x2f with the four-word initialisation (ICW1-4) and masks
 * all sixteen lines. Linux does the same in arch/x86/kernel/i8259.c (to
 * 0x30) before it switches to the IOAPIC.
 *
 * A masked PIC can still raise a spurious interrupt on its lowest-priority
 * line (7 or 15) when a request vanishes before the CPU acknowledges it.
 * Such a one needs no EOI from the master, but the slave's line 15 still
 * took the master's cascade line, so the master gets an EOI.
 */
#include "arch/x86_64/i8259.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq_vectors.h"

#define PIC_MASTER_CMD 0x20
#define PIC_MASTER_IMR 0x21
#define PIC_SLAVE_CMD 0xa0
#define PIC_SLAVE_IMR 0xa1
#define ICW1_INIT_ICW4 0x11 /* edge, cascade, ICW4 follows */
#define ICW4_8086 0x01
#define PIC_EOI 0x20
#define PIC_CASCADE_LINE 2

void legacy_pic_init(void)
{
	outb(PIC_MASTER_IMR, 0xff);
	outb(PIC_SLAVE_IMR, 0xff);
	outb(PIC_MASTER_CMD, ICW1_INIT_ICW4);
	outb(PIC_MASTER_IMR, PIC_FIRST_VECTOR);	     /* ICW2: vector base */
	outb(PIC_MASTER_IMR, 1 << PIC_CASCADE_LINE); /* ICW3: slave on line 2 */
	outb(PIC_MASTER_IMR, ICW4_8086);
	outb(PIC_SLAVE_CMD, ICW1_INIT_ICW4);
	outb(PIC_SLAVE_IMR, PIC_FIRST_VECTOR + 8);
	outb(PIC_SLAVE_IMR, PIC_CASCADE_LINE); /* ICW3: its cascade identity */
	outb(PIC_SLAVE_IMR, ICW4_8086);
	outb(PIC_MASTER_IMR, 0xff); /* every line masked */
	outb(PIC_SLAVE_IMR, 0xff);
}

void legacy_pic_spurious(unsigned int vector)
{
	if (vector >= PIC_FIRST_VECTOR + 8)
		outb(PIC_MASTER_CMD, PIC_EOI);
}
