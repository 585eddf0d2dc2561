/* SPDX-License-Identifier: MIT */
/*
 * The kernel's GDT and TSS, one of each per CPU. The TSS holds rsp0, the
 * kernel stack an interrupt or exception from ring 3 lands on (the running
 * process's, set at each switch), and the Interrupt Stack Table: IST1 is
 * the double-fault stack, so a kernel stack overflow is reported instead of
 * triple-faulting.
 */
#ifndef STRATA_GDT_H
#define STRATA_GDT_H

#define GDT_KERNEL_CS 0x08
#define GDT_KERNEL_DS 0x10
/*
 * The user segments, in the order SYSRET needs (Intel SDM vol. 2B, SYSRET):
 * with STAR[63:48] = GDT_USER32_CS, SYSRET to 64-bit mode loads CS from
 * that + 16 and SS from that + 8. The 32-bit code segment only fixes the
 * base (strata runs no 32-bit code). Selectors carry RPL 3, as Linux's
 * __USER_CS and __USER_DS (whose numbers differ: Linux's GDT has more).
 */
#define GDT_USER32_CS 0x1b
#define GDT_USER_DS 0x23
#define GDT_USER_CS 0x2b
#define GDT_TSS 0x30
#define IST_DOUBLE_FAULT 1

#ifndef __ASSEMBLER__
#include "lib/types.h"

/* The boot CPU's: load the GDT, reload segment registers, load the TSS. */
void gdt_init(void);

/*
 * The same for cpu (< NR_CPUS), running on it, with df_stack the top of its
 * double-fault stack. Loading GS zeroes its base: set MSR_GS_BASE after.
 */
void gdt_init_cpu(unsigned int cpu, u64 df_stack);

/* The running CPU's rsp0: where ring-3 interrupts and exceptions land. */
void tss_set_sp0(u64 sp0);

#endif /* __ASSEMBLER__ */
#endif /* STRATA_GDT_H */
