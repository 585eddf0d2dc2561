/* SPDX-License-Identifier: MIT */
/*
 * The kernel's GDT and its one TSS. strata runs only in ring 0, so the TSS
 * exists for its Interrupt Stack Table: IST1 is the double-fault stack, so a
 * kernel stack overflow is reported instead of triple-faulting.
 */
#ifndef STRATA_GDT_H
#define STRATA_GDT_H

#define GDT_KERNEL_CS 0x08
#define GDT_KERNEL_DS 0x10
#define GDT_TSS 0x18
#define IST_DOUBLE_FAULT 1

/* Load the GDT, reload segment registers, load the TSS. */
void gdt_init(void);

#endif /* STRATA_GDT_H */
