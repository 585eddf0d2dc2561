// SPDX-License-Identifier: MIT
/*
 * buddyinfo, zoneinfo, meminfo and the invariant checker of the buddy
 * allocator. Linux's /proc/buddyinfo prints, per zone, the number of free
 * blocks of each order:
 *
 *   Node 0, zone      DMA      1      1      0 ...
 *
 * The order-0 pages on per-CPU lists (mm/page_pcp.c) are in no column, as
 * in Linux; strata adds one line per zone with each CPU's count:
 *
 *   Node 0, zone    DMA32 pcp: cpu0 7, cpu1 0
 *
 * Locking: what walks a zone's free lists, or reads several of its
 * counters that must agree, holds zone->lock (irqsave, as every user of
 * the lock) so that another CPU cannot split or merge a block under the
 * walk: the free-block counts (buddyinfo, buddy_snapshot()) and the
 * invariant checks. They take no other lock under it and print nothing
 * under it. meminfo, show_mem() and the per-CPU list counts read single
 * counters (one aligned load each, never torn) without a lock: a figure
 * may be a moment old, and show_mem() runs from warn_alloc(), where the
 * caller may be anywhere.
 */
#include "mm/page_info.h"
#include "kernel/cpumask.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/printk.h"
#include "lib/vsprintf.h"

/* A zone's free blocks per order, read together under its lock. */
static void zone_free_counts(struct zone *zone, u64 nr_free[NR_ORDERS])
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	for (int o = 0; o < NR_ORDERS; o++)
		nr_free[o] = zone->free_area[o].nr_free;
	spin_unlock_irqrestore(&zone->lock, flags);
}

void buddy_snapshot(struct buddy_snapshot *s)
{
	drain_all_pages(NULL);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		zone_free_counts(&zones[z], s->nr_free[z]);
}

int zone_pcp_string(const struct zone *zone, char *buf, size_t size)
{
	int n = 0;

	buf[0] = '\0';
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		n += snprintf(buf + n, size > (size_t)n ? size - (size_t)n : 0, "%scpu%u %d",
			      cpu ? ", " : "", cpu, zone_pcp_of(zone, cpu)->count);
	return n;
}

u64 nr_pcp_pages(void)
{
	u64 n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
			n += (u64)zone_pcp_of(&zones[z], cpu)->count;
	return n;
}

void buddyinfo_print(void)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		u64 nr_free[NR_ORDERS];
		char line[200];
		int n;

		if (!zones[z].managed_pages)
			continue;
		zone_free_counts(&zones[z], nr_free); /* printed after its lock */
		n = snprintf(line, sizeof(line), "Node 0, zone %8s", zones[z].name);
		for (int o = 0; o < NR_ORDERS; o++)
			n += snprintf(line + n, sizeof(line) - (size_t)n, " %6llu",
				      (unsigned long long)nr_free[o]);
		pr_info("%s\n", line);
	}
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		char pcp[200];

		if (!zones[z].managed_pages)
			continue;
		zone_pcp_string(&zones[z], pcp, sizeof(pcp));
		pr_info("Node 0, zone %8s pcp: %s\n", zones[z].name, pcp);
	}
}

/*
 * Linux 6.1's /proc/zoneinfo (zoneinfo_show_print) for what strata has:
 * free pages (NR_FREE_PAGES: not the pcp pages), the watermarks, span and
 * managed pages, then each online CPU's pageset. Linux prints many more
 * counters (boost, present, cma, protection, per-zone vm stats) between.
 */
