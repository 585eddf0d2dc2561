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

struct page *rmqueue(struct zone *zone, unsigned int order)
{
	return buddy_take(zone, order);
}

void free_the_page(struct page *page, unsigned int order)
{
	buddy_free_block(page_zone(page), page_to_pfn(page), order);
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
