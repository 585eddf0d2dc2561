// SPDX-License-Identifier: MIT
/*
 * Exhaustion end to end: drive each allocator to failure, check
 * that NULL comes back, that it keeps working (frees and re-allocations
 * succeed), and that after everything is freed it is exactly at its
 * baseline: the page allocator with mixed orders and zones (buddyinfo
 * identical), the slab (a cache and kmalloc: free pages and slab objects
 * back), and vmalloc (out of pages, and out of ranges that fit: no partial
 * mapping, page table, page, record or area left behind).
 *
 * Cost: exhausting all RAM is cheap when it is taken in large blocks:
 * largest order first, then each smaller order, takes about one allocation
 * per 4 MiB plus the odd pieces (about 2,100 allocations at 8 GiB), and a
 * block is touched at one word only (the chain link). So every matrix cell,
 * 8 GiB included, runs the full sweep; nothing is skipped. The order-0
 * sweep that touches every page is tests/test_buddy.c's. The slab and
 * vmalloc cases drain the buddy that way first, all but one block of 64
 * or 128 pages set aside beforehand, so they exhaust those pages, not all
 * of RAM: a few thousand objects at most, whatever the guest's size.
 * (Run alone on a fresh 8 GiB guest, the first drain takes seconds: QEMU
 * backs guest RAM at its first touch, 2 MiB at a time. In a full run the
 * suites before have touched it, and the whole suite takes about 50 ms.)
 *
 * This file: the page allocator's cases, the helpers that take and give
 * back RAM (tests/exhaustion.h), and the suite. The slab and vmalloc cases
 * are in tests/test_exhaustion_layers.c.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "tests/exhaustion.h"
#include "mm/mmzone.h"
#include "mm/page_info.h"
#include "lib/string.h"

void exhaustion_expect_invariants(struct ktest *t)
{
	char why[160];

	if (!buddy_check_free_lists(why, sizeof(why)))
		ktest_fail(t, false, __FILE__, __LINE__, "buddy invariant broken: %s", why);
}

static void expect_same_buddyinfo(struct ktest *t, const struct buddy_snapshot *a)
{
	struct buddy_snapshot b;

	buddy_snapshot(&b);
	if (memcmp(a, &b, sizeof(b)) != 0) {
		ktest_fail(t, false, __FILE__, __LINE__, "buddyinfo differs from its baseline:");
		buddyinfo_print();
	}
}

u64 exhaustion_take(struct held **list, gfp_t gfp, unsigned int hi, unsigned int lo)
{
	u64 pages = 0;

	for (int o = (int)hi; o >= (int)lo; o--) {
		struct page *page;

		while ((page = alloc_pages(gfp | __GFP_NOWARN, (unsigned int)o))) {
			struct held *h = page_address(page);

			h->next = *list;
			h->order = (unsigned int)o;
			*list = h;
			pages += 1UL << o;
		}
	}
	return pages;
}

void exhaustion_give_back(struct held *list)
{
	while (list) {
		struct held *next = list->next;

		free_pages((unsigned long)list, list->order);
		list = next;
	}
}

/*
 * Free every other held block, re-allocate each at its order (all must
 * succeed), and put them back on the list. Returns the number of re-allocation failures.
 */
static u64 free_half_and_realloc(struct held **list, gfp_t gfp)
{
	unsigned int counts[NR_ORDERS] = {0};
	struct held **pp = list;
	u64 failed = 0;
	int i = 0;

	while (*pp) {
		struct held *h = *pp;

		if (i++ % 2) {
			*pp = h->next;
			counts[h->order]++;
			free_pages((unsigned long)h, h->order);
		} else {
			pp = &h->next;
		}
	}
	/*
	 * A GFP_DMA caller cannot block, so nothing drains the per-CPU lists
	 * before it fails (as in Linux 6.1), and the watermark does not count
	 * their pages: give the freed order-0 pages back to the buddy first.
	 */
	drain_all_pages(NULL);
	/*
	 * Largest first: the free memory is exactly the freed blocks, so a
	 * request of the largest remaining order always finds a block.
	 */
	for (int o = MAX_ORDER; o >= 0; o--) {
		for (; counts[o]; counts[o]--) {
			struct page *page = alloc_pages(gfp | __GFP_NOWARN, (unsigned int)o);
			struct held *h;

			if (!page) {
				failed++;
				continue;
			}
			h = page_address(page);
			h->order = (unsigned int)o;
			h->next = *list;
			*list = h;
		}
	}
	return failed;
}

