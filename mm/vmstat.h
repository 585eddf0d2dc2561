/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU event counters of the page allocator, with Linux's names
 * (include/linux/vm_event_item.h and vmstat.h, 6.1): each CPU counts in its
 * own copy with one instruction, so counting needs no lock; a reader adds
 * the copies up (the `cpus` shell command shows them per CPU).
 *
 * Linux counts PGALLOC per zone (pgalloc_dma, pgalloc_dma32, ...) and many
 * more events; strata keeps the two totals, in pages as Linux counts them
 * (mm/page_alloc.c counts them). Linux also counts as PGFREE the pages
 * memblock releases at boot; strata starts counting after them.
 */
#ifndef STRATA_VMSTAT_H
#define STRATA_VMSTAT_H

#include "kernel/percpu.h"

enum vm_event_item {
	PGALLOC, /* pages allocated (2^order per block) */
	PGFREE,	 /* pages freed */
	NR_VM_EVENT_ITEMS
};

struct vm_event_state {
	unsigned long event[NR_VM_EVENT_ITEMS];
};

DECLARE_PER_CPU(struct vm_event_state, vm_event_states);

/* Add delta to this CPU's count of item; any context. */
static inline void __count_vm_events(enum vm_event_item item, long delta)
{
#ifndef STRATA_HOST_TEST
	this_cpu_add(vm_event_states.event[item], (unsigned long)delta);
#else /* the host tests (tests/host) have no per-CPU segment and count nothing */
	(void)item;
	(void)delta;
#endif
}

/* cpu's count of item (a snapshot). */
static inline unsigned long cpu_vm_events(enum vm_event_item item, unsigned int cpu)
{
	return per_cpu(vm_event_states, cpu).event[item];
}

#endif /* STRATA_VMSTAT_H */
