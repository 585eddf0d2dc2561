/* SPDX-License-Identifier: MIT */
/*
 * The time-stamp counter as strata's clock: printk timestamps and the
 * benchmarks. Under QEMU -icount shift=0 the TSC counts guest instructions.
 */
#ifndef STRATA_TSC_H
#define STRATA_TSC_H

#include "lib/types.h"

/* Measure the TSC rate against the PIT (10 ms); sets tsc_khz. */
void tsc_calibrate(void);
/* TSC ticks since tsc_calibrate() was called. */
u64 tsc_since_boot(void);
/* Convert TSC ticks to microseconds (0 before calibration). */
u64 tsc_to_us(u64 ticks);

extern u64 tsc_khz;

#endif /* STRATA_TSC_H */
