// SPDX-License-Identifier: MIT
/*
 * TSC calibration against PIT channel 2 (arch/x86_64/i8253.c), which the
 * CPU polls without taking interrupts.
 */
#include "kernel/tsc.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/i8253.h"

#define CALIBRATE_MS 10

u64 tsc_khz;
static u64 tsc_boot;

static u64 tsc_read(void)
{
	return rdtsc();
}

void tsc_calibrate(void)
{
	tsc_boot = rdtsc();
	tsc_khz = pit_measure_rate(tsc_read, CALIBRATE_MS);
	if (tsc_khz == 0)
		tsc_khz = 1; /* no measurement held: kmain warns; 1 keeps divisions safe */
}

u64 tsc_since_boot(void)
{
	return tsc_boot ? rdtsc() - tsc_boot : 0;
}

u64 tsc_to_us(u64 ticks)
{
	if (!tsc_khz)
		return 0;
	return ticks / tsc_khz * 1000 + ticks % tsc_khz * 1000 / tsc_khz;
}
