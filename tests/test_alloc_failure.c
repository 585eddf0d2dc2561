// SPDX-License-Identifier: MIT
/*
 * What the allocators do when memory runs short, checked against Linux
 * 6.1: gfp masks with its bit values, printed as its %pGg does; the page
 * allocator's failure report in warn_alloc()'s shape, rate-limited, and
 * silent under __GFP_NOWARN (mm/page_debug.c); and kvmalloc()'s choice
 * (mm/kvmalloc.c): kmalloc first for every size, vmalloc only when kmalloc
 * fails, above PAGE_SIZE, for flags that may block. Memory is taken with
 * the exhaustion suite's helpers (tests/exhaustion.h) and always given back.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "tests/exhaustion.h"
#include "lib/string.h"
#include "mm/mmzone.h"
#include "mm/page_debug.h"
#include "mm/slab.h"
#include "mm/vmalloc_internal.h"

static void expect_vmalloc_consistent(struct ktest *t)
{
	char why[160];

	if (!vmalloc_check(why, sizeof(why)))
		ktest_fail(t, false, __FILE__, __LINE__, "vmap_space_check: %s", why);
}

/* gfp masks print as Linux 6.1's %pGg: its names and bit values. */
static void gfp_masks_print_as_linux(struct ktest *t)
{
	static const struct {
		gfp_t gfp;
		unsigned int value;
		const char *text;
	} cases[] = {
		{GFP_KERNEL, 0xcc0, "GFP_KERNEL"},
		{GFP_ATOMIC, 0xa20, "GFP_ATOMIC"},
		{GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY, 0x12cc0,
		 "GFP_KERNEL|__GFP_NOWARN|__GFP_NORETRY"},
		{GFP_KERNEL & ~__GFP_FS, 0xc40, "GFP_NOFS"},
		{GFP_DMA32 | __GFP_ZERO, 0x104, "GFP_DMA32|__GFP_ZERO"},
		{GFP_NOWAIT | GFP_DMA, 0x801, "GFP_NOWAIT|GFP_DMA"},
		{__GFP_HIGH | 0x40000, 0x40020, "__GFP_HIGH|0x40000"},
		{0, 0, ""},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char buf[96];

		KTEST_EXPECT_EQ(t, cases[i].gfp, cases[i].value);
		KTEST_EXPECT_EQ(t, gfp_flags_string(cases[i].gfp, buf, sizeof(buf)),
				strlen(cases[i].text));
		KTEST_EXPECT_STREQ(t, buf, cases[i].text);
	}
}

/*
 * The blocks a case took to run memory short, given back when the case
 * ends however it ends (ktest_defer), and the rate limit reset with them.
 */
static struct held *taken;

static void give_back_taken(void *arg)
{
	(void)arg;
	exhaustion_give_back(taken);
	taken = NULL;
	warn_alloc_ratelimit_reset();
}

static void take_until_null(struct ktest *t, gfp_t gfp, unsigned int hi, unsigned int lo)
{
	if (!taken) {
		ktest_defer(t, give_back_taken, &taken);
		ktest_set_min_free_kbytes(t, 0); /* no reserve: every page can be taken */
	}
	exhaustion_take(&taken, gfp, hi, lo);
}

/*
 * With ZONE_DMA empty, a GFP_DMA failure prints Linux's warn_alloc line,
 * the caller, a backtrace and the Mem-Info of ZONE_DMA; a second failure
 * at once only the line (rate limit); __GFP_NOWARN nothing at all.
 */
static void allocation_failure_is_reported_as_linux(struct ktest *t)
{
	u64 mark;

	if (!zones[ZONE_DMA].managed_pages)
		ktest_skip(t, "no ZONE_DMA");
	take_until_null(t, GFP_DMA, MAX_ORDER, 0);
	KTEST_ASSERT_EQ(t, zones[ZONE_DMA].free_pages, 0);
	warn_alloc_ratelimit_reset();
	mark = ktest_log_mark();
	KTEST_EXPECT_NULL(t, ktest_alloc_pages(t, GFP_DMA, 0));
	KTEST_EXPECT_LOG(t, mark,
			 "swapper/0: page allocation failure: order:0, mode:0x1(GFP_DMA), "
			 "nodemask=(null)\n");
	KTEST_EXPECT_LOG(t, mark, " caller: ktest_alloc_pages+");
	KTEST_EXPECT_LOG(t, mark, "Call Trace:");
	KTEST_EXPECT_LOG(t, mark, "Mem-Info:");
	KTEST_EXPECT_LOG(t, mark, "Node 0 DMA free:0kB min:0kB low:");
	KTEST_EXPECT_LOG(t, mark, " free_pcp:0kB\n");
	KTEST_EXPECT_LOG(t, mark, "Node 0 DMA: 0*4kB 0*8kB 0*16kB");
	KTEST_EXPECT_LOG(t, mark, " 0*4096kB = 0kB\n");
	KTEST_EXPECT_LOG(t, mark, " pages reserved\n");
	KTEST_EXPECT_FALSE(t, ktest_log_contains(mark, "DMA32"));
	mark = ktest_log_mark();
	KTEST_EXPECT_NULL(t, ktest_alloc_pages(t, GFP_DMA | __GFP_ZERO, 2));
	KTEST_EXPECT_LOG(t, mark,
			 ": page allocation failure: order:2, "
			 "mode:0x101(GFP_DMA|__GFP_ZERO), nodemask=(null)\n");
	KTEST_EXPECT_FALSE(t, ktest_log_contains(mark, "Mem-Info:"));
	mark = ktest_log_mark();
	KTEST_EXPECT_NULL(t, ktest_alloc_pages(t, GFP_DMA | __GFP_NOWARN, 0));
	KTEST_EXPECT_EQ(t, ktest_log_mark(), mark);
	ktest_run_deferred(t);
	exhaustion_expect_invariants(t);
}

