// SPDX-License-Identifier: MIT
/*
 * Tests of the buddy page allocator (mm/page_alloc.c): split and merge,
 * alignment, zones, exhaustion, exact allocations, zeroing, misuse
 * detection, and a seeded random stress with content checks.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/page_debug.h"
#include "mm/page_info.h"

/* The O(free blocks) check, cheap enough after every step even on 8 GiB guests. */
static void expect_invariants(struct ktest *t)
{
	char why[160];

	if (!buddy_check_free_lists(why, sizeof(why)))
		ktest_fail(t, false, __FILE__, __LINE__, "buddy invariant broken: %s", why);
}

/* The full check, every page inside every free block too: once per suite. */
static void free_blocks_are_whole(struct ktest *t)
{
	char why[160];

	if (!buddy_check_invariants(why, sizeof(why)))
		ktest_fail(t, false, __FILE__, __LINE__, "buddy invariant broken: %s", why);
}

static void expect_same_buddyinfo(struct ktest *t, const struct buddy_snapshot *a)
{
	struct buddy_snapshot b;

	buddy_snapshot(&b);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (int o = 0; o < NR_ORDERS; o++)
			if (a->nr_free[z][o] != b.nr_free[z][o])
				ktest_fail(
					t, false, __FILE__, __LINE__,
					"buddyinfo zone %s order %d: %llu blocks before, %llu after",
					zones[z].name, o, (unsigned long long)a->nr_free[z][o],
					(unsigned long long)b.nr_free[z][o]);
}

static void split_and_merge_every_order(struct ktest *t)
{
	struct buddy_snapshot before;
	struct page *p[NR_ORDERS];

	buddy_snapshot(&before);
	for (unsigned int o = 0; o <= MAX_ORDER; o++) {
		struct page *page = alloc_pages(GFP_KERNEL, o);

		KTEST_ASSERT_NOT_NULL(t, page);
		KTEST_EXPECT_EQ(t, page->order, o);
		__free_pages(page, o);
		expect_same_buddyinfo(t, &before);
	}
	/* Mixed: one block of every order live at once, freed in another order. */
	for (unsigned int o = 0; o <= MAX_ORDER; o++)
		p[o] = alloc_pages(GFP_KERNEL, o);
	expect_invariants(t);
	for (unsigned int o = 0; o <= MAX_ORDER; o += 2)
		__free_pages(p[o], o);
	for (unsigned int o = 1; o <= MAX_ORDER; o += 2)
		__free_pages(p[o], o);
	expect_same_buddyinfo(t, &before);
	expect_invariants(t);
}

static void blocks_are_aligned_and_in_their_zone(struct ktest *t)
{
	for (unsigned int o = 0; o <= MAX_ORDER; o++) {
		struct page *page = alloc_pages(GFP_KERNEL, o);
		/* ZONE_DMA holds less than 16 MiB: its largest blocks may be taken. */
		struct page *dma = alloc_pages(GFP_DMA | __GFP_NOWARN, o);
		struct page *dma32 = alloc_pages(GFP_DMA32, o);

		KTEST_ASSERT_NOT_NULL(t, page);
		KTEST_EXPECT_EQ(t, page_to_pfn(page) & ((1UL << o) - 1), 0);
		if (o <= 6) /* 256 KiB: always free in ZONE_DMA after boot */
			KTEST_ASSERT_NOT_NULL(t, dma);
		if (dma) {
			KTEST_EXPECT_LE(t, page_to_phys(dma) + (PAGE_SIZE << o), 16 * MiB);
			__free_pages(dma, o);
		}
		KTEST_ASSERT_NOT_NULL(t, dma32);
		KTEST_EXPECT_LE(t, page_to_phys(dma32) + (PAGE_SIZE << o), 4 * GiB);
		__free_pages(dma32, o);
		__free_pages(page, o);
	}
	expect_invariants(t);
}

/*
 * Allocate order-0 pages until NULL. The pages are chained through their
 * struct page (next/prev are the owner's while a page is allocated), and
 * prev carries a marker: a page handed out twice would find it set.
 * Each page also gets a pattern derived from its pfn, checked after the
 * last allocation: every page up to 256 MiB of RAM, every 64th beyond,
 * because touching every page of an 8 GiB guest makes QEMU back all of it.
 */
