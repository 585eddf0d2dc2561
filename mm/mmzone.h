/* SPDX-License-Identifier: MIT */
/*
 * Zones and their free lists: the buddy allocator's data (mm/page_alloc.c).
 *
 * Physical memory is split into zones as on Linux x86_64:
 *
 *   0        16 MiB              4 GiB                          max_pfn
 *   | ZONE_DMA | ZONE_DMA32         | ZONE_NORMAL                   |
 *
 * Each zone keeps, per order 0..MAX_ORDER, a doubly-linked list of free
 * blocks of 2^order pages (free_area[order]). A block is always aligned to
 * its size, so its buddy (the other half of the block one order up) is at
 * pfn ^ (1 << order). Zone limits are multiples of 2^12 pages, larger than
 * the biggest block (2^10), so a block and its buddy are always in the
 * same zone.
 */
#ifndef STRATA_MMZONE_H
#define STRATA_MMZONE_H

#include "mm/gfp.h"

enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	MAX_NR_ZONES
};

/* The highest zone gfp allows; the allocation falls back to lower ones. */
static inline enum zone_type gfp_zone(gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return ZONE_DMA;
	if (gfp & __GFP_DMA32)
		return ZONE_DMA32;
	return ZONE_NORMAL;
}

#define ZONE_DMA_END_PFN ((16UL * MiB) >> PAGE_SHIFT)
#define ZONE_DMA32_END_PFN ((4UL * GiB) >> PAGE_SHIFT)

_Static_assert(ZONE_DMA_END_PFN % (1UL << MAX_ORDER) == 0, "blocks must not cross zones");
_Static_assert(ZONE_DMA32_END_PFN % (1UL << MAX_ORDER) == 0, "blocks must not cross zones");

struct free_area {
	u32 head;    /* pfn of the first free block of this order, or PFN_NONE */
	u64 nr_free; /* blocks on the list */
};

struct zone {
	const char *name; /* "DMA", "DMA32", "Normal" as in /proc/buddyinfo */
	pfn_t start_pfn;  /* the zone's span: [start_pfn, end_pfn) */
	pfn_t end_pfn;
	u64 managed_pages; /* pages handed to the buddy allocator at boot */
	u64 free_pages;	   /* pages on the free lists now */
	struct free_area free_area[NR_ORDERS];
};

extern struct zone zones[MAX_NR_ZONES];

static inline enum zone_type pfn_zone(pfn_t pfn)
{
	if (pfn < ZONE_DMA_END_PFN)
		return ZONE_DMA;
	if (pfn < ZONE_DMA32_END_PFN)
		return ZONE_DMA32;
	return ZONE_NORMAL;
}

static inline struct zone *page_zone(const struct page *page)
{
	return &zones[pfn_zone(page_to_pfn(page))];
}

/* Set the zones' spans for RAM up to max_pfn, all lists empty. */
void zones_init(pfn_t max);

/*
 * Give the free range [start, end) of pfns to the buddy allocator in the
 * largest aligned blocks that fit; the pages must be marked free (flags 0).
 * Returns the number of blocks. Boot only.
 */
u64 buddy_free_range(pfn_t start, pfn_t end);

#endif /* STRATA_MMZONE_H */
