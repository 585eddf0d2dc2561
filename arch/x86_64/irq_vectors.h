/* SPDX-License-Identifier: MIT */
/*
 * The IDT's 256 vectors and what strata puts on each. The numbers are
 * Linux 6.1's (arch/x86/include/asm/irq_vectors.h) except where noted:
 *
 *   0x00-0x1f  CPU exceptions (arch/x86_64/traps.c)
 *   0x20-0x2f  the legacy 8259 PICs, remapped here and fully masked: only a
 *              spurious PIC interrupt (IRQ 7 or 15) can arrive, and is
 *              counted as spurious. (Linux programs the PICs to 0x30, the
 *              ISA vectors below, because it may still use them; strata
 *              never does, so it parks them where an arrival is known bad.)
 *   0x30-0x4f  line irq N (kernel/irq.h) on vector 0x30 + N: the ISA lines
 *              0-15 routed by the IOAPIC, then 16 free lines for
 *              software-raised interrupts. (Linux fixes only 0x30-0x3f and
 *              allocates the rest per CPU; one fixed map, the same on every
 *              CPU, is enough while every line goes to CPU 0: io_apic.c.)
 *   0x50-0xeb  unused: an interrupt here is unexpected (counted, reported)
 *   0xec       the local APIC timer (LOCAL_TIMER_VECTOR)
 *   0xed-0xfa  unused
 *   0xfb, 0xfc call function single / many (kernel/smp_call.c)
 *   0xfd       reschedule: wakes a CPU's idle loop (kernel/workqueue.c)
 *   0xfe       local APIC error (ERROR_APIC_VECTOR)
 *   0xff       local APIC spurious (SPURIOUS_APIC_VECTOR)
 */
#ifndef STRATA_IRQ_VECTORS_H
#define STRATA_IRQ_VECTORS_H

#define NR_VECTORS 256
#define FIRST_EXTERNAL_VECTOR 0x20
#define PIC_FIRST_VECTOR 0x20 /* strata's choice, see above */
#define PIC_LAST_VECTOR 0x2f
#define ISA_IRQ_VECTOR(irq) (0x30 + (irq))
#define LOCAL_TIMER_VECTOR 0xec
#define RESCHEDULE_VECTOR 0xfd
#define CALL_FUNCTION_VECTOR 0xfc
#define CALL_FUNCTION_SINGLE_VECTOR 0xfb
#define ERROR_APIC_VECTOR 0xfe
#define SPURIOUS_APIC_VECTOR 0xff

#endif /* STRATA_IRQ_VECTORS_H */
