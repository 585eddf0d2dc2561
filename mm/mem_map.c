// SPDX-License-Identifier: MIT
/*
 * From memblock to the buddy allocator.
 *
 *   1. mem_map[0 .. max_pfn) from memblock, zeroed: every frame "free,
 *      inside a block" until told otherwise;
 *   2. memblock's reserved ranges (and mem_map itself) get PG_reserved;
 *   3. each free range is cut into the largest naturally aligned blocks
 *      that fit and each block is freed once: the work is proportional to
 *      the number of blocks (a few per range), not the number of pages;
 *   4. memblock is retired; page tables now come from the buddy.
 */
#include "mm/mem_map.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "mm/page_debug.h"
#include "mm/page_info.h"
#include "mm/pgtable.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "kernel/tsc.h"
#include "arch/x86_64/cpu.h"

struct page *mem_map;
pfn_t max_pfn;
u64 ram_pages;
u64 totalram_pages;
u64 mem_map_bytes;

static phys_addr_t buddy_table_alloc(void)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	return page ? page_to_phys(page) : 0;
}

static void buddy_table_free(phys_addr_t pa)
{
	__free_page(pfn_to_page(pa >> PAGE_SHIFT));
}

static void mark_reserved(void)
{
	for (u32 i = 0; i < memblock_region_count(MEMBLOCK_RESERVED); i++) {
		struct boot_range r = memblock_region(MEMBLOCK_RESERVED, i);

		for (pfn_t pfn = r.start >> PAGE_SHIFT;
		     pfn < (r.end >> PAGE_SHIFT) && pfn < max_pfn; pfn++)
			mem_map[pfn].flags = PG_reserved;
	}
}

void mem_map_init(void)
{
	u32 nr = memblock_region_count(MEMBLOCK_MEMORY);
	u64 start, end, cursor = 0, blocks = 0, t0, ticks;
	phys_addr_t pa;

	page_poison_setup();
	max_pfn = memblock_region(MEMBLOCK_MEMORY, nr - 1).end >> PAGE_SHIFT;
	for (u32 i = 0; i < nr; i++) {
		struct boot_range r = memblock_region(MEMBLOCK_MEMORY, i);

		ram_pages += (r.end - r.start) >> PAGE_SHIFT;
	}

	/* The direct map covers all RAM now: mem_map may live anywhere. */
	memblock_set_limit(MEMBLOCK_ALLOC_ANYWHERE);
	mem_map_bytes = ALIGN_UP(max_pfn * sizeof(struct page), PAGE_SIZE);
	/* Above ZONE_DMA if possible: 16 MiB is scarce, and only it serves GFP_DMA. */
	pa = memblock_alloc_range(mem_map_bytes, PAGE_SIZE, 16 * MiB, MEMBLOCK_ALLOC_ANYWHERE);
	if (!pa)
		pa = memblock_phys_alloc(mem_map_bytes, PAGE_SIZE);
	if (!pa)
		panic("%s: no memory for mem_map (%llu bytes)", __func__,
		      (unsigned long long)mem_map_bytes);
	mem_map = phys_to_virt(pa);
	memset(mem_map, 0, max_pfn * sizeof(struct page));
	zones_init(max_pfn);
	mark_reserved();

	t0 = rdtsc();
	while (memblock_next_free(&cursor, &start, &end))
		blocks += buddy_free_range(start >> PAGE_SHIFT, end >> PAGE_SHIFT);
	ticks = rdtsc() - t0;
	memblock_mark_handed_over();
	pt_set_table_allocator(buddy_table_alloc, buddy_table_free);

	pr_info("mem_map: %llu frames x %zu bytes = %llu KiB (%llu.%02llu%% of RAM)\n",
		(unsigned long long)max_pfn, sizeof(struct page),
		(unsigned long long)(mem_map_bytes >> 10),
		(unsigned long long)(mem_map_bytes * 100 / (ram_pages << PAGE_SHIFT)),
		(unsigned long long)(mem_map_bytes * 10000 / (ram_pages << PAGE_SHIFT) % 100));
	pr_info("buddy: released %llu free pages to the buddy allocator in %llu blocks of order "
		"0..MAX_ORDER (%u: up to %lu MiB), %llu us (%llu TSC ticks)%s\n",
		(unsigned long long)nr_free_pages(), (unsigned long long)blocks, MAX_ORDER,
		(PAGE_SIZE << MAX_ORDER) >> 20, (unsigned long long)tsc_to_us(ticks),
		(unsigned long long)ticks,
		page_poison_enabled ? ", page_poison=1: free pages poisoned" : "");
	buddyinfo_print();
}
