// SPDX-License-Identifier: MIT
/*
 * Tests of the per-CPU page lists and the zone watermarks (mm/page_pcp.c,
 * mm/watermark.c): batch, high and the watermarks as Linux 6.1 computes
 * them; the refill and drain arithmetic; pages freed on CPU 1 stay on CPU
 * 1's list until CPU 0, out of memory, drains every CPU by IPI and gets
 * them; GFP_KERNEL stops at min while GFP_ATOMIC goes on to 3/8 of it; a
 * double free of a page on a per-CPU list is reported and refused.
 *
 * The cross-CPU case skips with one CPU online; make test runs this suite
 * in its -smp 2 and -smp 4 boots too.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "tests/exhaustion.h"
#include "tests/test_buddy.h"
#include "kernel/cpumask.h"
#include "kernel/smp.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/page_debug.h"
#include "mm/page_info.h"

/* The zone a GFP_KERNEL allocation tries first: the highest with pages. */
static struct zone *first_zone(void)
{
	for (int z = ZONE_NORMAL; z > ZONE_DMA; z--)
		if (zones[z].managed_pages)
			return &zones[z];
	return &zones[ZONE_DMA];
}

static int this_cpu_count(const struct zone *zone)
{
	return zone_pcp_of(zone, (unsigned int)smp_processor_id())->count;
}

/*
 * Linux 6.1's formulas, written again here from their description: batch is
 * min(managed / 1024, 256) / 4, at least 1, times 1.5 rounded down to a
 * power of two, minus 1, at least 1; high is the low watermark split over
 * the online CPUs, at least 4 batches; min_free_kbytes is the integer
 * square root of 16 x MemTotal in kB, within 128..262144; each zone's min
 * its share of it by managed pages, low and high a step above.
 */
static void batch_high_and_watermarks_follow_linux(struct ktest *t)
{
	u64 kb = totalram_pages * 4, root = 0, min_kb;

	while ((root + 1) * (root + 1) <= kb * 16)
		root++;
	min_kb = root < 128 ? 128 : root > 262144 ? 262144 : root;
	min_kb = MIN(min_kb, kb / 8); /* strata's cap for guests under 1 MiB (mm/watermark.c) */
	KTEST_EXPECT_EQ(t, (u64)min_free_kbytes, min_kb);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &zones[z];
		u64 min = (min_kb / 4) * zone->managed_pages / totalram_pages;
		u64 step = MAX(min / 4, zone->managed_pages * 10 / 10000);
		int batch = (int)MIN(zone->managed_pages / 1024, 256) / 4, pow = 1, high;

		if (!zone->managed_pages)
			continue;
		batch = MAX(batch, 1);
		while (pow * 2 <= batch + batch / 2)
			pow *= 2;
		batch = MAX(pow - 1, 1);
		high = MAX((int)((min + step) / num_online_cpus()), 4 * batch);
		KTEST_EXPECT_EQ(t, zone->watermark[WMARK_MIN], min);
		KTEST_EXPECT_EQ(t, zone->watermark[WMARK_LOW], min + step);
		KTEST_EXPECT_EQ(t, zone->watermark[WMARK_HIGH], min + 2 * step);
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
			KTEST_EXPECT_EQ(t, zone_pcp_of(zone, cpu)->batch, batch);
			KTEST_EXPECT_EQ(t, zone_pcp_of(zone, cpu)->high, high);
		}
	}
}

#define MAX_HELD 4096

/* Page pointers a case holds, freed when it ends. */
struct held_pages {
	unsigned int n;
	struct page *page[MAX_HELD];
};

static void free_held(void *arg)
{
	struct held_pages *h = arg;

	while (h->n)
		__free_page(h->page[--h->n]);
}

/*
 * An empty list refills `batch` pages from the zone under one lock and
 * hands out the first; frees fill it up to `high`, where the coldest
 * `batch` go back, then twice that at the next drain without an
 * allocation between (6.1's free_factor), never leaving fewer than a batch.
 */
