// SPDX-License-Identifier: MIT
/*
 * The buddy page allocator: per-zone, per-order free lists of naturally
 * aligned blocks of 2^order pages, split on allocation and merged with their
 * buddy on free. Everything else (slab, vmalloc, page tables) gets its
 * memory here; mm/mem_map.c fills it at boot from memblock.
 *
 * Invariants:
 *  - a free block of order n starts at a pfn that is a multiple of 2^n; its
 *    head page has PG_buddy and order n and is on zone->free_area[n];
 *    its other pages have flags 0;
 *  - no two free blocks of the same order are buddies (they would have been
 *    merged), so each free list holds only blocks that cannot merge;
 *  - an allocated block's head has PG_head and its order (strata's
 *    addition: Linux 6.1 keeps neither for a plain block, mm/page.h); its
 *    other pages have flags 0; zone->free_pages counts the pages on the
 *    free lists.
 *
 * Context: alloc_pages() and the frees may be called from any context,
 * hardirq included; they never sleep. Order-0 pages go through this CPU's
 * per-CPU list first (mm/page_pcp.c, with interrupts off and no lock);
 * the rest takes the zone's lock with interrupts off around the free lists
 * only (buddy_take, the merge), so poisoning, KASAN and zeroing run
 * outside it; the *_locked helpers expect it held. The host build
 * (tests/host/test_buddy.c) runs this file over a simulated RAM array,
 * with tests/host/pcp_shim.c in place of the per-CPU lists.
 */
#include "mm/gfp.h"
#include "mm/kasan.h"
#include "mm/mmzone.h"
#include "mm/page_alloc_internal.h"
#include "mm/page_debug.h"
#include "mm/pfn_list.h"
#include "mm/vmstat.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "arch/x86_64/irqflags.h"
#include "lib/compiler.h"
#include "lib/string.h"

DEFINE_PER_CPU(struct vm_event_state, vm_event_states);

struct zone zones[MAX_NR_ZONES] = {
	[ZONE_DMA] = {.name = "DMA"},
	[ZONE_DMA32] = {.name = "DMA32"},
	[ZONE_NORMAL] = {.name = "Normal"},
};

void zones_init(pfn_t max)
{
	static const pfn_t ends[MAX_NR_ZONES] = {ZONE_DMA_END_PFN, ZONE_DMA32_END_PFN, ~0UL};
	pfn_t start = 0;

	totalram_pages = 0;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &zones[z];

		zone->start_pfn = MIN(start, max);
		zone->end_pfn = MIN(ends[z], max);
		spin_lock_init(&zone->lock);
		zone->managed_pages = 0;
		zone->free_pages = 0;
		zone->per_cpu_pageset = &zone_pcp[z];
		for (int w = 0; w < NR_WMARK; w++)
			zone->watermark[w] = 0;
		for (int o = 0; o < NR_ORDERS; o++) {
			zone->free_area[o].head = PFN_NONE;
			zone->free_area[o].nr_free = 0;
		}
		start = ends[z];
	}
}

/* Push the free block at page onto its zone's list for order. */
static void free_list_add(struct zone *zone, struct page *page, unsigned int order)
{
	struct free_area *area = &zone->free_area[order];

	page->flags = PG_buddy;
	page->order = order;
	pfn_list_add(&area->head, page);
	area->nr_free++;
	zone->free_pages += 1UL << order;
}

/* Unlink the free block at page from its list; it keeps no state. */
static void free_list_del(struct zone *zone, struct page *page, unsigned int order)
{
	struct free_area *area = &zone->free_area[order];

	pfn_list_del(&area->head, page);
	page->flags = 0;
	area->nr_free--;
	zone->free_pages -= 1UL << order;
}

/*
 * Return a block of order `order` to the zone, merging it with its buddy as
 * long as the buddy is free and whole:
 *
 *   while order < MAX_ORDER:
 *       buddy = pfn ^ (1 << order)
 *       if buddy is not a free block head of the same order: stop
 *       take buddy off its list; pfn = min(pfn, buddy); order += 1
 *   put [pfn, order] on free_area[order]
 *
 * One test and one unlink per level: O(MAX_ORDER).
 */
void buddy_merge_and_free_locked(struct zone *zone, pfn_t pfn, unsigned int order)
{
	lockdep_assert_held(&zone->lock);
	while (order < MAX_ORDER) {
		pfn_t buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy;

		if (!pfn_valid(buddy_pfn))
			break;
		buddy = pfn_to_page(buddy_pfn);
		if (!(buddy->flags & PG_buddy) || buddy->order != order)
			break;
		free_list_del(zone, buddy, order);
		pfn &= ~(1UL << order);
		order++;
	}
	free_list_add(zone, pfn_to_page(pfn), order);
}

