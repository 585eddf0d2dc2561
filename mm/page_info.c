// SPDX-License-Identifier: MIT
/*
 * buddyinfo, meminfo and the invariant checker of the buddy allocator.
 * Linux's /proc/buddyinfo prints, per zone, the number of free blocks of
 * each order:
 *
 *   Node 0, zone      DMA      1      1      0 ...
 *
 * Locking: what walks a zone's free lists, or reads several of its
 * counters that must agree, holds zone->lock (irqsave, as every user of
 * the lock) so that another CPU cannot split or merge a block under the
 * walk: buddy_snapshot() (and buddyinfo through it) and the invariant
 * checks. They take no other lock under it and print nothing under it.
 * meminfo and show_mem() read single counters (one aligned 64-bit load
 * each, never torn) without the lock: a figure may be a moment old, and
 * show_mem() runs from warn_alloc(), where the caller may be anywhere.
 */
#include "mm/page_info.h"
#include "kernel/spinlock.h"
#include "kernel/printk.h"
#include "lib/vsprintf.h"

void buddy_snapshot(struct buddy_snapshot *s)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long flags;

		spin_lock_irqsave(&zones[z].lock, flags);
		for (int o = 0; o < NR_ORDERS; o++)
			s->nr_free[z][o] = zones[z].free_area[o].nr_free;
		spin_unlock_irqrestore(&zones[z].lock, flags);
	}
}

void buddyinfo_print(void)
{
	struct buddy_snapshot s;

	buddy_snapshot(&s); /* each zone's counts together; printed after its lock */
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		char line[200];
		int n;

		if (!zones[z].managed_pages)
			continue;
		n = snprintf(line, sizeof(line), "Node 0, zone %8s", zones[z].name);
		for (int o = 0; o < NR_ORDERS; o++)
			n += snprintf(line + n, sizeof(line) - (size_t)n, " %6llu",
				      (unsigned long long)s.nr_free[z][o]);
		pr_info("%s\n", line);
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
 * Linux 6.1's __show_mem() shortened: per zone up to max_zone, the free and
 * managed memory, then the free blocks per order as "count*size"; then RAM
 * and reserved pages. Linux prints many more counters (watermarks, LRU
 * lists, migrate types) that strata does not have.
 */
void show_mem(enum zone_type max_zone)
{
	pr_warn("Mem-Info:\n");
	for (int z = 0; z <= (int)max_zone; z++)
		if (zones[z].managed_pages)
			pr_warn("Node 0 %s free:%llukB managed:%llukB\n", zones[z].name,
				(unsigned long long)(zones[z].free_pages * 4),
				(unsigned long long)(zones[z].managed_pages * 4));
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
