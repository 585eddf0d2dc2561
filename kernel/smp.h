/* SPDX-License-Identifier: MIT */
/*
 * Which CPU is this, and how many can there be (Linux's include/linux/smp.h
 * and include/linux/cpumask.h names, 6.1).
 *
 * nr_cpu_ids is the number of possible CPUs: those the MADT lists (at most
 * NR_CPUS), 1 without ACPI. Only the boot CPU runs today: bringing the
 * others up (INIT-SIPI-SIPI) is not done yet, but each already has its
 * per-CPU area (mm/percpu.c).
 */
#ifndef STRATA_SMP_H
#define STRATA_SMP_H

#include "kernel/percpu.h"

extern unsigned int nr_cpu_ids;

/* This CPU's number, 0 .. nr_cpu_ids - 1, kept in its own per-CPU area. */
DECLARE_PER_CPU(int, cpu_number);

static inline int raw_smp_processor_id(void)
{
	return this_cpu_read(cpu_number);
}

/*
 * Linux's debug build checks here that the caller cannot migrate
 * (CONFIG_DEBUG_PREEMPT). strata never preempts or migrates a running
 * thread, so the two are the same.
 */
static inline int smp_processor_id(void)
{
	return raw_smp_processor_id();
}

#endif /* STRATA_SMP_H */