#define EXHAUST_MARK 0x5a5a5a5aU
#define EXHAUST_TOUCH_ALL_PAGES 65536

static bool exhaust_touch(pfn_t pfn, u64 count)
{
	return count <= EXHAUST_TOUCH_ALL_PAGES || pfn % 64 == 0;
}

/* Above this, one allocation per page takes too long under TCG (~4 us each). */
#define EXHAUST_MAX_PAGES (1UL << 20) /* 4 GiB */

static void exhaustion_gives_every_free_page(struct ktest *t)
{
	struct buddy_snapshot before;
	u64 start_free = nr_free_pages(), count = 0, bad = 0, twice = 0, touched = 0;
	u32 chain = PFN_NONE;
	struct page *page;

	if (start_free > EXHAUST_MAX_PAGES)
		ktest_skip(t, "over 4 GiB free: the exhaustion suite drains large guests by order");
	buddy_snapshot(&before);
	while ((page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0))) {
		pfn_t pfn = page_to_pfn(page);

		twice += page->prev == EXHAUST_MARK;
		page->prev = EXHAUST_MARK;
		page->next = chain;
		chain = (u32)pfn;
		if (exhaust_touch(pfn, start_free)) {
			u64 *mem = page_address(page);

			mem[0] = pfn * 0x9e3779b97f4a7c15UL;
			mem[PAGE_SIZE / 8 - 1] = ~mem[0];
		}
		count++;
	}
	KTEST_EXPECT_EQ(t, count, start_free);
	KTEST_EXPECT_EQ(t, twice, 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), 0);
	KTEST_EXPECT_NULL(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0));
	/* Distinct memory too: had two pages shared a frame, a pattern would not match. */
	while (chain != PFN_NONE) {
		page = pfn_to_page(chain);
		chain = page->next;
		if (exhaust_touch(page_to_pfn(page), start_free)) {
			u64 *mem = page_address(page);
			u64 want = page_to_pfn(page) * 0x9e3779b97f4a7c15UL;

			bad += mem[0] != want || mem[PAGE_SIZE / 8 - 1] != ~want;
			touched++;
		}
		page->prev = PFN_NONE;
		__free_page(page);
	}
	ktest_note("exhaustion_gives_every_free_page: %llu pages, %llu patterns checked",
		   (unsigned long long)count, (unsigned long long)touched);
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), start_free);
	expect_same_buddyinfo(t, &before);
	expect_invariants(t);
}

static void alloc_pages_exact_returns_the_tail(struct ktest *t)
{
	u64 before = nr_free_pages();
	void *p = alloc_pages_exact(33 * KiB, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, p);
	/* 33 KiB needs 9 pages; order 4 would hold 16: the 7 others came back. */
	KTEST_EXPECT_EQ(t, before - nr_free_pages(), 9);
	memset(p, 0x11, 33 * KiB);
	free_pages_exact(p, 33 * KiB);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	KTEST_EXPECT_NULL(t, alloc_pages_exact(0, GFP_KERNEL | __GFP_NOWARN));
	expect_invariants(t);
}

static bool all_zero(const void *p, size_t n)
{
	const u64 *w = p;

	for (size_t i = 0; i < n / 8; i++)
		if (w[i])
			return false;
	return true;
}

static void zeroed_allocations_are_zero(struct ktest *t)
{
	/* Dirty pages first, so zeroing has something to do. */
	struct page *dirty = alloc_pages(GFP_KERNEL, 2);
	unsigned long z;
	struct page *p;

	KTEST_ASSERT_NOT_NULL(t, dirty);
	memset(page_address(dirty), 0x5c, 4 * PAGE_SIZE);
	__free_pages(dirty, 2);
	z = get_zeroed_page(GFP_KERNEL);
	KTEST_ASSERT_NE(t, z, 0);
	KTEST_EXPECT_TRUE(t, all_zero((void *)z, PAGE_SIZE));
	p = alloc_pages(GFP_KERNEL | __GFP_ZERO, 2);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_TRUE(t, all_zero(page_address(p), 4 * PAGE_SIZE));
	__free_pages(p, 2);
	free_page(z);
}

