/* SPDX-License-Identifier: MIT */
/*
 * The interrupt descriptor table: gates for the 32 CPU exceptions, all
 * pointing at the stubs in isr.S. strata takes no device interrupts.
 */
#ifndef STRATA_IDT_H
#define STRATA_IDT_H

/* Fill the IDT (the double fault on IST1) and load it. After gdt_init(). */
void idt_init(void);

#endif /* STRATA_IDT_H */
