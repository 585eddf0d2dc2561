/* SPDX-License-Identifier: MIT */
/*
 * One snapshot of every memory counter that must come back to its value
 * after a test suite: the leak check of tests/ktest.c. Each allocator layer
 * adds its counter here when it arrives.
 */
#ifndef STRATA_MM_STATS_H
#define STRATA_MM_STATS_H

#include "lib/types.h"

enum mm_stat {
	MM_FREE_PAGES,	  /* free pages: memblock's before the buddy exists, then the buddy's
			plus every page of every slab. The slab's objects are counted
			apart (MM_SLAB_OBJECTS); how many slabs hold them depends on
			which objects live longest (one the shell keeps pins its slab),
			not on a leak, so slab pages count as free here */
	MM_PT_PAGES,	  /* page-table pages in use */
	MM_SLAB_OBJECTS,  /* objects allocated from the slab caches (kmalloc included) */
	MM_VMALLOC_AREAS, /* live vmalloc and vmap areas */
	NR_MM_STATS
};

struct mm_stats {
	u64 v[NR_MM_STATS];
};

extern const char *const mm_stat_names[NR_MM_STATS];

/*
 * Take a snapshot of all counters, after giving every CPU's per-CPU pages
 * back to the buddy (drain_all_pages). Context: task, interrupts on.
 */
void mm_stats_read(struct mm_stats *s);

#endif /* STRATA_MM_STATS_H */
