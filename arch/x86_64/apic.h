/* SPDX-License-Identifier: MIT */
/*
 * The local APICs: x2APIC mode (MSRs) when CPUID offers it, else xAPIC
 * (MMIO registers in a fixmap page); each CPU's timer, periodic at HZ;
 * end-of-interrupt; IPIs to itself and to other CPUs. Intel SDM vol. 3,
 * chapter 11.
 */
#ifndef STRATA_APIC_H
#define STRATA_APIC_H

#include "lib/types.h"

/* Register offsets (xAPIC MMIO; the x2APIC MSR is 0x800 + offset / 16). */
#define APIC_ID 0x20
#define APIC_LVR 0x30 /* version, bits 23:16 the highest LVT entry */
#define APIC_TASKPRI 0x80
#define APIC_EOI 0xb0
#define APIC_SPIV 0xf0
#define APIC_ISR 0x100 /* 8 registers, 16 bytes apart: vectors 32 per register */
#define APIC_ESR 0x280
#define APIC_ICR 0x300
#define APIC_ICR2 0x310
#define APIC_LVTT 0x320
#define APIC_LVT0 0x350
#define APIC_LVTERR 0x370
#define APIC_TMICT 0x380 /* timer initial count */
#define APIC_TMCCT 0x390 /* timer current count */
#define APIC_TDCR 0x3e0	 /* timer divide configuration */

/* The timer's calibration, for the boot log, the shell and the tests. */
struct apic_timer_info {
	u64 apic_khz;	  /* timer input after the divider, ticks per ms */
	u32 count_per_hz; /* initial count: one period of 1/HZ s */
	bool running;	  /* periodic mode started */
	const char *mode; /* "x2APIC" or "xAPIC" */
	u32 boot_apic_id; /* this CPU's APIC ID */
};
extern struct apic_timer_info apic_timer;

/*
 * Enable the boot CPU's local APIC (x2APIC if CPUID has it, else xAPIC
 * mapped at lapic_phys through the fixmap), with the spurious vector,
 * the error vector, LINT0 masked; calibrate its timer against the PIT and
 * start it periodic at HZ on LOCAL_TIMER_VECTOR. Interrupts stay off.
 * Returns 0, or -ENODEV (CPUID says no APIC) or -ENOMEM (no table for the
 * fixmap) after a report: the kernel then runs without interrupts.
 */
int apic_init(u64 lapic_phys);

/* True once apic_init() succeeded. */
bool apic_enabled(void);

/* Signal end of interrupt. No-op without an APIC. */
void apic_eoi(void);

/* True if vector is in service (its ISR bit is set): it needs an EOI. */
bool apic_vector_in_service(unsigned int vector);

/* Send vector to this CPU (fixed delivery). Context: any. */
void apic_send_self_ipi(unsigned int vector);

/*
 * Mask (or unmask) this CPU's timer interrupt, leaving the others on: the
 * benchmarks' measured loops run with interrupts on and no tick. No-op
 * without an APIC.
 */
void apic_timer_set_masked(bool masked);

/* The timer's current count (it falls from count_per_hz to 0, then reloads). */
u32 apic_timer_current_count(void);

/* ICR delivery modes and flags (Linux's asm/apicdef.h names). */
#define APIC_DM_FIXED 0x000
#define APIC_DM_INIT 0x500
#define APIC_DM_STARTUP 0x600
#define APIC_INT_ASSERT 0x4000
#define APIC_INT_LEVELTRIG 0x8000

/*
 * Send an IPI: low is the ICR's low word (delivery mode, vector, flags),
 * apicid the destination. Waits for a previous xAPIC send to be accepted
 * first. No-op without an APIC. Context: any, interrupts off or on.
 */
void apic_icr_write(u32 low, u32 apicid);

/* xAPIC: the last IPI is not yet accepted (x2APIC: never). */
bool apic_icr_busy(void);

/* True in x2APIC mode (where INIT de-assert does not exist). */
bool apic_x2apic_mode(void);

/* This CPU's APIC ID, read from its APIC. */
u32 apic_read_id(void);

/* Latch and read the error status (send and accept errors of IPIs). */
u32 apic_esr_read(void);

/*
 * An AP's own APIC: on, in the boot CPU's mode, the same register setup,
 * and its timer periodic at HZ with the boot CPU's calibration.
 */
void apic_init_secondary(void);

/* The interrupt handlers of the APIC's own vectors (arch/x86_64/irq.c). */
void apic_timer_interrupt(void);
void apic_error_interrupt(void);

#endif /* STRATA_APIC_H */
