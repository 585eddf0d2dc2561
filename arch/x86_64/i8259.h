/* SPDX-License-Identifier: MIT */
/*
 * The two legacy 8259A PICs: remapped off the exception vectors and masked
 * for good, since the IOAPIC delivers strata's device interrupts.
 */
#ifndef STRATA_I8259_H
#define STRATA_I8259_H

/*
 * Reprogram both PICs to vectors PIC_FIRST_VECTOR.. (so a stray PIC
 * interrupt cannot look like a CPU exception) and mask every line.
 */
void legacy_pic_init(void);

/* After a spurious PIC interrupt on vector: acknowledge what must be. */
void legacy_pic_spurious(unsigned int vector);

#endif /* STRATA_I8259_H */
