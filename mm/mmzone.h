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
 *
 * Order-0 pages also sit on per-CPU lists (struct per_cpu_pages, Linux's
 * pcp: mm/page_pcp.c), outside the free lists and outside free_pages, as
 * Linux 6.1 keeps them outside NR_FREE_PAGES. Watermarks (mm/watermark.c)
 * say how far below its free pages an allocation may take a zone.
 */
#ifndef STRATA_MMZONE_H
#define STRATA_MMZONE_H

#include "kernel/spinlock.h"
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

/* Indexes of zone->watermark[] (Linux's enum zone_watermarks, 6.1, less WMARK_PROMO). */
enum zone_watermarks {
	WMARK_MIN,  /* below it only GFP_ATOMIC (and __GFP_HIGH) allocations succeed */
	WMARK_LOW,  /* Linux wakes kswapd below it; strata has no kswapd */
	WMARK_HIGH, /* kswapd's target; strata shows it */
	NR_WMARK
};

/*
 * One CPU's list of free order-0 pages of one zone (Linux 6.1's struct
 * per_cpu_pages, one list where Linux keeps one per migrate type and order
 * 0..3). Each page on it has PG_pcp and its CPU in PG_pcp_cpu bits
 * (mm/page.h); next/prev link it. Used only by its own CPU with
 * interrupts off (mm/page_pcp.c), so it needs no lock; another CPU reads
 * count and high only as a racy snapshot (zoneinfo) and drains it by IPI.
 */
struct per_cpu_pages {
	int count;	 /* pages on the list */
	int high;	 /* when count reaches it, a batch or more go back to the zone */
	int batch;	 /* pages moved per refill, and at least per drain */
	int free_factor; /* drains since the last allocation: scales the drain (6.1) */
	u32 head;	 /* pfn of the hottest page (the last freed), or PFN_NONE */
	u32 tail;	 /* pfn of the coldest page, or PFN_NONE */
};

struct free_area {
	u32 head;    /* pfn of the first free block of this order, or PFN_NONE */
	u64 nr_free; /* blocks on the list */
};

