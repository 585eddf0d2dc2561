// SPDX-License-Identifier: MIT
/*
 * Checks and reports for the page allocator. Nothing here runs on the fast
 * path unless page_poison=1; the reports run only when misuse was found.
 *
 * A misuse report reads like this (then a backtrace):
 *
 *   BUG: page allocator: free with the wrong order
 *     pfn 0x1234 (phys 0x1234000), order 0 given
 *     state: allocated, head of an order-2 block, allocated by foo+0x12/0x40
 *     caller: bar+0x30/0x80
 *
 * Detecting a wrong order is strata's addition: it keeps every allocated
 * block's order in its head page. Linux 6.1 stores no order for a plain
 * (non-__GFP_COMP) block, so it cannot tell a wrong-order __free_pages().
 *
 * An allocation failure is reported in Linux's shape (6.1's warn_alloc()):
 *
 *   swapper/0: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL), nodemask=(null)
 *
 * (the running task's name first: swapper/N on CPU N, or insmod in a
 * module's init)
 *    caller: foo+0x12/0x40
 *   Call Trace: ...
 *   Mem-Info: ... (show_mem(), mm/page_info.c)
 */
#include "mm/page_debug.h"
#include "mm/mmzone.h"
#include "mm/memblock.h"
#include "mm/page_info.h"
#include "kernel/backtrace.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/task.h"
#include "kernel/tsc.h"
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
	else if (page->flags & PG_pcp)
		snprintf(buf, size, "free, on CPU %u's per-CPU list (pcp), last freed by %pS",
			 (page->flags & PG_PCP_CPU_MASK) >> PG_PCP_CPU_SHIFT, (void *)page->caller);
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

/*
 * Linux 6.1's names for gfp masks in the order its %pGg tries them
 * (include/trace/events/mmflags.h): combinations first, so a mask prints as
 * its largest known name and then the bits left over. Only names made of
 * bits strata has are listed.
 */
static const struct {
	gfp_t mask;
	const char *name;
} gfp_names[] = {
	{GFP_KERNEL, "GFP_KERNEL"},
	{__GFP_RECLAIM | __GFP_IO, "GFP_NOFS"},
	{GFP_ATOMIC, "GFP_ATOMIC"},
	{__GFP_RECLAIM, "GFP_NOIO"},
	{GFP_NOWAIT, "GFP_NOWAIT"},
	{GFP_DMA, "GFP_DMA"},
	{GFP_DMA32, "GFP_DMA32"},
	{__GFP_HIGH, "__GFP_HIGH"},
	{__GFP_ATOMIC, "__GFP_ATOMIC"},
	{__GFP_IO, "__GFP_IO"},
	{__GFP_FS, "__GFP_FS"},
	{__GFP_NOWARN, "__GFP_NOWARN"},
	{__GFP_NORETRY, "__GFP_NORETRY"},
	{__GFP_ZERO, "__GFP_ZERO"},
	{__GFP_RECLAIM, "__GFP_RECLAIM"},
	{__GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM"},
	{__GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM"},
};

/*
 * As Linux's format_flags(): for each name in turn, if all its bits are
 * still set, print it and clear them; "|" between names; bits no name
 * covers last, in hex. An empty mask prints nothing.
 */
int gfp_flags_string(gfp_t gfp, char *buf, size_t size)
{
	int n = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(gfp_names) && gfp; i++) {
		if ((gfp & gfp_names[i].mask) != gfp_names[i].mask)
			continue;
		gfp &= ~gfp_names[i].mask;
		n += snprintf(buf + n, size > (size_t)n ? size - (size_t)n : 0, "%s%s",
			      gfp_names[i].name, gfp ? "|" : "");
	}
	if (gfp)
		n += snprintf(buf + n, size > (size_t)n ? size - (size_t)n : 0, "%#x", gfp);
	return n;
}

/*
 * Linux rate-limits the whole report to one per 10 s (warn_alloc's
 * nopage_rs). strata always prints the first line, so every failure can be
 * seen and counted, and rate-limits only the backtrace and Mem-Info, which
 * would otherwise flood the exhaustion tests' logs.
 */
#define WARN_ALLOC_INTERVAL_US (10ULL * 1000 * 1000)
static bool warn_alloc_printed; /* a full report was printed at warn_alloc_last_us */
static u64 warn_alloc_last_us;
static unsigned int warn_alloc_suppressed; /* failures since, without details */

void warn_alloc_ratelimit_reset(void)
{
	warn_alloc_printed = false;
	warn_alloc_suppressed = 0;
}

void warn_alloc(gfp_t gfp, u64 caller, const char *fmt, ...)
{
	char what[96], mode[160];
	u64 now = tsc_to_us(tsc_since_boot());
	va_list ap;

	if (gfp & __GFP_NOWARN)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	gfp_flags_string(gfp, mode, sizeof(mode));
	pr_warn("%s: %s, mode:%#x(%s), nodemask=(null)\n", get_current()->comm, what, gfp, mode);
	pr_warn(" caller: %pS\n", (void *)caller);
	if (warn_alloc_printed && now - warn_alloc_last_us < WARN_ALLOC_INTERVAL_US) {
		warn_alloc_suppressed++;
		return;
	}
	if (warn_alloc_suppressed)
		pr_warn("warn_alloc: call traces and Mem-Info of %u failures suppressed\n",
			warn_alloc_suppressed);
	warn_alloc_printed = true;
	warn_alloc_last_us = now;
	warn_alloc_suppressed = 0;
	dump_stack();
	show_mem(gfp_zone(gfp));
}
