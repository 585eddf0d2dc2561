/* SPDX-License-Identifier: MIT */
/*
 * Starting the application processors (Linux's arch/x86/kernel/smpboot.c,
 * 6.1) and what the boot CPU keeps about each.
 */
#ifndef STRATA_SMPBOOT_H
#define STRATA_SMPBOOT_H

#include "kernel/percpu.h"
#include "lib/types.h"

/* Each CPU's local APIC ID (Linux's x86_cpu_to_apicid). */
DECLARE_PER_CPU(u32, x86_cpu_to_apicid);
/* The bottom of each AP's kernel stack (vmalloc); NULL for the boot CPU. */
DECLARE_PER_CPU(void *, cpu_stack);

/* An AP's kernel stack, as Linux's x86_64 THREAD_SIZE without KASAN. */
#define THREAD_SIZE (16UL * 1024)

/*
 * Start every possible CPU (the MADT's enabled and online-capable entries,
 * up to nr_cpu_ids) one at a time with INIT-SIPI-SIPI; an AP that is not
 * online within SMPBOOT_TIMEOUT_MS is reported, put back to wait with an
 * INIT, and left offline; the others go on. Ends with Linux's line
 * "smp: Brought up 1 node, N CPUs". Call once, on the boot CPU, after
 * interrupts_init() (the APIC sends the IPIs) and vmalloc_init() (stacks).
 * The command-line option smpboot.no_sipi=N (a test knob, not Linux's)
 * sends CPU N no SIPI, to prove the timeout path.
 */
void smp_init(void);

#define SMPBOOT_TIMEOUT_MS 3000

#endif /* STRATA_SMPBOOT_H */