void zoneinfo_print(void)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &zones[z];

		pr_info("Node 0, zone %8s\n", zone->name);
		pr_info("  pages free     %llu\n", (unsigned long long)zone->free_pages);
		pr_info("        min      %llu\n", (unsigned long long)zone->watermark[WMARK_MIN]);
		pr_info("        low      %llu\n", (unsigned long long)zone->watermark[WMARK_LOW]);
		pr_info("        high     %llu\n", (unsigned long long)zone->watermark[WMARK_HIGH]);
		pr_info("        spanned  %llu\n",
			(unsigned long long)(zone->end_pfn - zone->start_pfn));
		pr_info("        managed  %llu\n", (unsigned long long)zone->managed_pages);
		if (!zone->managed_pages)
			continue; /* Linux too stops here for an unpopulated zone */
		pr_info("  pagesets\n");
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
			const struct per_cpu_pages *pcp = zone_pcp_of(zone, cpu);

			if (!cpu_online(cpu))
				continue;
			pr_info("    cpu: %u\n", cpu);
			pr_info("              count: %d\n", pcp->count);
			pr_info("              high:  %d\n", pcp->high);
			pr_info("              batch: %d\n", pcp->batch);
		}
		pr_info("  start_pfn:           %llu\n", (unsigned long long)zone->start_pfn);
	}
}

/*
 * MemTotal is Linux's totalram_pages: the pages the buddy allocator
 * manages, not all usable RAM; what the kernel image, mem_map and firmware
 * keep is Reserved, so MemTotal + Reserved = the usable RAM of the memory map.
 */
void meminfo_print(void)
{
	pr_info("MemTotal:       %8llu kB (totalram_pages: managed by the buddy allocator)\n",
		(unsigned long long)(totalram_pages * 4));
	pr_info("MemFree:        %8llu kB\n", (unsigned long long)(nr_free_pages() * 4));
	pr_info("PerCPULists:    %8llu kB (free pages on per-CPU lists: not in MemFree, as in "
		"Linux)\n",
		(unsigned long long)(nr_pcp_pages() * 4));
	pr_info("Reserved:       %8llu kB (usable RAM kept back: kernel image, mem_map, "
		"firmware)\n",
		(unsigned long long)((ram_pages - totalram_pages) * 4));
	pr_info("MemMap:         %8llu kB (struct page: %zu bytes x %llu frames)\n",
		(unsigned long long)(mem_map_bytes >> 10), sizeof(struct page),
		(unsigned long long)max_pfn);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (zones[z].managed_pages)
			pr_info("  zone %-6s free %8llu kB of %8llu kB\n", zones[z].name,
				(unsigned long long)(zones[z].free_pages * 4),
				(unsigned long long)(zones[z].managed_pages * 4));
}

/*
 * Linux 6.1's __show_mem() shortened: per zone up to max_zone, the free
 * memory, the watermarks, the managed memory and the pages on every CPU's
 * list (Linux adds this CPU's alone, local_pcp), then the free blocks per order as "count*size"; then
 * RAM and reserved pages. Linux prints many more counters (boost, LRU
 * lists, migrate types) that strata does not have.
 */
void show_mem(enum zone_type max_zone)
{
	pr_warn("Mem-Info:\n");
	for (int z = 0; z <= (int)max_zone; z++) {
		const struct zone *zone = &zones[z];
		u64 pcp = 0;

		if (!zone->managed_pages)
			continue;
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
			pcp += (u64)zone_pcp_of(zone, cpu)->count;
		pr_warn("Node 0 %s free:%llukB min:%llukB low:%llukB high:%llukB managed:%llukB "
			"free_pcp:%llukB\n",
			zone->name, (unsigned long long)(zone->free_pages * 4),
			(unsigned long long)(zone->watermark[WMARK_MIN] * 4),
			(unsigned long long)(zone->watermark[WMARK_LOW] * 4),
			(unsigned long long)(zone->watermark[WMARK_HIGH] * 4),
			(unsigned long long)(zone->managed_pages * 4),
			(unsigned long long)(pcp * 4));
	}
	for (int z = 0; z <= (int)max_zone; z++) {
		char line[320];
		int n;

		if (!zones[z].managed_pages)
			continue;
		n = snprintf(line, sizeof(line), "Node 0 %s:", zones[z].name);
		for (int o = 0; o < NR_ORDERS; o++)
			n += snprintf(line + n, sizeof(line) - (size_t)n, " %llu*%lukB",
				      (unsigned long long)zones[z].free_area[o].nr_free, 4UL << o);
		pr_warn("%s = %llukB\n", line, (unsigned long long)(zones[z].free_pages * 4));
	}
	pr_warn("%llu pages RAM\n", (unsigned long long)ram_pages);
	pr_warn("%llu pages reserved\n", (unsigned long long)(ram_pages - totalram_pages));
}