static void impossible_orders_fail_cleanly(struct ktest *t)
{
	u64 before = nr_free_pages(), mark = ktest_log_mark();

	KTEST_EXPECT_NULL(t, alloc_pages(GFP_KERNEL, MAX_ORDER + 1));
	KTEST_EXPECT_LOG(t, mark, "order 11 refused: orders are 0..MAX_ORDER (10)");
	KTEST_EXPECT_EQ(t, __get_free_pages(GFP_KERNEL | __GFP_NOWARN, 40), 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}

/* Provoke a bad free and check it was reported and changed nothing. */
static void expect_refused(struct ktest *t, u64 mark, const char *what)
{
	KTEST_EXPECT_LOG(t, mark, what);
	KTEST_EXPECT_LOG(t, mark, "the free was refused");
	expect_invariants(t);
}

static void double_free_is_refused(struct ktest *t)
{
	struct page *p = alloc_pages(GFP_KERNEL, 1);
	u64 free_after, reports = page_alloc_reports, mark;

	KTEST_ASSERT_NOT_NULL(t, p);
	__free_pages(p, 1);
	free_after = nr_free_pages();
	mark = ktest_log_mark();
	__free_pages(p, 1);
	KTEST_EXPECT_EQ(t, page_alloc_reports, reports + 1);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free_after);
	expect_refused(t, mark, "state: free");
}

/* strata's addition: Linux 6.1 keeps no order for a plain block and cannot tell. */
static void wrong_order_is_refused(struct ktest *t)
{
	struct page *p = alloc_pages(GFP_KERNEL, 2);
	u64 before, mark = ktest_log_mark();

	KTEST_ASSERT_NOT_NULL(t, p);
	before = nr_free_pages();
	__free_pages(p, 1);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	expect_refused(t, mark, "free with the wrong order");
	mark = ktest_log_mark();
	__free_pages(p + 1, 0); /* a page inside the block */
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	expect_refused(t, mark, "inside an allocated block");
	__free_pages(p, 2);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before + 4);
}

static void bad_addresses_are_refused(struct ktest *t)
{
	unsigned long addr = __get_free_page(GFP_KERNEL);
	u64 before, mark = ktest_log_mark();

	KTEST_ASSERT_NE(t, addr, 0);
	before = nr_free_pages();
	free_page(addr + 8);
	expect_refused(t, mark, "not page-aligned");
	mark = ktest_log_mark();
	free_page((unsigned long)phys_to_virt(max_pfn << PAGE_SHIFT));
	expect_refused(t, mark, "not RAM");
	mark = ktest_log_mark();
	free_page(KERNEL_VMA + 2 * MiB); /* the kernel image, not the direct map */
	expect_refused(t, mark, "not RAM");
	mark = ktest_log_mark();
	__free_pages(pfn_to_page(0), 0); /* reserved: the first 1 MiB */
	expect_refused(t, mark, "state: reserved");
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	free_page(addr);
}

