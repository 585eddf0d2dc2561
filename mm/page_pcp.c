// SPDX-License-Identifier: MIT
/*
 * Per-CPU page lists (Linux's pcp, mm/page_alloc.c in 6.1): each CPU keeps,
 * per zone, a short list of free order-0 pages, so most allocations and
 * frees touch only that list, with interrupts off and no shared lock. The
 * zone's lock is taken once per batch: a refill moves `batch` pages from
 * the buddy to the list, a drain moves a batch or more back when the list
 * reaches `high`. mm/page_alloc.c (the buddy) sits below; alloc_pages()
 * calls rmqueue_pcplist() for order 0 and the frees free_unref_page().
 *
 * Invariants: a page on CPU n's list of a zone has flags PG_pcp | n <<
 * PG_PCP_CPU_SHIFT, order 0, and lies in that zone; pcp->count is the
 * length of the list; the pages are not in zone->free_pages (Linux's
 * NR_FREE_PAGES leaves them out too), so nr_free_pages() + the lists'
 * counts is every free page.
 *
 * Context: a list is touched only by its own CPU with interrupts off;
 * drain_all_pages() asks each CPU, by IPI, to drain its own. Linux 6.1
 * guards each list with a spinlock instead (pcp->lock, new in 6.0), so its
 * drain_all_pages() drains other CPUs' lists from the calling CPU; before
 * 6.0 it queued a work item on each CPU, as strata sends an IPI.
 *
 * Lock order: zone->lock only (taken with interrupts already off).
 */
#include "mm/page_alloc_internal.h"
#include "mm/pfn_list.h"
#include "arch/x86_64/irqflags.h"
#include "kernel/cpumask.h"
#include "kernel/smp.h"
#include "lib/rwonce.h"

/* Linux's boot pageset: high 0, batch 1, so a page never stays on a list. */
#define BOOT_PAGESET_PCP                                                  \
	{                                                                 \
		.high = 0, .batch = 1, .head = PFN_NONE, .tail = PFN_NONE \
	}

DEFINE_PER_CPU(struct per_cpu_pages, zone_pcp[MAX_NR_ZONES]) = {
	BOOT_PAGESET_PCP,
	BOOT_PAGESET_PCP,
	BOOT_PAGESET_PCP,
};
_Static_assert(MAX_NR_ZONES == 3, "one BOOT_PAGESET_PCP per zone");

/* Linux 6.1's CONFIG_PCP_BATCH_SCALE_MAX default: a drain frees at most batch << 5. */
#define PCP_BATCH_SCALE_MAX 5

/* The flags of a page on this CPU's lists. */
static u32 pcp_page_flags(void)
{
	return PG_pcp | (u32)smp_processor_id() << PG_PCP_CPU_SHIFT;
}

/* Put page first (hottest) on the list. */
static void pcp_list_add(struct per_cpu_pages *pcp, struct page *page, u32 flags)
{
	page->flags = flags;
	page->order = 0;
	pfn_list_add(&pcp->head, page);
	if (pcp->tail == PFN_NONE)
		pcp->tail = pcp->head;
	pcp->count++;
}

/* Put page last (coldest) on the list: a refill keeps the batch in pfn order. */
static void pcp_list_add_tail(struct per_cpu_pages *pcp, struct page *page, u32 flags)
{
	u32 pfn = (u32)page_to_pfn(page);

	page->flags = flags;
	page->order = 0;
	page->next = PFN_NONE;
	page->prev = pcp->tail;
	if (pcp->tail != PFN_NONE)
		pfn_to_page(pcp->tail)->next = pfn;
	else
		pcp->head = pfn;
	pcp->tail = pfn;
	pcp->count++;
}

static void pcp_list_del(struct per_cpu_pages *pcp, struct page *page)
{
	if (page->next == PFN_NONE)
		pcp->tail = page->prev;
	pfn_list_del(&pcp->head, page);
	page->flags = 0;
	pcp->count--;
}

/* Move up to count pages from the buddy to the list's tail; returns how many. */
static int rmqueue_bulk(struct zone *zone, struct per_cpu_pages *pcp, int count)
{
	u32 flags = pcp_page_flags();
	int i;

	spin_lock(&zone->lock);
	for (i = 0; i < count; i++) {
		struct page *page = buddy_take_locked(zone, 0);

		if (!page)
			break;
		pcp_list_add_tail(pcp, page, flags);
	}
	spin_unlock(&zone->lock);
	return i;
}

/* Give the count coldest pages of the list back to the buddy (6.1: the tail first). */
static void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp)
{
	spin_lock(&zone->lock);
	while (count-- > 0 && pcp->tail != PFN_NONE) {
		pfn_t pfn = pcp->tail;

		pcp_list_del(pcp, pfn_to_page(pfn));
		buddy_merge_and_free_locked(zone, pfn, 0);
	}
	spin_unlock(&zone->lock);
}

/*
 * How many pages a drain at high frees (6.1's nr_pcp_free): a batch, doubled
 * for each drain since the last allocation (free_factor, at most
 * PCP_BATCH_SCALE_MAX times), and never so many that fewer than a batch
 * stay; 1 for the boot pageset, whose high is below its batch.
 */
