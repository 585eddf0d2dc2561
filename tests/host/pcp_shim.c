// SPDX-License-Identifier: MIT
/*
 * The host tests' stand-in for mm/page_pcp.c: one CPU and no per-CPU lists,
 * so every block goes straight to and from the buddy (as with Linux's boot
 * pageset) and the buddy's counts stay exact at every step. The per-CPU
 * lists themselves are tested in the kernel (tests/test_pcp.c).
 */
#include "mm/page_alloc_internal.h"
#include "kernel/cpumask.h"
#include "kernel/smp.h"

/* One CPU, online. */
unsigned int nr_cpu_ids = 1;
struct cpumask __cpu_online_mask = {{1}};

DEFINE_PER_CPU(struct per_cpu_pages, zone_pcp[MAX_NR_ZONES]);

struct page *rmqueue_pcplist(struct zone *zone)
{
	unsigned long flags;
	struct page *page;

	spin_lock_irqsave(&zone->lock, flags);
	page = buddy_take_locked(zone, 0);
	spin_unlock_irqrestore(&zone->lock, flags);
	return page;
}

void free_unref_page(struct page *page)
{
	struct zone *zone = page_zone(page);
	unsigned long flags;

	page->flags = 0;
	spin_lock_irqsave(&zone->lock, flags);
	buddy_merge_and_free_locked(zone, page_to_pfn(page), 0);
	spin_unlock_irqrestore(&zone->lock, flags);
}

void drain_all_pages(struct zone *zone)
{
	(void)zone;
}

void drain_local_pages(struct zone *zone)
{
	(void)zone;
}

const struct per_cpu_pages *zone_pcp_of(const struct zone *zone, unsigned int cpu)
{
	(void)cpu;
	return &zone_pcp[zone - zones];
}