struct zone {
	const char *name; /* "DMA", "DMA32", "Normal" as in /proc/buddyinfo */
	pfn_t start_pfn;  /* the zone's span: [start_pfn, end_pfn) */
	pfn_t end_pfn;
	/*
	 * Guards free_area[], free_pages and managed_pages, and the buddy
	 * fields of the struct pages on the free lists (Linux's zone->lock).
	 * Taken with interrupts off: GFP_ATOMIC allocations come from
	 * interrupt handlers. Readers of the counters alone (buddyinfo,
	 * meminfo) take a snapshot without it.
	 */
	spinlock_t lock;
	u64 managed_pages; /* pages handed to the buddy allocator at boot */
	u64 free_pages;	   /* pages on the free lists now (not the pcp pages) */
	struct free_area free_area[NR_ORDERS];
	/* min, low, high in pages, set by setup_per_zone_wmarks() (mm/watermark.c) */
	u64 watermark[NR_WMARK];
	/* The template of this zone's per-CPU lists: this_cpu_ptr() of it is this CPU's. */
	struct per_cpu_pages *per_cpu_pageset;
	int pageset_high; /* high and batch given to every CPU's list (zone_pcp_update) */
	int pageset_batch;
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

/*
 * Linux 6.1's alloc_flags as strata uses them (mm/internal.h): which
 * watermark an allocation checks and how far below it it may go.
 */
#define ALLOC_NO_WATERMARKS 0x04 /* __GFP_MEMALLOC: ignore the watermarks */
#define ALLOC_NON_BLOCK 0x10	 /* cannot block: with __GFP_HIGH a quarter more */
#define ALLOC_MIN_RESERVE 0x20	 /* __GFP_HIGH: half of min (6.1.0 called it ALLOC_HIGH) */

/* The alloc_flags for gfp (Linux's gfp_to_alloc_flags, the parts strata has). */
static inline unsigned int gfp_to_alloc_flags(gfp_t gfp)
{
	unsigned int flags = gfp & __GFP_HIGH ? ALLOC_MIN_RESERVE : 0;

	if (!(gfp & __GFP_DIRECT_RECLAIM))
		flags |= ALLOC_NON_BLOCK;
	if (gfp & __GFP_MEMALLOC)
		flags |= ALLOC_NO_WATERMARKS;
	return flags;
}

/*
 * May an allocation of 2^order pages with alloc_flags take pages from zone
 * (Linux 6.1's __zone_watermark_ok for order 0, without lowmem_reserve,
 * CMA and the high-atomic reserve, which strata does not have)?
 *
 *   min = watermark[WMARK_MIN]
 *   ALLOC_MIN_RESERVE: min -= min / 2; and with ALLOC_NON_BLOCK: min -= min / 4
 *   ok if free_pages - (2^order - 1) > min
 *
 * (6.1.0 named the two flags ALLOC_HIGH and ALLOC_HARDER; the 6.1.y
 * stable tree renamed them with the same arithmetic for GFP_ATOMIC.)
 * So GFP_KERNEL stops at min and GFP_ATOMIC at 3/8 of it. The pages on
 * per-CPU lists are not in free_pages and do not count, as in Linux.
 */
static inline bool zone_watermark_ok(const struct zone *zone, unsigned int order,
				     unsigned int alloc_flags)
{
	u64 free = __atomic_load_n(&zone->free_pages, __ATOMIC_RELAXED);
	u64 min = zone->watermark[WMARK_MIN];

	if (__builtin_expect(alloc_flags & (ALLOC_MIN_RESERVE | ALLOC_NO_WATERMARKS), 0)) {
		if (alloc_flags & ALLOC_NO_WATERMARKS)
			return true;
		min -= min / 2;
		if (alloc_flags & ALLOC_NON_BLOCK)
			min -= min / 4;
	}
	/* free - (2^order - 1) > min, without going below 0 */
	return free > min + (1UL << order) - 1;
}

/* Set the zones' spans for RAM up to max_pfn, all lists empty. */
void zones_init(pfn_t max);

/*
 * Give the free range [start, end) of pfns to the buddy allocator in the
 * largest aligned blocks that fit; the pages must be marked free (flags 0).
 * Returns the number of blocks. Boot only.
 */
u64 buddy_free_range(pfn_t start, pfn_t end);

/*
 * Per-CPU lists (mm/page_pcp.c). zone_pcp_update() sets every CPU's high
 * and batch for the zone's size, watermarks and online CPUs (Linux 6.1's
 * zone_pcp_update); setup_per_cpu_pageset() does it for every zone once
 * the CPUs are online. drain_local_pages() empties this CPU's lists (zone
 * NULL: every zone). zone_pcp_of() is cpu's list, for reports (a racy
 * snapshot of another CPU's count).
 */
void zone_pcp_update(struct zone *zone);
void setup_per_cpu_pageset(void);
void drain_local_pages(struct zone *zone);
const struct per_cpu_pages *zone_pcp_of(const struct zone *zone, unsigned int cpu);

/*
 * Watermarks (mm/watermark.c). min_free_kbytes is Linux's vm.min_free_kbytes;
 * init_per_zone_wmark_min() computes it from the memory (boot, once the
 * buddy has every page) and sets the watermarks; setup_per_zone_wmarks()
 * derives each zone's min/low/high from it and updates the pcp high marks.
 */
extern int min_free_kbytes;
extern int watermark_scale_factor;
void init_per_zone_wmark_min(void);
void setup_per_zone_wmarks(void);
/* Set min_free_kbytes as Linux's sysctl does (0..MemTotal); 0 or -EINVAL. */
int min_free_kbytes_set(int kbytes);

#endif /* STRATA_MMZONE_H */
