/* SPDX-License-Identifier: MIT */
/*
 * What the buddy core (mm/page_alloc.c) and the per-CPU page lists
 * (mm/page_pcp.c) share. The host tests link tests/host/pcp_shim.c in
 * place of page_pcp.c: the same calls, straight to the buddy.
 */
#ifndef STRATA_PAGE_ALLOC_INTERNAL_H
#define STRATA_PAGE_ALLOC_INTERNAL_H

#include "kernel/percpu.h"
#include "mm/mmzone.h"

/* Every zone's per-CPU lists: zone->per_cpu_pageset points at its entry. */
DECLARE_PER_CPU(struct per_cpu_pages, zone_pcp[MAX_NR_ZONES]);

/* mm/page_alloc.c: the buddy free lists. The _locked forms need zone->lock held. */
struct page *buddy_take_locked(struct zone *zone, unsigned int order);
void buddy_merge_and_free_locked(struct zone *zone, pfn_t pfn, unsigned int order);
/* The same, each under one zone->lock acquisition with interrupts off. */
struct page *buddy_take(struct zone *zone, unsigned int order);
void buddy_free_block(struct zone *zone, pfn_t pfn, unsigned int order);

/*
 * mm/page_pcp.c: take a block of order from zone (order 0 from this CPU's
 * list, refilled from the zone in a batch), or NULL; the watermark was
 * checked by the caller. Counts PGALLOC.
 */
struct page *rmqueue(struct zone *zone, unsigned int order);
/*
 * Give a checked, poisoned block back (order 0 to this CPU's list, drained
 * in a batch past high; larger ones to the buddy). Counts PGFREE.
 */
void free_the_page(struct page *page, unsigned int order);

#endif /* STRATA_PAGE_ALLOC_INTERNAL_H */
