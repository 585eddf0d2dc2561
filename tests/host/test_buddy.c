// SPDX-License-Identifier: MIT
/*
 * Host tests for the buddy allocator core (mm/page_alloc.c, page_debug.c,
 * page_info.c) under AddressSanitizer, over a simulated RAM of 16 MiB that
 * straddles the 4 GiB line, so ZONE_DMA32 and ZONE_NORMAL both exist:
 *
 *   pfn 0 .............. RAM_START_PFN ....... 4 GiB ....... max_pfn
 *   |  hole (reserved)   | DMA32 8 MiB         | Normal 8 MiB |
 *
 * A long seeded random sequence checks every free-list invariant after
 * every step against a model of which pages are allocated.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/types.h"
#include "mm/gfp.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "mm/page_debug.h"
#include "mm/page_info.h"
#include "tests/host/htest.h"
#include "tests/host/kernel_shim.h"
#include "tests/host/sim_machine.h"

#define RAM_BYTES (16UL << 20)
#define RAM_START (4UL * GiB - RAM_BYTES / 2)
#define RAM_START_PFN (RAM_START >> PAGE_SHIFT)
#define RAM_PAGES (RAM_BYTES >> PAGE_SHIFT)

/* A fresh simulated machine: all RAM free, below it a reserved hole. */
static void machine_reset(void)
{
	sim_machine_reset(RAM_START, RAM_BYTES);
}

static void release_gives_large_blocks(void)
{
	machine_reset();
	EXPECT_EQ(nr_free_pages(), RAM_PAGES);
	/* 8 MiB on each side of 4 GiB: two order-10 blocks per zone. */
	EXPECT_EQ(zones[ZONE_DMA32].free_area[MAX_ORDER].nr_free, 2);
	EXPECT_EQ(zones[ZONE_NORMAL].free_area[MAX_ORDER].nr_free, 2);
	EXPECT_TRUE(sim_buddy_ok());
}

static void zones_fall_back_and_restrict(void)
{
	struct page *p[8];

	machine_reset();
	for (int i = 0; i < 8; i++) {
		p[i] = alloc_pages(GFP_KERNEL, MAX_ORDER - 1);
		ASSERT_TRUE(p[i] != NULL);
	}
	/* Normal first (4 blocks of 2 MiB), then DMA32. */
	for (int i = 0; i < 4; i++)
		EXPECT_EQ(pfn_zone(page_to_pfn(p[i])), ZONE_NORMAL);
	for (int i = 4; i < 8; i++)
		EXPECT_EQ(pfn_zone(page_to_pfn(p[i])), ZONE_DMA32);
	EXPECT_TRUE(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0) == NULL);
	for (int i = 0; i < 8; i++)
		__free_pages(p[i], MAX_ORDER - 1);
	/* GFP_DMA32 never takes Normal memory, GFP_DMA finds nothing here. */
	for (int i = 0; i < 4; i++) {
		p[i] = alloc_pages(GFP_DMA32, MAX_ORDER - 1);
		ASSERT_TRUE(p[i] != NULL);
		EXPECT_EQ(pfn_zone(page_to_pfn(p[i])), ZONE_DMA32);
	}
	EXPECT_TRUE(alloc_pages(GFP_DMA32 | __GFP_NOWARN, 0) == NULL);
	shim_log_clear();
	EXPECT_TRUE(alloc_pages(GFP_DMA, 0) == NULL);
	EXPECT_TRUE(shim_log_contains("page allocation failure: order:0"));
	for (int i = 0; i < 4; i++)
		__free_pages(p[i], MAX_ORDER - 1);
	EXPECT_EQ(nr_free_pages(), RAM_PAGES);
	EXPECT_TRUE(sim_buddy_ok());
}

