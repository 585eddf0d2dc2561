/* SPDX-License-Identifier: MIT */
/*
 * The page allocator's API, with Linux's names and meanings (linux/gfp.h).
 *
 * GFP ("get free pages") flags say where memory may come from and how:
 *
 *   GFP_KERNEL   normal allocation; in Linux it may sleep to reclaim
 *   GFP_ATOMIC   may not sleep (interrupt context); may use reserves
 *   GFP_DMA      only ZONE_DMA (below 16 MiB)
 *   GFP_DMA32    only ZONE_DMA32 or ZONE_DMA (below 4 GiB)
 *   __GFP_ZERO   return zeroed memory
 *   __GFP_NOWARN do not print the allocation-failure line
 *
 * strata has one CPU, nothing to reclaim and no interrupt handler that
 * allocates, so GFP_KERNEL and GFP_ATOMIC behave the same; both exist so
 * code reads like Linux. Context of every function here: task, not an
 * interrupt handler (no locks yet; docs/interrupts.md).
 */
#ifndef STRATA_GFP_H
#define STRATA_GFP_H

#include "mm/page.h"

typedef unsigned int gfp_t;

#define __GFP_DMA 0x01U
#define __GFP_DMA32 0x04U
#define __GFP_HIGH 0x20U /* GFP_ATOMIC: may dip into reserves */
#define __GFP_IO 0x40U
#define __GFP_FS 0x80U
#define __GFP_ZERO 0x100U
#define __GFP_DIRECT_RECLAIM 0x400U
#define __GFP_KSWAPD_RECLAIM 0x800U
#define __GFP_NOWARN 0x2000U
#define __GFP_RECLAIM (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

#define GFP_KERNEL (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_ATOMIC (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_DMA __GFP_DMA
#define GFP_DMA32 __GFP_DMA32

/* Orders 0..MAX_ORDER inclusive: up to 2^10 pages = 4 MiB (Linux 6.4+). */
#define MAX_ORDER 10
#define NR_ORDERS (MAX_ORDER + 1)

/*
 * Allocate 2^order physically contiguous pages, aligned to their size.
 * Returns the first page, or NULL (printing one line unless __GFP_NOWARN).
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

/* Free pages in all zones. */
u64 nr_free_pages(void);

#endif /* STRATA_GFP_H */
