/* SPDX-License-Identifier: MIT */
/*
 * The interrupt descriptor table: gates for all 256 vectors (the 32 CPU
 * exceptions and the external interrupts), pointing at the stubs in isr.S.
 */
#ifndef STRATA_IDT_H
#define STRATA_IDT_H

/* Fill the IDT (the double fault on IST1) and load it. After gdt_init(). */
void idt_init(void);

#endif /* STRATA_IDT_H */