/* All of RAM, largest blocks first, through every zone's fallback. */
static void all_zones_exhausted_and_recovered(struct ktest *t)
{
	struct buddy_snapshot before;
	u64 start_free, taken;
	struct held *list = NULL;

	ktest_set_min_free_kbytes(t, 0); /* no reserve: GFP_KERNEL may take every page */
	buddy_snapshot(&before);	 /* drains every CPU's list first */
	start_free = nr_free_pages();
	taken = exhaustion_take(&list, GFP_KERNEL, MAX_ORDER, 0);
	KTEST_EXPECT_EQ(t, taken, start_free);
	KTEST_EXPECT_EQ(t, nr_free_pages(), 0);
	for (unsigned int o = 0; o <= MAX_ORDER; o++)
		KTEST_EXPECT_NULL(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, o));
	KTEST_EXPECT_NULL(t, alloc_pages(GFP_DMA32 | __GFP_NOWARN, 0));
	KTEST_EXPECT_NULL(t, alloc_pages(GFP_DMA | __GFP_NOWARN, 0));
	KTEST_EXPECT_EQ(t, __get_free_pages(GFP_ATOMIC | __GFP_NOWARN, 0), 0);
	exhaustion_expect_invariants(t);
	/* Still working at empty: frees merge, and the freed blocks come back. */
	KTEST_EXPECT_EQ(t, free_half_and_realloc(&list, GFP_KERNEL), 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), 0);
	exhaustion_expect_invariants(t);
	exhaustion_give_back(list);
	drain_all_pages(NULL);
	KTEST_EXPECT_EQ(t, nr_free_pages(), start_free);
	expect_same_buddyinfo(t, &before);
}

/*
 * ZONE_DMA alone (at most 16 MiB) with small orders, smallest first, so the
 * zone is fragmented as it fills: GFP_DMA then fails at every order while
 * the other zones are untouched and still serve GFP_KERNEL.
 */
static void dma_zone_exhausted_alone(struct ktest *t)
{
	struct buddy_snapshot before;
	u64 dma_free, other_free;
	struct held *list = NULL;
	struct page *page;
	u64 taken = 0;

	ktest_set_min_free_kbytes(t, 0); /* no reserve: GFP_DMA may take every page */
	buddy_snapshot(&before);	 /* drains every CPU's list first */
	dma_free = zones[ZONE_DMA].free_pages;
	other_free = nr_free_pages() - dma_free;
	if (!dma_free)
		ktest_skip(t, "no free memory in ZONE_DMA");
	/* Orders 0..3 in turn until each fails, then mop up what is left. */
	for (bool progress = true; progress;) {
		progress = false;
		for (unsigned int o = 0; o <= 3; o++) {
			page = alloc_pages(GFP_DMA | __GFP_NOWARN, o);
			if (!page)
				continue;
			((struct held *)page_address(page))->next = list;
			((struct held *)page_address(page))->order = o;
			list = page_address(page);
			taken += 1UL << o;
			progress = true;
		}
	}
	taken += exhaustion_take(&list, GFP_DMA, MAX_ORDER, 0);
	KTEST_EXPECT_EQ(t, taken, dma_free);
	KTEST_EXPECT_EQ(t, zones[ZONE_DMA].free_pages, 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), other_free);
	for (unsigned int o = 0; o <= MAX_ORDER; o++)
		KTEST_EXPECT_NULL(t, alloc_pages(GFP_DMA | __GFP_NOWARN, o));
	if (other_free) {
		page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
		KTEST_EXPECT_NOT_NULL(t, page);
		if (page) {
			KTEST_EXPECT_NE(t, pfn_zone(page_to_pfn(page)), ZONE_DMA);
			__free_pages(page, 0);
		}
	}
	KTEST_EXPECT_EQ(t, free_half_and_realloc(&list, GFP_DMA), 0);
	KTEST_EXPECT_EQ(t, zones[ZONE_DMA].free_pages, 0);
	exhaustion_give_back(list);
	drain_all_pages(NULL);
	KTEST_EXPECT_EQ(t, zones[ZONE_DMA].free_pages, dma_free);
	expect_same_buddyinfo(t, &before);
	exhaustion_expect_invariants(t);
}

static const struct ktest_case exhaustion_cases[] = {
	KTEST_CASE(all_zones_exhausted_and_recovered),	KTEST_CASE(dma_zone_exhausted_alone),
	KTEST_CASE(slab_cache_exhausted_and_recovered), KTEST_CASE(kmalloc_exhausted_and_recovered),
	KTEST_CASE(vmalloc_exhausted_by_the_buddy),	KTEST_CASE(vmalloc_out_of_fitting_ranges),
};

KTEST_SUITE(exhaustion_suite, "exhaustion", exhaustion_cases);
