// SPDX-License-Identifier: MIT
/*
 * TSC calibration against PIT channel 2, which the CPU can poll through
 * port 0x61 bit 5 (the channel's output) without taking interrupts.
 */
#include "kernel/tsc.h"
#include "arch/x86_64/cpu.h"

#define PIT_HZ 1193182
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PORT_61 0x61
#define CALIBRATE_MS 10

u64 tsc_khz;
static u64 tsc_boot;

void tsc_calibrate(void)
{
	u16 count = PIT_HZ / (1000 / CALIBRATE_MS);
	u8 v = inb(PORT_61);
	u64 t0, t1;

	outb(PORT_61, (v & ~0x02) | 0x01); /* gate on, speaker off */
	outb(PIT_CMD, 0xb0);		   /* channel 2, lo/hi byte, mode 0 */
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	v = inb(PORT_61);
	outb(PORT_61, v & ~0x01); /* restart the count: gate low, high */
	outb(PORT_61, v | 0x01);
	t0 = rdtsc();
	while (!(inb(PORT_61) & 0x20))
		cpu_relax();
	t1 = rdtsc();
	tsc_khz = (t1 - t0) / CALIBRATE_MS;
	if (tsc_khz == 0)
		tsc_khz = 1;
	tsc_boot = t0;
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
