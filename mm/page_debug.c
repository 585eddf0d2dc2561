// SPDX-License-Identifier: MIT
/*
 * Checks and reports for the page allocator. Nothing here runs on the fast
 * path unless page_poison=1; the reports run only when misuse was found.
 *
 * A report reads like this (then a backtrace):
 *
 *   BUG: page allocator: free with the wrong order
 *     pfn 0x1234 (phys 0x1234000), order 0 given
 *     state: allocated, head of an order-2 block, allocated by foo+0x12/0x40
 *     caller: bar+0x30/0x80
 */
#include "mm/page_debug.h"
#include "mm/mmzone.h"
#include "mm/memblock.h"
#include "kernel/backtrace.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

bool page_poison_enabled;
u64 page_alloc_reports;

void page_poison_setup(void)
{
	page_poison_enabled = cmdline_get_bool("page_poison", false);
}

void page_poison_fill(struct page *page, unsigned int order)
{
	__memset(page_address(page), PAGE_POISON, PAGE_SIZE << order);
}

void page_poison_check(struct page *page, unsigned int order)
{
	const u64 *p = page_address(page);
	size_t words = (PAGE_SIZE << order) / sizeof(u64);
	const u64 want = 0x0101010101010101UL * PAGE_POISON;

	for (size_t i = 0; i < words; i++) {
		const u8 *b;
		size_t k = 0;

		if (p[i] == want)
			continue;
		b = (const u8 *)&p[i];
		while (b[k] == PAGE_POISON)
			k++;
		page_alloc_reports++;
		pr_err("BUG: page poison: write after free in an order-%u block at pfn %#llx\n",
		       order, (unsigned long long)page_to_pfn(page));
		pr_err("  first bad byte at %p (offset %#zx): %#04x instead of %#04x\n", &b[k],
		       i * sizeof(u64) + k, b[k], PAGE_POISON);
		dump_stack();
		return;
	}
}

/* Find the free block containing pfn, if any: its head pfn and order. */
static bool find_free_block(pfn_t pfn, pfn_t *head, unsigned int *order)
{
	for (unsigned int o = 0; o < NR_ORDERS; o++) {
		pfn_t h = pfn & ~((1UL << o) - 1);
		const struct page *p = pfn_to_page(h);

		if ((p->flags & PG_buddy) && p->order >= o && pfn < h + (1UL << p->order)) {
			*head = h;
			*order = p->order;
			return true;
		}
	}
	return false;
}

static bool pfn_is_ram(pfn_t pfn)
{
	for (u32 i = 0; i < memblock_region_count(MEMBLOCK_MEMORY); i++) {
		struct boot_range r = memblock_region(MEMBLOCK_MEMORY, i);

		if ((pfn << PAGE_SHIFT) >= r.start && (pfn << PAGE_SHIFT) < r.end)
			return true;
	}
	return false;
}

void page_describe_state(pfn_t pfn, char *buf, size_t size)
{
	const struct page *page;
	pfn_t head;
	unsigned int order;

	if (!pfn_valid(pfn)) {
		snprintf(buf, size, "not RAM (beyond max_pfn %#llx)", (unsigned long long)max_pfn);
		return;
	}
	page = pfn_to_page(pfn);
	if (page->flags & PG_slab)
		snprintf(buf, size, "owned by a slab (cache %p)", (void *)page->slab_cache);
	else if ((page->flags & PG_buddy) && page->caller)
		snprintf(buf, size, "free, head of an order-%u block, last freed by %pS",
			 page->order, (void *)page->caller);
	else if (page->flags & PG_buddy)
		snprintf(buf, size, "free, head of an order-%u block", page->order);
	else if (page->flags & PG_head)
		snprintf(buf, size, "allocated, head of an order-%u block, allocated by %pS",
			 page->order, (void *)page->caller);
	else if (page->flags & PG_reserved)
		snprintf(buf, size, "reserved (not managed by the buddy allocator)");
	else if (find_free_block(pfn, &head, &order))
		snprintf(buf, size, "free, inside the order-%u block at pfn %#llx", order,
			 (unsigned long long)head);
	else if (!pfn_is_ram(pfn))
		snprintf(buf, size, "not RAM (a hole in the memory map)");
	else
		snprintf(buf, size, "inside an allocated block (not its first page)");
}

void page_report_bad_free(const char *what, pfn_t pfn, unsigned int order, u64 caller)
{
	char state[160];

	page_alloc_reports++;
	page_describe_state(pfn, state, sizeof(state));
	pr_err("BUG: page allocator: %s\n", what);
	pr_err("  pfn %#llx (phys %#llx), order %u given\n", (unsigned long long)pfn,
	       (unsigned long long)(pfn << PAGE_SHIFT), order);
	pr_err("  state: %s\n", state);
	pr_err("  caller: %pS; the free was refused, the allocator is unchanged\n", (void *)caller);
	dump_stack();
}

void page_report_bad_address(const char *what, unsigned long addr, u64 caller)
{
	page_alloc_reports++;
	pr_err("BUG: page allocator: %s: %#lx\n", what, addr);
	pr_err("  caller: %pS; the free was refused, the allocator is unchanged\n", (void *)caller);
	dump_stack();
}