/*
 * Take a block of exactly `order` from the zone: the first block on the
 * smallest non-empty list of order >= `order`, split down, the upper half
 * going back at each level:
 *
 *   order 3 block [0..7]  ->  keep [0..3], free [4..7] as order 2
 *                         ->  keep [0..1], free [2..3] as order 1
 *                         ->  keep [0],    free [1]    as order 0
 */
struct page *buddy_take_locked(struct zone *zone, unsigned int order)
{
	lockdep_assert_held(&zone->lock);
	for (unsigned int o = order; o < NR_ORDERS; o++) {
		u32 head = zone->free_area[o].head;
		struct page *page;

		if (head == PFN_NONE)
			continue;
		page = pfn_to_page(head);
		/* A list holds free block heads of its order, else it is corrupt. */
		BUG_ON(!(page->flags & PG_buddy) || page->order != o);
		free_list_del(zone, page, o);
		while (o > order) {
			o--;
			page[1UL << o].caller = 0; /* split off, never freed: no "freed by" */
			free_list_add(zone, page + (1UL << o), o);
		}
		return page;
	}
	return NULL;
}

/* Give a block back to its zone, under the zone's lock. */
static void buddy_free_block(struct zone *zone, pfn_t pfn, unsigned int order)
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	buddy_merge_and_free_locked(zone, pfn, order);
	spin_unlock_irqrestore(&zone->lock, flags);
}

/* A block of order from zone, split from a larger one if need be; NULL if none. */
static struct page *buddy_take(struct zone *zone, unsigned int order)
{
	unsigned long flags;
	struct page *page;

	spin_lock_irqsave(&zone->lock, flags);
	page = buddy_take_locked(zone, order);
	spin_unlock_irqrestore(&zone->lock, flags);
	return page;
}

u64 buddy_free_range(pfn_t start, pfn_t end)
{
	u64 blocks = 0;

	while (start < end) {
		unsigned int order = start ? (unsigned int)__builtin_ctzl(start) : MAX_ORDER;

		if (order > MAX_ORDER)
			order = MAX_ORDER;
		while (start + (1UL << order) > end)
			order--;
		page_zone(pfn_to_page(start))->managed_pages += 1UL << order;
		totalram_pages += 1UL << order;
		if (page_poison_enabled)
			page_poison_fill(pfn_to_page(start), order);
		pfn_to_page(start)->caller = (u64)__builtin_return_address(0);
		kasan_poison(page_address(pfn_to_page(start)), PAGE_SIZE << order, KASAN_PAGE_FREE);
		buddy_free_block(page_zone(pfn_to_page(start)), start, order);
		start += 1UL << order;
		blocks++;
	}
	return blocks;
}

/*
 * The first zone, from the highest gfp allows down (Normal -> DMA32 ->
 * DMA), whose watermark lets the allocation in and that has a block: Linux
 * 6.1's get_page_from_freelist() on one node. A zone at its watermark
 * costs no lock.
 */
static struct page *get_page_from_freelist(gfp_t gfp, unsigned int order, unsigned int alloc_flags)
{
	for (int z = (int)gfp_zone(gfp); z >= ZONE_DMA; z--) {
		struct page *page;

		if (!zone_watermark_ok(&zones[z], order, alloc_flags))
			continue;
		page = order ? buddy_take(&zones[z], order) : rmqueue_pcplist(&zones[z]);
		if (page) {
			__count_vm_events(PGALLOC, 1L << order);
			return page;
		}
	}
	return NULL;
}

/* alloc_pages() with the caller to record, for every public entry point. */
static struct page *alloc_pages_caller(gfp_t gfp, unsigned int order, u64 caller)
{
	unsigned int alloc_flags = gfp_to_alloc_flags(gfp);
	bool drained = false;
	struct page *page;

	might_alloc(gfp);
	if (unlikely(order > MAX_ORDER)) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("%pS: page allocation of order %u refused: orders are 0..MAX_ORDER "
				"(%u)\n",
				(void *)caller, order, MAX_ORDER);
		return NULL;
	}
retry:
	page = get_page_from_freelist(gfp, order, alloc_flags);
	/*
	 * Linux 6.1 drains every CPU's lists after direct reclaim, so only for
	 * callers that may block; strata has no reclaim and drains at once.
	 * With interrupts off (strata's slab allocates under its list_lock)
	 * an IPI cannot be waited for, so only this CPU's lists are drained.
	 */
	if (unlikely(!page) && !drained && gfpflags_allow_blocking(gfp)) {
		if (irqs_disabled())
			drain_local_pages(NULL);
		else
			drain_all_pages(NULL);
		drained = true;
		goto retry;
	}
	if (unlikely(!page)) {
		warn_alloc(gfp, caller, "page allocation failure: order:%u", order);
		return NULL;
	}
	kasan_unpoison(page_address(page), PAGE_SIZE << order);
	if (unlikely(page_poison_enabled))
		page_poison_check(page, order);
	page->flags = PG_head;
	page->order = order;
	page->caller = caller;
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	return page;
}

/*
 * Check that page is the head of an allocated block of this order; report
 * and refuse anything else. The check reads one struct page.
 */