/*
 * kvmalloc as Linux 6.1: kmalloc for every size it can serve (64 KiB is an
 * order-4 kmalloc, not a vmalloc), vmalloc when kmalloc cannot (above
 * KMALLOC_MAX_SIZE), quietly; never vmalloc for flags that may not block.
 */
static void kvmalloc_tries_kmalloc_first(struct ktest *t)
{
	const size_t huge = KMALLOC_MAX_SIZE + 1;
	u8 *small = ktest_kvmalloc(t, 100, GFP_KERNEL);
	u8 *mid = ktest_kvmalloc(t, 64 * KiB, GFP_KERNEL), *big;
	u64 mark;

	KTEST_ASSERT_NOT_NULL(t, small);
	KTEST_ASSERT_NOT_NULL(t, mid);
	KTEST_EXPECT_FALSE(t, is_vmalloc_addr(small));
	KTEST_EXPECT_FALSE(t, is_vmalloc_addr(mid));
	mark = ktest_log_mark();
	big = ktest_kvmalloc(t, huge, GFP_KERNEL | __GFP_ZERO);
	KTEST_EXPECT_EQ(t, ktest_log_mark(), mark); /* kmalloc's refusal was quiet */
	KTEST_ASSERT_NOT_NULL(t, big);
	KTEST_EXPECT_TRUE(t, is_vmalloc_addr(big));
	KTEST_EXPECT_EQ(t, big[huge - 1], 0);
	KTEST_EXPECT_NULL(t, ktest_kvmalloc(t, huge, GFP_ATOMIC));
	kvfree(NULL);
}

/*
 * Leave free only single pages whose buddies are held, so no block of
 * order 1 or more is free: take all of RAM, give back one block of order
 * 5 or more, take it again page by page, and free its even pages. False
 * if there was no such block.
 */
static bool fragment_free_memory(struct ktest *t)
{
	struct held **pp = &taken, *h, *singles = NULL;

	take_until_null(t, GFP_KERNEL, MAX_ORDER, 0);
	while (*pp && (*pp)->order < 5)
		pp = &(*pp)->next;
	if (!*pp)
		return false;
	h = *pp;
	*pp = h->next;
	free_pages((unsigned long)h, h->order);
	exhaustion_take(&singles, GFP_KERNEL, 0, 0);
	while (singles) {
		h = singles;
		singles = h->next;
		if (virt_to_phys(h) >> PAGE_SHIFT & 1) {
			h->next = taken;
			taken = h;
		} else {
			free_page((unsigned long)h);
		}
	}
	return true;
}

/*
 * With free memory only in single pages, kmalloc of 3 pages (an order-2
 * block) fails: kvmalloc falls back to vmalloc for GFP_KERNEL, returns
 * NULL for GFP_ATOMIC, and never falls back for PAGE_SIZE or less.
 */
static void kvmalloc_falls_back_when_kmalloc_fails(struct ktest *t)
{
	u8 *p;

	kmem_cache_shrink_all(); /* no empty slab for kmalloc to use */
	if (!fragment_free_memory(t))
		ktest_skip(t, "no free block of order 5 or more");
	KTEST_EXPECT_NULL(t, ktest_kmalloc(t, 3 * PAGE_SIZE, GFP_KERNEL | __GFP_NOWARN));
	KTEST_EXPECT_NULL(t, ktest_kvmalloc(t, 3 * PAGE_SIZE, GFP_ATOMIC));
	KTEST_EXPECT_NULL(t, ktest_kvmalloc(t, PAGE_SIZE, GFP_KERNEL | __GFP_NOWARN));
	p = ktest_kvmalloc(t, 3 * PAGE_SIZE, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_TRUE(t, is_vmalloc_addr(p));
	memset(p, 0x6e, 3 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, p[3 * PAGE_SIZE - 1], 0x6e);
	ktest_run_deferred(t);
	kmem_cache_shrink_all();
	expect_vmalloc_consistent(t);
}

static const struct ktest_case alloc_failure_cases[] = {
	KTEST_CASE(gfp_masks_print_as_linux),
	KTEST_CASE(allocation_failure_is_reported_as_linux),
	KTEST_CASE(kvmalloc_tries_kmalloc_first),
	KTEST_CASE(kvmalloc_falls_back_when_kmalloc_fails),
};

KTEST_SUITE(alloc_failure_suite, "alloc_failure", alloc_failure_cases);
