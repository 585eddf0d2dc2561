// SPDX-License-Identifier: MIT
/*
 * jiffies_64 and the tick that advances it (kernel/time.h). The timer
 * hardware is the local APIC (arch/x86_64/apic.c).
 */
#include "kernel/time.h"

/* Ticks since the APIC timer started; jiffies is its alias (linker.ld). */
volatile u64 jiffies_64;

void do_timer(unsigned long ticks)
{
	jiffies_64 += ticks;
}