static void free_of_a_slab_page_is_refused(struct ktest *t)
{
	struct page *p = alloc_page(GFP_KERNEL);
	u64 before, mark = ktest_log_mark();

	KTEST_ASSERT_NOT_NULL(t, p);
	before = nr_free_pages();
	p->flags |= PG_slab; /* as mm/slab.c marks the pages it owns */
	__free_pages(p, 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	expect_refused(t, mark, "owned by a slab");
	p->flags &= ~PG_slab;
	__free_pages(p, 0);
}

static void freed_page_is_poisoned_and_checked(struct ktest *t)
{
	struct page *p, *q;
	u64 reports = page_alloc_reports, mark;
	u64 *chain = NULL;

	if (!page_poison_enabled)
		ktest_skip(t, "boot with page_poison=1");
	p = alloc_page(GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	__free_page(p);
	KTEST_EXPECT_EQ(t, *(u8 *)page_address(p), PAGE_POISON);
	mark = ktest_log_mark();
	((u8 *)page_address(p))[100] = 0x42; /* write after free */
	/* Allocate until p comes back; keep the others chained through themselves. */
	while ((q = alloc_page(GFP_KERNEL | __GFP_NOWARN)) && q != p) {
		*(u64 **)page_address(q) = chain;
		chain = page_address(q);
	}
	KTEST_EXPECT_EQ(t, (u64)q, (u64)p);
	KTEST_EXPECT_EQ(t, page_alloc_reports, reports + 1);
	KTEST_EXPECT_LOG(t, mark, "write after free");
	KTEST_EXPECT_LOG(t, mark, "(offset 0x64): 0x42 instead of 0xaa");
	if (q)
		__free_page(q);
	while (chain) {
		u64 *next = *(u64 **)chain;

		free_page((unsigned long)chain);
		chain = next;
	}
}

#define STRESS_SLOTS 256
#define STRESS_OPS 3000

/* Fill or check a block with a pattern from its pfn and a per-block tag. */
static bool stress_pattern(struct page *page, unsigned int order, u64 tag, bool fill)
{
	u64 *w = page_address(page);
	size_t n = (PAGE_SIZE << order) / 8;

	for (size_t i = 0; i < n; i += 61) {
		u64 v = tag ^ (i * 0x9e3779b97f4a7c15UL);

		if (fill)
			w[i] = v;
		else if (w[i] != v)
			return false;
	}
	return true;
}

static void random_stress_keeps_contents(struct ktest *t)
{
	static struct {
		struct page *page;
		unsigned int order;
		u64 tag;
	} slot[STRESS_SLOTS];
	struct buddy_snapshot before;
	u64 corrupt = 0;

	buddy_snapshot(&before);
	ktest_seed(t);
	for (int op = 0; op < STRESS_OPS; op++) {
		u64 r = ktest_rand(t);
		int i = (int)(r % STRESS_SLOTS);

		if (slot[i].page) {
			corrupt += !stress_pattern(slot[i].page, slot[i].order, slot[i].tag, false);
			__free_pages(slot[i].page, slot[i].order);
			slot[i].page = NULL;
		} else {
			/* Mostly small orders, sometimes large: like real use. */
			unsigned int order = (r >> 16) % 8 == 0
						     ? (unsigned int)((r >> 20) % NR_ORDERS)
						     : (unsigned int)((r >> 24) % 4);

			slot[i].page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);
			slot[i].order = order;
			slot[i].tag = r;
			if (slot[i].page)
				stress_pattern(slot[i].page, order, r, true);
		}
		if (op % 500 == 0)
			expect_invariants(t);
	}
	for (int i = 0; i < STRESS_SLOTS; i++) {
		if (!slot[i].page)
			continue;
		corrupt += !stress_pattern(slot[i].page, slot[i].order, slot[i].tag, false);
		__free_pages(slot[i].page, slot[i].order);
		slot[i].page = NULL;
	}
	KTEST_EXPECT_EQ(t, corrupt, 0);
	expect_same_buddyinfo(t, &before);
	expect_invariants(t);
}

static const struct ktest_case buddy_cases[] = {
	KTEST_CASE(free_blocks_are_whole),
	KTEST_CASE(split_and_merge_every_order),
	KTEST_CASE(blocks_are_aligned_and_in_their_zone),
	KTEST_CASE(exhaustion_gives_every_free_page),
	KTEST_CASE(alloc_pages_exact_returns_the_tail),
	KTEST_CASE(zeroed_allocations_are_zero),
	KTEST_CASE(impossible_orders_fail_cleanly),
	KTEST_CASE(double_free_is_refused),
	KTEST_CASE(wrong_order_is_refused),
	KTEST_CASE(bad_addresses_are_refused),
	KTEST_CASE(free_of_a_slab_page_is_refused),
	KTEST_CASE(freed_page_is_poisoned_and_checked),
	KTEST_CASE(random_stress_keeps_contents),
};

KTEST_SUITE(buddy_suite, "buddy", buddy_cases);
