/* SPDX-License-Identifier: MIT */
/*
 * The kernel's GDT and TSS, one of each per CPU. strata runs only in ring
 * 0, so the TSS exists for its Interrupt Stack Table: IST1 is the
 * double-fault stack, so a kernel stack overflow is reported instead of
 * triple-faulting.
 */
#ifndef STRATA_GDT_H
#define STRATA_GDT_H

#include "lib/types.h"

#define GDT_KERNEL_CS 0x08
#define GDT_KERNEL_DS 0x10
#define GDT_TSS 0x18
#define IST_DOUBLE_FAULT 1

/* The boot CPU's: load the GDT, reload segment registers, load the TSS. */
void gdt_init(void);

/*
 * The same for cpu (< NR_CPUS), running on it, with df_stack the top of its
 * double-fault stack. Loading GS zeroes its base: set MSR_GS_BASE after.
 */
void gdt_init_cpu(unsigned int cpu, u64 df_stack);

#endif /* STRATA_GDT_H */