/*
 * Check one zone's free list of one order; count its pages into *pages.
 * With interiors, also check every page inside each block has flags 0:
 * that costs a read per free page, the rest a read per free block.
 */
static bool check_free_list(const struct zone *zone, unsigned int order, bool interiors, u64 *pages,
			    char *why, size_t size)
{
	const struct free_area *area = &zone->free_area[order];
	u32 prev = PFN_NONE;
	u64 n = 0;

	for (u32 pfn = area->head; pfn != PFN_NONE; pfn = pfn_to_page(pfn)->next) {
		const struct page *p = pfn_to_page(pfn);
		pfn_t buddy = pfn ^ (1UL << order);

		if (n++ > max_pfn || !pfn_valid(pfn) || p->prev != prev) {
			snprintf(why, size, "zone %s order %u: broken list link at pfn %#x",
				 zone->name, order, pfn);
			return false;
		}
		if (!(p->flags & PG_buddy) || p->order != order || pfn & ((1UL << order) - 1)) {
			snprintf(why, size,
				 "zone %s order %u: block at pfn %#x has flags %#x order %u",
				 zone->name, order, pfn, p->flags, p->order);
			return false;
		}
		if (pfn_zone(pfn) != (enum zone_type)(zone - zones)) {
			snprintf(why, size, "zone %s: block at pfn %#x belongs to another zone",
				 zone->name, pfn);
			return false;
		}
		for (pfn_t i = 1; interiors && i < (1UL << order); i++) {
			if (pfn_to_page(pfn + i)->flags) {
				snprintf(why, size,
					 "pfn %#llx inside the free block at %#x has flags %#x",
					 (unsigned long long)pfn + i, pfn,
					 pfn_to_page(pfn + i)->flags);
				return false;
			}
		}
		if (order < MAX_ORDER && pfn_valid(buddy) &&
		    (pfn_to_page(buddy)->flags & PG_buddy) && pfn_to_page(buddy)->order == order) {
			snprintf(why, size,
				 "blocks at pfn %#x and %#llx (order %u) should have merged", pfn,
				 (unsigned long long)buddy, order);
			return false;
		}
		prev = pfn;
		*pages += 1UL << order;
	}
	if (n != area->nr_free) {
		snprintf(why, size, "zone %s order %u: nr_free %llu but %llu blocks on the list",
			 zone->name, order, (unsigned long long)area->nr_free,
			 (unsigned long long)n);
		return false;
	}
	return true;
}

/* One zone's lists and counters, under its lock (another CPU may be freeing). */
static bool check_zone(struct zone *zone, bool interiors, char *why, size_t size)
{
	unsigned long flags;
	bool ok = true;
	u64 pages = 0;

	spin_lock_irqsave(&zone->lock, flags);
	for (unsigned int o = 0; o < NR_ORDERS && ok; o++)
		ok = check_free_list(zone, o, interiors, &pages, why, size);
	if (ok && pages != zone->free_pages) {
		snprintf(why, size, "zone %s: free_pages %llu but %llu pages on the lists",
			 zone->name, (unsigned long long)zone->free_pages,
			 (unsigned long long)pages);
		ok = false;
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	return ok;
}

static bool check_zones(bool interiors, char *why, size_t size)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (!check_zone(&zones[z], interiors, why, size))
			return false;
	return true;
}

bool buddy_check_invariants(char *why, size_t size)
{
	return check_zones(true, why, size);
}

bool buddy_check_free_lists(char *why, size_t size)
{
	return check_zones(false, why, size);
}
