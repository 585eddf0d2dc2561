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

/*
 * mm/page_pcp.c: an order-0 page of zone from this CPU's list, refilled
 * from the zone in a batch when empty; NULL if the zone has none. The
 * caller checked the watermark.
 */
struct page *rmqueue_pcplist(struct zone *zone);
/* Put a checked, poisoned order-0 page on this CPU's list; drain a batch or more past high. */
void free_unref_page(struct page *page);

#endif /* STRATA_PAGE_ALLOC_INTERNAL_H */