static void refill_and_drain_move_batches(struct ktest *t)
{
	struct held_pages *h;
	struct zone *zone = first_zone();
	int batch = zone->pageset_batch, high = zone->pageset_high, second;
	u64 free;

	if (high + batch > MAX_HELD)
		ktest_skip(t, "the per-CPU high mark is above what the case can hold");
	h = ktest_vmalloc(t,
			  sizeof(*h)); /* 32 KiB: not in .bss, where small boots need the pages */
	KTEST_ASSERT_NOT_NULL(t, h);
	h->n = 0;
	ktest_defer(t, free_held, h); /* runs before the vfree: actions run newest first */
	drain_local_pages(NULL);
	free = zone->free_pages;
	if (free < zone->watermark[WMARK_MIN] + 2 * (u64)(high + batch))
		ktest_skip(t, "too little free memory in the zone for the batches");
	h->page[0] = alloc_page(GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, h->page[0]);
	h->n = 1;
	KTEST_EXPECT_EQ(t, zone->free_pages, free - (u64)batch);
	KTEST_EXPECT_EQ(t, this_cpu_count(zone), batch - 1);
	while (h->n < (unsigned int)(high + batch) && (h->page[h->n] = alloc_page(GFP_KERNEL)))
		h->n++;
	KTEST_ASSERT_EQ(t, h->n, (unsigned int)(high + batch));
	drain_local_pages(NULL);
	/* Free until the list reaches high: then one batch goes back. */
	while (this_cpu_count(zone) < high - 1)
		__free_page(h->page[--h->n]);
	free = zone->free_pages;
	__free_page(h->page[--h->n]);
	KTEST_EXPECT_EQ(t, this_cpu_count(zone), high - batch);
	KTEST_EXPECT_EQ(t, zone->free_pages, free + (u64)batch);
	/* The next drain, with no allocation between, moves two batches (at most high - batch). */
	second = MIN(2 * batch, high - batch);
	while (this_cpu_count(zone) < high - 1)
		__free_page(h->page[--h->n]);
	free = zone->free_pages;
	__free_page(h->page[--h->n]);
	KTEST_EXPECT_EQ(t, this_cpu_count(zone), high - second);
	KTEST_EXPECT_EQ(t, zone->free_pages, free + (u64)second);
}

/* What CPU 1 did, for the case below. */
struct remote_frees {
	struct page *page[8];
	unsigned int n;
	int cpu;
};

/* On CPU 1, in its IPI handler: allocate pages with GFP_ATOMIC and free them there. */
static void alloc_and_free_here(void *arg)
{
	struct remote_frees *r = arg;

	r->cpu = smp_processor_id();
	for (r->n = 0; r->n < ARRAY_SIZE(r->page); r->n++) {
		r->page[r->n] = alloc_page(GFP_ATOMIC | __GFP_NOWARN);
		if (!r->page[r->n])
			break;
	}
	for (unsigned int i = 0; i < r->n; i++)
		__free_page(r->page[i]);
}

/*
 * Pages CPU 1 freed stay on CPU 1's list, marked with its number; a free of
 * one from CPU 0 is reported as a double free naming CPU 1; when CPU 0 runs
 * out of memory, the drain by IPI gives them to it, and after the case
 * every count is back.
 */
static void remote_frees_are_found_by_the_drain(struct ktest *t)
{
	static struct remote_frees r;
	struct zone *zone = first_zone();
	struct held *list = NULL;
	u64 start, reports = page_alloc_reports, mark;
	struct page *p;

	if (num_online_cpus() < 2 || !cpu_online(1))
		ktest_skip(t, "needs CPU 1 online (make test boots -smp 2 and -smp 4)");
	ktest_set_min_free_kbytes(t, 0); /* no reserve: every page can be taken */
	drain_all_pages(NULL);
	start = nr_free_pages();
	KTEST_ASSERT_EQ(t, smp_call_function_single(1, alloc_and_free_here, &r, 1), 0);
	KTEST_EXPECT_EQ(t, r.cpu, 1);
	KTEST_ASSERT_EQ(t, r.n, ARRAY_SIZE(r.page));
	p = r.page[0];
	KTEST_EXPECT_EQ(t, p->flags, PG_pcp | 1U << PG_PCP_CPU_SHIFT);
	KTEST_EXPECT_GE(t, zone_pcp_of(page_zone(p), 1)->count, (int)ARRAY_SIZE(r.page));
	mark = ktest_log_mark();
	__free_page(p); /* from CPU 0: it is free already, on CPU 1's list */
	KTEST_EXPECT_EQ(t, page_alloc_reports, reports + 1);
	KTEST_EXPECT_LOG(t, mark, "state: free, on CPU 1's per-CPU list (pcp), last freed by ");
	KTEST_EXPECT_EQ(t, p->flags, PG_pcp | 1U << PG_PCP_CPU_SHIFT);
	exhaustion_take(&list, GFP_KERNEL, MAX_ORDER, 0);
	/* CPU 0 ran dry, drained CPU 1 by IPI and took its pages too. */
	KTEST_EXPECT_EQ(t, zone_pcp_of(zone, 1)->count, 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), 0);
	KTEST_EXPECT_EQ(t, p->flags, PG_head);
	exhaustion_give_back(list);
	drain_all_pages(NULL);
	KTEST_EXPECT_EQ(t, nr_free_pages(), start);
	buddy_expect_invariants(t);
}

