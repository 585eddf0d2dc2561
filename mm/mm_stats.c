// SPDX-License-Identifier: MIT
/*
 * The memory counters snapshot (see mm_stats.h).
 */
#include "mm/mm_stats.h"
#include "mm/gfp.h"
#include "mm/memblock.h"
#include "mm/pgtable.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

const char *const mm_stat_names[NR_MM_STATS] = {
	[MM_FREE_PAGES] = "free and slab pages",
	[MM_PT_PAGES] = "page-table pages",
	[MM_SLAB_OBJECTS] = "slab objects",
	[MM_VMALLOC_AREAS] = "vmalloc areas",
};

void mm_stats_read(struct mm_stats *s)
{
	/*
	 * Before mem_map_init() the free pages are memblock's, after it the
	 * buddy's; pages on per-CPU lists go back to the buddy first, so the
	 * count is exact whichever CPU freed what.
	 */
	if (mem_map)
		drain_all_pages(NULL);
	s->v[MM_FREE_PAGES] = mem_map ? nr_free_pages() + slab_pages() : memblock_free_pages();
	s->v[MM_PT_PAGES] = pt_table_pages;
	s->v[MM_SLAB_OBJECTS] = slab_objects;
	s->v[MM_VMALLOC_AREAS] = vmalloc_nr_areas();
}