static void misuse_is_reported_and_refused(void)
{
	struct page *p;
	u64 reports;

	machine_reset();
	p = alloc_pages(GFP_KERNEL, 3);
	ASSERT_TRUE(p != NULL);
	reports = page_alloc_reports;
	__free_pages(p, 2);
	EXPECT_TRUE(shim_log_contains("free with the wrong order"));
	__free_pages(p + 1, 0);
	EXPECT_TRUE(shim_log_contains("inside an allocated block"));
	__free_pages(p, 3);
	shim_log_clear();
	__free_pages(p, 3);
	EXPECT_TRUE(shim_log_contains("state: free"));
	__free_pages(pfn_to_page(5), 0);
	EXPECT_TRUE(shim_log_contains("state: reserved"));
	EXPECT_EQ(page_alloc_reports, reports + 4);
	EXPECT_EQ(nr_free_pages(), RAM_PAGES);
	EXPECT_TRUE(sim_buddy_ok());
}

static void exact_allocation_returns_tail(void)
{
	void *v;

	machine_reset();
	v = alloc_pages_exact(5 * PAGE_SIZE + 1, GFP_KERNEL);
	ASSERT_TRUE(v != NULL);
	EXPECT_EQ(nr_free_pages(), RAM_PAGES - 6);
	memset(v, 1, 6 * PAGE_SIZE);
	free_pages_exact(v, 5 * PAGE_SIZE + 1);
	EXPECT_EQ(nr_free_pages(), RAM_PAGES);
	EXPECT_TRUE(sim_buddy_ok());
}

#define SLOTS 512

static void random_sequence_keeps_invariants(void)
{
	static struct {
		struct page *page;
		unsigned int order;
	} slot[SLOTS];
	static u8 owner[RAM_PAGES]; /* model: 1 + slot index owning each page, 0 = free */
	unsigned int seed = getenv("HTEST_SEED") ? (unsigned int)atoi(getenv("HTEST_SEED"))
						 : (unsigned int)time(NULL);
	u64 allocated = 0;
	int steps = 6000;

	htest_diag("random_sequence_keeps_invariants: seed %u", seed);
	srand(seed);
	machine_reset();
	memset(slot, 0, sizeof(slot));
	memset(owner, 0, sizeof(owner));
	for (int step = 0; step < steps; step++) {
		int i = rand() % SLOTS;

		if (slot[i].page) {
			pfn_t first = page_to_pfn(slot[i].page) - RAM_START_PFN;

			for (pfn_t k = 0; k < (1UL << slot[i].order); k++) {
				ASSERT_EQ(owner[first + k], (u8)(i % 255 + 1));
				owner[first + k] = 0;
			}
			__free_pages(slot[i].page, slot[i].order);
			allocated -= 1UL << slot[i].order;
			slot[i].page = NULL;
		} else {
			unsigned int order =
				(unsigned int)(rand() % 6 == 0 ? rand() % NR_ORDERS : rand() % 4);
			struct page *p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);

			if (p) {
				pfn_t first = page_to_pfn(p) - RAM_START_PFN;

				ASSERT_EQ(first & ((1UL << order) - 1), 0);
				for (pfn_t k = 0; k < (1UL << order); k++) {
					ASSERT_EQ(owner[first + k], 0); /* never handed out twice */
					owner[first + k] = (u8)(i % 255 + 1);
				}
				allocated += 1UL << order;
				slot[i].page = p;
				slot[i].order = order;
			}
		}
		ASSERT_EQ(nr_free_pages() + allocated, RAM_PAGES);
		ASSERT_TRUE(sim_buddy_ok());
	}
	for (int i = 0; i < SLOTS; i++)
		if (slot[i].page)
			__free_pages(slot[i].page, slot[i].order);
	EXPECT_EQ(nr_free_pages(), RAM_PAGES);
	/* Everything merged back: the same four order-10 blocks. */
	EXPECT_EQ(zones[ZONE_DMA32].free_area[MAX_ORDER].nr_free, 2);
	EXPECT_EQ(zones[ZONE_NORMAL].free_area[MAX_ORDER].nr_free, 2);
	EXPECT_TRUE(sim_buddy_ok());
}

static const struct htest_case cases[] = {
	HTEST_CASE(release_gives_large_blocks),	      HTEST_CASE(zones_fall_back_and_restrict),
	HTEST_CASE(misuse_is_reported_and_refused),   HTEST_CASE(exact_allocation_returns_tail),
	HTEST_CASE(random_sequence_keeps_invariants),
};

HTEST_MAIN("buddy", cases)
