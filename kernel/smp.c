// SPDX-License-Identifier: MIT
/*
 * The per-CPU bookkeeping every CPU reads: each one's offset to its
 * per-CPU area, its number, and how many CPUs are possible. All of it is
 * written once, by setup_per_cpu_areas() (mm/percpu.c) on the boot CPU
 * before interrupts are on, and only read after that.
 */
#include "kernel/smp.h"
#include "kernel/cpumask.h"

unsigned int nr_cpu_ids = 1;
unsigned long __per_cpu_offset[NR_CPUS];

/* The boot CPU reads these from the template until its area exists: 0, 0. */
DEFINE_PER_CPU(unsigned long, this_cpu_off);
DEFINE_PER_CPU(int, cpu_number);

/* The boot CPU is online from the start; each AP adds itself (kernel/cpumask.h). */
struct cpumask __cpu_online_mask = {{1UL}};