/*
 * Take the zones down with GFP_KERNEL: each stops at its min watermark
 * (a refill may overshoot by less than a batch, but the drain before the
 * failure gives that back). GFP_NOWAIT has no reserve either; GFP_ATOMIC
 * may go on to 3/8 of min (6.1: half for __GFP_HIGH, a quarter of the rest
 * for not blocking). Everything comes back at the end.
 */
static void gfp_atomic_goes_below_min(struct ktest *t)
{
	struct held *list = NULL, *atomic = NULL;
	u64 start, taken;

	drain_all_pages(NULL);
	start = nr_free_pages();
	exhaustion_take(&list, GFP_KERNEL, MAX_ORDER, 0);
	KTEST_EXPECT_NULL(t, alloc_page(GFP_KERNEL | __GFP_NOWARN));
	KTEST_EXPECT_NULL(t, alloc_page(GFP_NOWAIT | __GFP_NOWARN));
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		if (!zones[z].managed_pages)
			continue;
		KTEST_EXPECT_LE(t, zones[z].free_pages, zones[z].watermark[WMARK_MIN]);
		KTEST_EXPECT_EQ(t, this_cpu_count(&zones[z]), 0);
	}
	taken = exhaustion_take(&atomic, GFP_ATOMIC, 0, 0);
	KTEST_EXPECT_GT(t, taken, 0);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		u64 min = zones[z].watermark[WMARK_MIN], atomic_min = min - min / 2;

		if (!zones[z].managed_pages)
			continue;
		atomic_min -= atomic_min / 4;
		/* GFP_ATOMIC does not drain: this CPU's list may keep part of a batch. */
		KTEST_EXPECT_LE(t, zones[z].free_pages, atomic_min);
		KTEST_EXPECT_GT(t, zones[z].free_pages + (u64)zones[z].pageset_batch, atomic_min);
	}
	exhaustion_give_back(atomic);
	exhaustion_give_back(list);
	drain_all_pages(NULL);
	KTEST_EXPECT_EQ(t, nr_free_pages(), start);
}

/* A double free of a page on this CPU's list: reported, refused, the list unchanged. */
static void double_free_on_a_pcp_list_is_refused(struct ktest *t)
{
	struct page *p;
	u64 reports = page_alloc_reports, free, mark;
	struct zone *zone;
	int count;

	drain_local_pages(NULL);
	p = alloc_page(GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	zone = page_zone(p);
	__free_page(p); /* the list holds a batch now, below high */
	KTEST_ASSERT_TRUE(t, p->flags & PG_pcp);
	count = this_cpu_count(zone);
	free = nr_free_pages();
	mark = ktest_log_mark();
	__free_page(p);
	KTEST_EXPECT_EQ(t, page_alloc_reports, reports + 1);
	KTEST_EXPECT_LOG(t, mark, "BUG: page allocator: free of a page that is not an allocated");
	KTEST_EXPECT_LOG(t, mark, "per-CPU list (pcp), last freed by double_free_on_a_pcp_list");
	KTEST_EXPECT_EQ(t, this_cpu_count(zone), count);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free);
	buddy_expect_invariants(t);
}

static const struct ktest_case pcp_cases[] = {
	KTEST_CASE(batch_high_and_watermarks_follow_linux),
	KTEST_CASE(refill_and_drain_move_batches),
	KTEST_CASE(remote_frees_are_found_by_the_drain),
	KTEST_CASE(gfp_atomic_goes_below_min),
	KTEST_CASE(double_free_on_a_pcp_list_is_refused),
};

KTEST_SUITE(pcp_suite, "pcp", pcp_cases);