static bool free_is_valid(struct page *page, unsigned int order, u64 caller)
{
	pfn_t pfn = page_to_pfn(page);

	if (page < mem_map || !pfn_valid(pfn)) {
		page_report_bad_free("free of a page outside mem_map", pfn, order, caller);
		return false;
	}
	if ((page->flags & (PG_head | PG_slab | PG_kmalloc)) == PG_head && page->order == order)
		return true;
	if (page->flags & PG_slab)
		page_report_bad_free("free of a page owned by a slab", pfn, order, caller);
	else if ((page->flags & PG_head) && order > MAX_ORDER)
		page_report_bad_free("free with an order above MAX_ORDER", pfn, order, caller);
	else if (page->flags & PG_head)
		page_report_bad_free("free with the wrong order", pfn, order, caller);
	else
		page_report_bad_free("free of a page that is not an allocated block", pfn, order,
				     caller);
	return false;
}

static void free_pages_caller(struct page *page, unsigned int order, u64 caller)
{
	if (unlikely(!free_is_valid(page, order, caller)))
		return;
	page->flags = 0;
	page->caller = caller; /* kept while free: "freed by" in reports */
	if (unlikely(page_poison_enabled))
		page_poison_fill(page, order);
	kasan_poison(page_address(page), PAGE_SIZE << order, KASAN_PAGE_FREE);
	__count_vm_events(PGFREE, 1L << order);
	if (order)
		buddy_free_block(page_zone(page), page_to_pfn(page), order);
	else
		free_unref_page(page);
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return alloc_pages_caller(gfp, order, (u64)__builtin_return_address(0));
}

void __free_pages(struct page *page, unsigned int order)
{
	free_pages_caller(page, order, (u64)__builtin_return_address(0));
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages_caller(gfp, order, (u64)__builtin_return_address(0));

	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	struct page *page =
		alloc_pages_caller(gfp | __GFP_ZERO, 0, (u64)__builtin_return_address(0));

	return page ? (unsigned long)page_address(page) : 0;
}

/* The page of a direct-map address given to free_pages(), or NULL after a report. */
static struct page *free_addr_to_page(unsigned long addr, u64 caller)
{
	if (!IS_ALIGNED(addr, PAGE_SIZE)) {
		page_report_bad_address("free_pages() of an address that is not page-aligned", addr,
					caller);
		return NULL;
	}
	if (!is_direct_map_addr(addr) || !pfn_valid(virt_to_phys((void *)addr) >> PAGE_SHIFT)) {
		page_report_bad_address(
			"free_pages() of an address that is not RAM in the direct map", addr,
			caller);
		return NULL;
	}
	return virt_to_page((void *)addr);
}

void free_pages(unsigned long addr, unsigned int order)
{
	u64 caller = (u64)__builtin_return_address(0);
	struct page *page;

	if (!addr)
		return;
	page = free_addr_to_page(addr, caller);
	if (page)
		free_pages_caller(page, order, caller);
}

unsigned int get_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/*
 * Allocate the power-of-two block that holds size, then free its unused tail
 * page by page (each becomes its own order-0 allocation first), so exactly
 * PAGE_ALIGN(size) bytes stay allocated as 2^k-page pieces:
 *
 *   33 KiB -> order 4 (64 KiB) -> keep 9 pages, free pages 9..15
 */
void *alloc_pages_exact(size_t size, gfp_t gfp)
{
	u64 caller = (u64)__builtin_return_address(0);
	size_t pages = ALIGN_UP(size, PAGE_SIZE) >> PAGE_SHIFT;
	unsigned int order;
	struct page *page;

	if (!size || size > (PAGE_SIZE << MAX_ORDER)) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("%pS: alloc_pages_exact(%zu) refused: size must be 1..%lu\n",
				(void *)caller, size, PAGE_SIZE << MAX_ORDER);
		return NULL;
	}
	order = get_order(size);
	page = alloc_pages_caller(gfp, order, caller);
	if (!page)
		return NULL;
	/* Every page becomes an order-0 allocation; the tail ones are freed. */
	for (size_t i = 0; i < (1UL << order); i++) {
		page[i].flags = PG_head;
		page[i].order = 0;
		page[i].caller = caller;
		if (i >= pages)
			free_pages_caller(&page[i], 0, caller);
	}
	return page_address(page);
}

void free_pages_exact(void *virt, size_t size)
{
	u64 caller = (u64)__builtin_return_address(0);
	size_t pages = ALIGN_UP(size, PAGE_SIZE) >> PAGE_SHIFT;

	for (size_t i = 0; i < pages; i++) {
		struct page *page = free_addr_to_page((unsigned long)virt + i * PAGE_SIZE, caller);

		if (page)
			free_pages_caller(page, 0, caller);
	}
}

u64 nr_free_pages(void)
{
	u64 n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += zones[z].free_pages;
	return n;
}