static int nr_pcp_free(struct per_cpu_pages *pcp, int high, int batch)
{
	int min_nr_free = batch, max_nr_free = high - batch;

	if (high < batch)
		return 1;
	batch <<= pcp->free_factor;
	if (batch < max_nr_free && pcp->free_factor < PCP_BATCH_SCALE_MAX)
		pcp->free_factor++;
	return MAX(min_nr_free, MIN(batch, max_nr_free));
}

/*
 * The order-0 fast path (6.1's rmqueue_pcplist): no shared lock, because the
 * list is this CPU's and interrupts are off while it is used.
 *
 *   irq off; pcp = this CPU's list of zone; free_factor /= 2
 *   if the list is empty: refill a batch under zone->lock
 *   take the first (hottest) page; irq on
 */
struct page *rmqueue_pcplist(struct zone *zone)
{
	struct per_cpu_pages *pcp;
	struct page *page = NULL;
	unsigned long flags;

	local_irq_save(flags);
	pcp = this_cpu_ptr(zone->per_cpu_pageset);
	pcp->free_factor >>= 1;
	if (pcp->head == PFN_NONE)
		rmqueue_bulk(zone, pcp, READ_ONCE(pcp->batch));
	if (pcp->head != PFN_NONE) {
		page = pfn_to_page(pcp->head);
		pcp_list_del(pcp, page);
	}
	local_irq_restore(flags);
	return page;
}

/*
 * The order-0 free (6.1's free_unref_page_commit): the page goes first on
 * this CPU's list; once the list holds high pages, nr_pcp_free() of the
 * coldest go back to the zone under one zone->lock.
 */
void free_unref_page(struct page *page)
{
	struct zone *zone = page_zone(page);
	struct per_cpu_pages *pcp;
	unsigned long flags;
	int high;

	local_irq_save(flags);
	pcp = this_cpu_ptr(zone->per_cpu_pageset);
	pcp_list_add(pcp, page, pcp_page_flags());
	high = READ_ONCE(pcp->high);
	if (pcp->count >= high)
		free_pcppages_bulk(zone, nr_pcp_free(pcp, high, READ_ONCE(pcp->batch)), pcp);
	local_irq_restore(flags);
}

/* Empty this CPU's lists (of zone, or of every zone if NULL). Interrupts off. */
static void drain_local_pages_irqoff(void *info)
{
	struct zone *only = info;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct per_cpu_pages *pcp = this_cpu_ptr(zones[z].per_cpu_pageset);

		if ((!only || only == &zones[z]) && pcp->count)
			free_pcppages_bulk(&zones[z], pcp->count, pcp);
	}
}

void drain_local_pages(struct zone *zone)
{
	unsigned long flags;

	local_irq_save(flags);
	drain_local_pages_irqoff(zone);
	local_irq_restore(flags);
}

/*
 * As 6.1's __drain_all_pages(): only the CPUs whose lists hold pages, by a
 * racy read of their counts (a page freed meanwhile may stay; Linux accepts
 * the same race), each draining its own lists in its IPI handler.
 */
void drain_all_pages(struct zone *zone)
{
	struct cpumask others = {{0}};

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (cpu == (unsigned int)smp_processor_id() || !cpu_online(cpu))
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++)
			if ((!zone || zone == &zones[z]) &&
			    READ_ONCE(per_cpu_ptr(zones[z].per_cpu_pageset, cpu)->count))
				others.bits[cpu / BITS_PER_LONG] |= 1UL << (cpu % BITS_PER_LONG);
	}
	drain_local_pages(zone);
	smp_call_function_many(&others, drain_local_pages_irqoff, zone, true);
}

/*
 * 6.1's zone_batchsize(): about 0.1% of the zone, at most 1 MiB, divided by
 * 4 and rounded down to 2^n - 1 (a power of two was found to alias badly
 * in caches). A zone under 4 MiB gets 0, which the caller raises to 1.
 */
static int zone_batchsize(const struct zone *zone)
{
	int batch = (int)MIN(zone->managed_pages >> 10, (1UL * MiB) / PAGE_SIZE) / 4;

	if (batch < 1)
		batch = 1;
	batch += batch / 2;
	return (1 << (31 - __builtin_clz((unsigned int)batch))) - 1;
}

/*
 * 6.1's zone_highsize() with percpu_pagelist_high_fraction 0: the low
 * watermark split across the online CPUs (all local to strata's one node),
 * and at least 4 batches. Full lists then never push the zone below low.
 */
static int zone_highsize(const struct zone *zone, int batch)
{
	int high = (int)(zone->watermark[WMARK_LOW] / MAX(num_online_cpus(), 1U));

	return MAX(high, batch << 2);
}

void zone_pcp_update(struct zone *zone)
{
	int batch = MAX(1, zone_batchsize(zone));
	int high = zone_highsize(zone, batch);

	zone->pageset_batch = batch;
	zone->pageset_high = high;
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = per_cpu_ptr(zone->per_cpu_pageset, cpu);

		WRITE_ONCE(pcp->batch, batch);
		WRITE_ONCE(pcp->high, high);
	}
}

void setup_per_cpu_pageset(void)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		zone_pcp_update(&zones[z]);
}

const struct per_cpu_pages *zone_pcp_of(const struct zone *zone, unsigned int cpu)
{
	return per_cpu_ptr(zone->per_cpu_pageset, cpu);
}
