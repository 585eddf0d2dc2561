// SPDX-License-Identifier: MIT
/*
 * Tests of the buddy page allocator (mm/page_alloc.c): split and merge,
 * alignment, zones (each skipped when it has no free page: a small guest,
 * or boot modules below 16 MiB), exhaustion, exact allocations, zeroing,
 * and a seeded random stress with content checks; the suite. The misuse
 * cases are in tests/test_buddy_misuse.c.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "tests/test_buddy.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/page_info.h"

void buddy_expect_invariants(struct ktest *t)
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

/* True if a zone up to highest has a free block of order o or larger: an allocation must succeed. */
static bool block_free(enum zone_type highest, unsigned int o)
{
	struct buddy_snapshot s;

	buddy_snapshot(&s);
	for (int z = 0; z <= (int)highest; z++)
		for (unsigned int k = o; k <= MAX_ORDER; k++)
			if (s.nr_free[z][k])
				return true;
	return false;
}

static void split_and_merge_every_order(struct ktest *t)
{
	struct buddy_snapshot before;
	struct page *p[NR_ORDERS];

	buddy_snapshot(&before);
	for (unsigned int o = 0; o <= MAX_ORDER; o++) {
		bool can = block_free(ZONE_NORMAL, o);
		struct page *page = alloc_pages(GFP_KERNEL, o);

		/* A small guest may have no block this large: then the request fails. */
		KTEST_EXPECT_EQ(t, page != NULL, can);
		if (!page)
			continue;
		KTEST_EXPECT_EQ(t, page->order, o);
		__free_pages(page, o);
		expect_same_buddyinfo(t, &before);
	}
	/* Mixed: one block of every order there is live at once, freed in another order. */
	for (unsigned int o = 0; o <= MAX_ORDER; o++) {
		bool can = block_free(ZONE_NORMAL, o);

		p[o] = ktest_alloc_pages(t, GFP_KERNEL | __GFP_NOWARN, o);
		KTEST_EXPECT_EQ(t, p[o] != NULL, can);
	}
	buddy_expect_invariants(t);
	for (unsigned int o = 0; o <= MAX_ORDER; o += 2)
		if (p[o])
			ktest_release(t, p[o]);
	for (unsigned int o = 1; o <= MAX_ORDER; o += 2)
		if (p[o])
			ktest_release(t, p[o]);
	expect_same_buddyinfo(t, &before);
	buddy_expect_invariants(t);
}

/*
 * Every order from the zones up to highest: a block comes exactly when one
 * of that order or larger is free there, aligned to its size, below limit.
 * Skips when those zones have no free page at all (RAM or boot modules
 * fill them): there is nothing to test.
 */
static void expect_blocks_in_zones(struct ktest *t, gfp_t gfp, enum zone_type highest, u64 limit,
				   const char *skip_reason)
{
	if (!block_free(highest, 0))
		ktest_skip(t, skip_reason);
	for (unsigned int o = 0; o <= MAX_ORDER; o++) {
		bool can = block_free(highest, o);
		struct page *page = ktest_alloc_pages(t, gfp | __GFP_NOWARN, o);

		KTEST_EXPECT_EQ(t, page != NULL, can);
		if (!page)
			continue;
		KTEST_EXPECT_EQ(t, page_to_pfn(page) & ((1UL << o) - 1), 0);
		KTEST_EXPECT_LE(t, page_to_phys(page) + (PAGE_SIZE << o), limit);
		ktest_release(t, page);
	}
	buddy_expect_invariants(t);
}

static void blocks_are_aligned(struct ktest *t)
{
	expect_blocks_in_zones(t, GFP_KERNEL, ZONE_NORMAL, max_pfn << PAGE_SHIFT, "no free page");
}

static void dma_blocks_lie_below_16_mib(struct ktest *t)
{
	expect_blocks_in_zones(t, GFP_DMA, ZONE_DMA, 16 * MiB,
			       "no free page in ZONE_DMA (below 16 MiB) to test");
}

static void dma32_blocks_lie_below_4_gib(struct ktest *t)
{
	expect_blocks_in_zones(t, GFP_DMA32, ZONE_DMA32, 4 * GiB,
			       "no free page in ZONE_DMA or ZONE_DMA32 (below 4 GiB) to test");
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
	u64 start_free, count = 0, bad = 0, twice = 0, touched = 0;
	u32 chain = PFN_NONE;
	struct page *page;

	ktest_set_min_free_kbytes(t, 0); /* no reserve: GFP_KERNEL may take every page */
	buddy_snapshot(&before);	 /* drains every CPU's list first */
	start_free = nr_free_pages();
	if (start_free > EXHAUST_MAX_PAGES)
		ktest_skip(t, "over 4 GiB free: the exhaustion suite drains large guests by order");
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
	drain_all_pages(NULL);
	KTEST_EXPECT_EQ(t, nr_free_pages(), start_free);
	expect_same_buddyinfo(t, &before);
	buddy_expect_invariants(t);
}

static void alloc_pages_exact_returns_the_tail(struct ktest *t)
{
	u64 before = (drain_all_pages(NULL), nr_free_pages());
	void *p = alloc_pages_exact(33 * KiB, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, p);
	/* 33 KiB needs 9 pages; order 4 would hold 16: the 7 others came back (via this CPU's list). */
	drain_local_pages(NULL);
	KTEST_EXPECT_EQ(t, before - nr_free_pages(), 9);
	memset(p, 0x11, 33 * KiB);
	free_pages_exact(p, 33 * KiB);
	drain_local_pages(NULL);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	KTEST_EXPECT_NULL(t, alloc_pages_exact(0, GFP_KERNEL | __GFP_NOWARN));
	buddy_expect_invariants(t);
}

static bool all_zero(const void *p, size_t n)
{
	const u64 *w = p;

	for (size_t i = 0; i < n / 8; i++)
		if (w[i])
			return false;
	return true;
}

static void free_page_action(void *addr)
{
	free_page((unsigned long)addr);
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
	ktest_defer(t, free_page_action, (void *)z);
	KTEST_EXPECT_TRUE(t, all_zero((void *)z, PAGE_SIZE));
	p = alloc_pages(GFP_KERNEL | __GFP_ZERO, 2);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_TRUE(t, all_zero(page_address(p), 4 * PAGE_SIZE));
	__free_pages(p, 2);
	ktest_release(t, (void *)z);
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
	struct stress_slot {
		struct page *page;
		unsigned int order;
		u64 tag;
	} * slot; /* STRESS_SLOTS of them, from vmalloc: .bss costs small boots */
	struct buddy_snapshot before;
	u64 corrupt = 0;

	slot = ktest_vmalloc(t, STRESS_SLOTS *
					sizeof(*slot)); /* before the snapshot: held to the end */
	KTEST_ASSERT_NOT_NULL(t, slot);
	memset(slot, 0, STRESS_SLOTS * sizeof(*slot));
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
			buddy_expect_invariants(t);
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
	buddy_expect_invariants(t);
}

static const struct ktest_case buddy_cases[] = {
	KTEST_CASE(free_blocks_are_whole),
	KTEST_CASE(split_and_merge_every_order),
	KTEST_CASE(blocks_are_aligned),
	KTEST_CASE(dma_blocks_lie_below_16_mib),
	KTEST_CASE(dma32_blocks_lie_below_4_gib),
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
