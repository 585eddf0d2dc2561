// SPDX-License-Identifier: MIT
/*
 * PIT channel 2 (ports 0x42 data, 0x43 command), gated by port 0x61 bit 0;
 * its output is readable as port 0x61 bit 5, so the CPU can poll it. In
 * mode 0 the output goes high when the count reaches 0. Intel 8254 data
 * sheet. Nothing else uses channel 2 (it drove the PC speaker).
 *
 * Measuring a rate (pit_measure_rate):
 *   start channel 2 at 0xffff; take a tight sample (counter, PIT count);
 *   let the PIT count down ms worth; take another tight sample;
 *   rate = |counter difference| / PIT difference * PIT_TICK_RATE
 * Sampling both counts, rather than waiting for the PIT to expire and then
 * reading the counter, keeps a host that deschedules QEMU between the two
 * from skewing the result (QEMU's PIT and APIC timer run on its virtual
 * clock, so their ratio then holds; the TSC follows the host's TSC).
 */
#include "arch/x86_64/i8253.h"
#include "arch/x86_64/cpu.h"

#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PORT_61 0x61
#define PORT_61_GATE2 0x01
#define PORT_61_SPEAKER 0x02
#define PORT_61_OUT2 0x20
#define PIT_CMD_CH2_MODE0 0xb0	/* channel 2, lo/hi byte, mode 0, binary */
#define PIT_CMD_CH2_LATCH 0x80	/* channel 2, counter latch */
#define SAMPLE_MAX_PIT_TICKS 24 /* 20 us */
#define SAMPLE_TRIES 100
#define MEASUREMENTS 3 /* good measurements, of which the median is taken */
#define MEASURE_TRIES 10

void pit_oneshot_start(u16 count)
{
	u8 v = inb(PORT_61);

	outb(PORT_61, (v & ~PORT_61_SPEAKER) | PORT_61_GATE2);
	outb(PIT_CMD, PIT_CMD_CH2_MODE0);
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	v = inb(PORT_61);
	outb(PORT_61, v & ~PORT_61_GATE2); /* restart the count: gate low, high */
	outb(PORT_61, v | PORT_61_GATE2);
}

bool pit_oneshot_done(void)
{
	return inb(PORT_61) & PORT_61_OUT2;
}

u16 pit_oneshot_count(void)
{
	u8 lo;

	outb(PIT_CMD, PIT_CMD_CH2_LATCH);
	lo = inb(PIT_CH2);
	return (u16)(lo | inb(PIT_CH2) << 8);
}

bool pit_sample(u64 (*read)(void), u64 *value, u16 *pit)
{
	u16 before = pit_oneshot_count(), after;

	*value = read();
	after = pit_oneshot_count();
	*pit = (u16)(after + (before - after) / 2);
	return before >= after && before - after <= SAMPLE_MAX_PIT_TICKS;
}

/*
 * One measurement: sample, wait ms of the PIT, sample again. 0 if a
 * sample could not be taken within 20 us, or if the PIT reached 0 (OUT2
 * high: the host held the vCPU back for over 54.9 ms, and the 16-bit
 * count wrapped, so p0 - p1 would be short by a multiple of 65536).
 */
static u64 pit_measure_once(u64 (*read)(void), unsigned int ms)
{
	u64 v0 = 0, v1 = 0;
	u16 p0 = 0, p1 = 0;
	bool ok = false;

	pit_oneshot_start(0xffff);
	for (int i = 0; i < SAMPLE_TRIES && !ok; i++)
		ok = pit_sample(read, &v0, &p0);
	if (!ok)
		return 0;
	while ((u16)(p0 - pit_oneshot_count()) < PIT_TICK_RATE / 1000 * ms && !pit_oneshot_done())
		cpu_relax();
	ok = false;
	for (int i = 0; i < SAMPLE_TRIES && !ok; i++)
		ok = pit_sample(read, &v1, &p1);
	if (!ok || pit_oneshot_done() || p0 <= p1)
		return 0;
	return (v0 > v1 ? v0 - v1 : v1 - v0) * PIT_TICK_RATE / ((u64)(p0 - p1) * 1000);
}

/*
 * The median of MEASUREMENTS good measurements (of at most MEASURE_TRIES):
 * one that a busy host disturbed in a way the checks above cannot see
 * stands out and is not taken.
 */
u64 pit_measure_rate(u64 (*read)(void), unsigned int ms)
{
	u64 rates[MEASUREMENTS] = {0};
	unsigned int n = 0;

	for (int i = 0; i < MEASURE_TRIES && n < MEASUREMENTS; i++) {
		u64 r = pit_measure_once(read, ms);
		unsigned int j;

		if (!r)
			continue;
		for (j = n++; j > 0 && rates[j - 1] > r; j--) /* rates[] stays sorted */
			rates[j] = rates[j - 1];
		rates[j] = r;
	}
	return n ? rates[n / 2] : 0;
}
