/* SPDX-License-Identifier: MIT */
/*
 * Setting up the per-CPU areas (Linux's setup_per_cpu_areas(), in
 * arch/x86/kernel/setup_percpu.c over mm/percpu.c, 6.1). The accessors are
 * in kernel/percpu.h; the layout is in mm/memlayout.h.
 */
#ifndef STRATA_MM_PERCPU_H
#define STRATA_MM_PERCPU_H

#include "lib/types.h"

/*
 * Give each of nr_possible CPUs (capped at NR_CPUS) its own copy of the
 * per-CPU template, from memblock, and move the boot CPU's GS base onto
 * its copy. Call once, on the boot CPU, after paging_init() (the areas are
 * reached through the direct map) and before interrupts are on (the copy
 * must not change while it is taken). If memblock cannot give an area, the
 * CPUs from there on are not possible (nr_cpu_ids shrinks, reported); if
 * not even the boot CPU's fits, it keeps running on the template.
 */
void setup_per_cpu_areas(unsigned int nr_possible);

/* Bytes of one CPU's area (the template, page-rounded). */
size_t percpu_area_size(void);

#endif /* STRATA_MM_PERCPU_H */
