/* SPDX-License-Identifier: MIT */
/*
 * The 8253/8254 PIT's channel 2 as a stopwatch the CPU polls, without
 * interrupts: the reference clock of the TSC and local APIC timer
 * calibrations, and of the timer tests. It counts at PIT_TICK_RATE from a
 * 16-bit start value down to 0 (at most 54.9 ms).
 */
#ifndef STRATA_I8253_H
#define STRATA_I8253_H

#include "lib/types.h"

#define PIT_TICK_RATE 1193182 /* Hz, Linux's name */

/* Load channel 2 with count (mode 0, gate on, speaker off) and start it. */
void pit_oneshot_start(u16 count);
/* True once the count started by pit_oneshot_start() has reached 0. */
bool pit_oneshot_done(void);
/* Channel 2's current count (latched, so both bytes belong together). */
u16 pit_oneshot_count(void);

/*
 * Read a counter between two reads of channel 2's count: *value is
 * read(), *pit the PIT reads' midpoint. False if those lie more than 20 us
 * apart (the host ran something else in between: sample again).
 */
bool pit_sample(u64 (*read)(void), u64 *value, u16 *pit);

/*
 * The rate of a free-running counter (counting up or down), in counts per
 * millisecond: the median of three measurements over ms (1..50) of the PIT
 * each, dropping any whose samples were slow or during which the PIT
 * wrapped. Uses channel 2. 0 if it did not move or no measurement held.
 * Context: interrupts may be on; takes about 3 * ms milliseconds.
 */
u64 pit_measure_rate(u64 (*read)(void), unsigned int ms);

#endif /* STRATA_I8253_H */
