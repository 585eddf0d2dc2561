/* SPDX-License-Identifier: MIT */
/*
 * The page allocator's API, with Linux's names and meanings (linux/gfp.h).
 *
 * GFP ("get free pages") flags say where memory may come from and how:
 *
 *   GFP_KERNEL   normal allocation; in Linux it may sleep to reclaim
 *   GFP_ATOMIC   may not sleep (interrupt context); may use reserves
 *   GFP_NOWAIT   may not sleep; no reserves
 *   GFP_DMA      only ZONE_DMA (below 16 MiB)
 *   GFP_DMA32    only ZONE_DMA32 or ZONE_DMA (below 4 GiB)
 *   __GFP_ZERO   return zeroed memory
 *   __GFP_NOWARN do not print the allocation-failure report
 *
 * strata has nothing to reclaim and nothing that sleeps. The page
 * allocator tells GFP_KERNEL and GFP_ATOMIC apart by the zone watermarks,
 * as Linux 6.1 does (mm/mmzone.h): GFP_KERNEL stops at the min watermark,
 * GFP_ATOMIC may go on to 3/8 of it; and only an allocation that may
 * block drains every CPU's per-CPU lists before it fails. kvmalloc()
 * falls back to vmalloc() only for flags that may block, as Linux does;
 * might_alloc() reports flags that may block from a context that may not
 * sleep.
 * Context of every function here: any, hardirq included; the order-0 fast
 * path uses this CPU's list with interrupts off, the rest takes its zone's
 * lock (zone->lock) with interrupts off; nothing sleeps.
 */
#ifndef STRATA_GFP_H
#define STRATA_GFP_H

#include "kernel/might_sleep.h"
#include "mm/page.h"

typedef unsigned int gfp_t;

/*
 * The bits strata has, with Linux 6.1's values (include/linux/gfp_types.h),
 * so a mask printed here reads the same as one printed by Linux. Bits Linux
 * has and strata does not (__GFP_MOVABLE, __GFP_COMP, ...) are left out.
 */
#define __GFP_DMA 0x01U
#define __GFP_DMA32 0x04U
#define __GFP_HIGH 0x20U	    /* may dip into reserves */
#define __GFP_IO 0x40U		    /* may start I/O (in Linux) */
#define __GFP_FS 0x80U		    /* may call into a file system (in Linux) */
#define __GFP_ZERO 0x100U	    /* return zeroed memory */
#define __GFP_ATOMIC 0x200U	    /* the caller cannot sleep or reclaim (Linux 6.1) */
#define __GFP_DIRECT_RECLAIM 0x400U /* may sleep to reclaim: the caller can block */
#define __GFP_KSWAPD_RECLAIM 0x800U /* may wake kswapd */
#define __GFP_NOWARN 0x2000U	    /* no allocation-failure report */
#define __GFP_NORETRY 0x10000U	    /* fail fast: kvmalloc's kmalloc attempt */
#define __GFP_MEMALLOC 0x20000U	    /* may take every free page, ignoring the watermarks */
#define __GFP_RECLAIM (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

#define GFP_KERNEL (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_ATOMIC (__GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM)
#define GFP_NOWAIT __GFP_KSWAPD_RECLAIM
#define GFP_DMA __GFP_DMA
#define GFP_DMA32 __GFP_DMA32

/* May an allocation with these flags block? (Linux: gfpflags_allow_blocking) */
static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return gfp & __GFP_DIRECT_RECLAIM;
}

/*
 * The allocators' entry check (Linux 6.1 might_alloc(), include/linux/sched/mm.h):
 * flags that may block, from a context that may not sleep, get might_sleep()'s
 * report. Like Linux's, the report names this header's line, not the caller's
 * (the backtrace shows who called).
 */
static inline void might_alloc(gfp_t gfp)
{
	might_sleep_if(gfpflags_allow_blocking(gfp));
}

/*
 * Orders 0..MAX_ORDER inclusive: blocks of 2^0 up to 2^10 pages (4 MiB).
 * This is Linux 6.4's convention. Linux 6.1 names the same limit
 * differently: its MAX_ORDER is 11 and exclusive (orders 0..MAX_ORDER-1),
 * so both have 11 orders and 4 MiB blocks on x86_64 (docs/buddy.md).
 */
#define MAX_ORDER 10
#define NR_ORDERS (MAX_ORDER + 1)

/*
 * Allocate 2^order physically contiguous pages, aligned to their size.
 * Returns the first page, or NULL after the failure report (warn_alloc(),
 * mm/page_debug.h) unless __GFP_NOWARN.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
/*
 * Free 2^order pages from alloc_pages(). Misuse (double free, wrong order,
 * a page not allocated by alloc_pages) is reported and the free refused.
 */
void __free_pages(struct page *page, unsigned int order);

/* The same by direct-map address; 0 on failure. */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
unsigned long get_zeroed_page(gfp_t gfp);
/* Free by address; addr 0 is ignored, like Linux. */
void free_pages(unsigned long addr, unsigned int order);

#define alloc_page(gfp) alloc_pages(gfp, 0)
#define __get_free_page(gfp) __get_free_pages(gfp, 0)
#define __free_page(page) __free_pages(page, 0)
#define free_page(addr) free_pages(addr, 0)

/*
 * Allocate exactly PAGE_ALIGN(size) bytes: the smallest order that fits is
 * allocated and the unused tail pages go back to the allocator at once.
 */
void *alloc_pages_exact(size_t size, gfp_t gfp);
void free_pages_exact(void *virt, size_t size);

/* The smallest order whose block holds size bytes (size > 0). */
unsigned int get_order(size_t size);

/*
 * Free pages in all zones: the buddy's free lists, not the pages on
 * per-CPU lists (Linux's NR_FREE_PAGES and MemFree leave those out too).
 */
u64 nr_free_pages(void);
/*
 * Give every CPU's per-CPU pages back to the buddy (zone NULL: every zone),
 * by IPI, each CPU its own; returns when all have. Context: task, with
 * interrupts on (mm/page_pcp.c).
 */
struct zone;
void drain_all_pages(struct zone *zone);

#endif /* STRATA_GFP_H */
