// SPDX-License-Identifier: MIT
/*
 * Negative and stress tests of the vmalloc layer: a touch after vfree and a
 * touch of a guard page fault and are described (mm/vmalloc_fault.c); bad
 * vfree/vunmap calls are refused; vmalloc with the buddy allocator
 * exhausted fails and leaves nothing behind; 10,000 live areas with random
 * frees and allocations keep the range allocator's invariants.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/slab.h"
#include "mm/vmalloc_internal.h"

static void expect_consistent(struct ktest *t)
{
	char why[160];

	if (!vmalloc_check(why, sizeof(why))) {
		ktest_fail(t, false, __FILE__, __LINE__, "vmap_space_check: %s", why);
		vmalloc_dump();
	}
}

static void write_byte(void *p)
{
	*(volatile u8 *)p = 0x42;
}

static void touch_after_vfree_faults_and_says_so(struct ktest *t)
{
	u8 *p = vmalloc(2 * PAGE_SIZE);
	struct fault_info info;

	KTEST_ASSERT_NOT_NULL(t, p);
	p[PAGE_SIZE] = 1;
	vfree(p);
	/* Until the purge this CPU's TLB may still map p: the page is held, not free. */
	vm_unmap_aliases();
	if (KTEST_EXPECT_FAULT(t, write_byte, p + PAGE_SIZE + 8, X86_TRAP_PF, &info)) {
		KTEST_EXPECT_EQ(t, info.addr, (u64)p + PAGE_SIZE + 8);
		KTEST_EXPECT_CONTAINS(t, info.what, "use after vfree");
		KTEST_EXPECT_CONTAINS(t, info.what, "from touch_after_vfree_faults_and_says_so+");
		KTEST_EXPECT_CONTAINS(t, info.what,
				      "freed by touch_after_vfree_faults_and_says_so+");
	}
}

static void guard_page_touch_names_the_area(struct ktest *t)
{
	u8 *p = vmalloc(3 * PAGE_SIZE);
	struct fault_info info;
	char start[40];

	KTEST_ASSERT_NOT_NULL(t, p);
	if (KTEST_EXPECT_FAULT(t, write_byte, p + 3 * PAGE_SIZE, X86_TRAP_PF, &info)) {
		snprintf(start, sizeof(start), "area %llx (12288 bytes)", (unsigned long long)p);
		KTEST_EXPECT_CONTAINS(t, info.what, "vmalloc out of bounds");
		KTEST_EXPECT_CONTAINS(t, info.what, start);
		KTEST_EXPECT_CONTAINS(t, info.what, "from guard_page_touch_names_the_area+");
	}
	/* The area is untouched by the fault. */
	p[3 * PAGE_SIZE - 1] = 7;
	KTEST_EXPECT_EQ(t, p[3 * PAGE_SIZE - 1], 7);
	vfree(p);
}

static void write_to_readonly_vmap_faults(struct ktest *t)
{
	struct page *page = ktest_alloc_pages(t, GFP_KERNEL | __GFP_ZERO, 0);
	struct fault_info info;
	u8 *v;

	KTEST_ASSERT_NOT_NULL(t, page);
	v = ktest_vmap(t, &page, 1, PAGE_KERNEL_RO);
	KTEST_ASSERT_NOT_NULL(t, v);
	KTEST_EXPECT_EQ(t, v[10], 0);
	if (KTEST_EXPECT_FAULT(t, write_byte, v + 10, X86_TRAP_PF, &info)) {
		KTEST_EXPECT_TRUE(t, info.error_code & X86_PF_PROT);
		KTEST_EXPECT_CONTAINS(t, info.what, "vmap area");
	}
}

static void bad_vfree_and_vunmap_are_refused(struct ktest *t)
{
	unsigned long reports = vmalloc_reports, areas = vmalloc_nr_areas();
	/* Called here, not through ktest_vmalloc(): the reports name their caller. */
	static void *area[2];
	static struct ktest_areas vmalloced = {&area[0], 1, false}, vmapped = {&area[1], 1, true};
	struct page *page = ktest_alloc_pages(t, GFP_KERNEL, 0);
	u8 *k = ktest_kmalloc(t, 64, GFP_KERNEL), *p, *v;
	u64 mark = ktest_log_mark();

	KTEST_ASSERT_NOT_NULL(t, page);
	KTEST_ASSERT_NOT_NULL(t, k);
	ktest_hold_areas(t, &vmalloced);
	ktest_hold_areas(t, &vmapped);
	p = area[0] = vmalloc(2 * PAGE_SIZE);
	v = area[1] = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_ASSERT_NOT_NULL(t, v);
	p[0] = 0x11;

	vfree(p + PAGE_SIZE);
	KTEST_EXPECT_LOG(t, mark, "not the start of an area: offset 0x1000 in vmalloc area");
	vfree(p + 1);
	vfree(k);
	KTEST_EXPECT_LOG(t, mark, "not a vmalloc address");
	vfree((void *)(VMALLOC_END - 16 * PAGE_SIZE + 1));
	KTEST_EXPECT_LOG(t, mark, "no area starts there");
	vunmap(p);
	KTEST_EXPECT_LOG(t, mark, "a vmalloc area (from bad_vfree_and_vunmap_are_refused+");
	KTEST_EXPECT_LOG(t, mark, "free it with vfree");
	vfree(v);
	KTEST_EXPECT_LOG(t, mark, "free it with vunmap");
	KTEST_EXPECT_LOG(t, mark, "caller: bad_vfree_and_vunmap_are_refused+");
	KTEST_EXPECT_EQ(t, vmalloc_reports, reports + 6);
	/* Nothing changed: both areas live, the data there. */
	KTEST_EXPECT_EQ(t, vmalloc_nr_areas(), areas + 2);
	KTEST_EXPECT_EQ(t, p[0], 0x11);
	expect_consistent(t);

	ktest_release(t, &vmapped);
	ktest_release(t, &vmalloced);
	mark = ktest_log_mark();
	vfree(p);
	KTEST_EXPECT_LOG(t, mark, "double free: the vmalloc area");
	vunmap(v);
	KTEST_EXPECT_LOG(t, mark, "double free: the vmap area");
	KTEST_EXPECT_EQ(t, vmalloc_reports, reports + 8);
	KTEST_EXPECT_EQ(t, vmalloc_nr_areas(), areas);
	ktest_run_deferred(t); /* k, then the page */
	expect_consistent(t);
}

/* Chain one allocated block of the given order (see exhaust_buddy). */
static u64 *chain_block(u64 *chain, struct page *page, unsigned int order)
{
	u64 *mem = page_address(page);

	mem[0] = (u64)chain;
	mem[1] = order;
	return mem;
}

/*
 * Take every free page, biggest blocks first, chained through their first
 * words (no other memory is left to keep a list in): [0] next, [1] order.
 * O(free memory / 4 MiB + MAX_ORDER) allocations.
 */
static u64 *exhaust_buddy(void)
{
	u64 *chain = NULL;

	for (int order = MAX_ORDER; order >= 0; order--) {
		struct page *page;

		while ((page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, (unsigned int)order)))
			chain = chain_block(chain, page, (unsigned int)order);
	}
	return chain;
}

/*
 * Free pages, every CPU's per-CPU pages given back to the buddy first
 * (nr_free_pages() leaves them out, as Linux's NR_FREE_PAGES does).
 */
static u64 free_pages_drained(void)
{
	drain_all_pages(NULL);
	return nr_free_pages();
}

/*
 * Leave exactly n pages free: give blocks of the chain back until at least
 * n are free, then take order-0 pages (chained too) until n are left.
 */
static u64 *leave_free(u64 *chain, u64 n)
{
	struct page *page;

	while (free_pages_drained() < n && chain) {
		u64 *mem = chain;

		chain = (u64 *)mem[0];
		free_pages((unsigned long)mem, (unsigned int)mem[1]);
	}
	while (free_pages_drained() > n && (page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0)))
		chain = chain_block(chain, page, 0);
	return chain;
}

static void release_all(u64 *chain)
{
	while (chain) {
		u64 *next = (u64 *)chain[0];

		free_pages((unsigned long)chain, (unsigned int)chain[1]);
		chain = next;
	}
}

/*
 * With the buddy allocator empty but for a few pages, vmalloc fails part
 * way (out of pages, or out of page tables) and leaves nothing behind: the
 * same free pages, page tables, areas and slab objects as before.
 */
static void exhaustion_fails_cleanly(struct ktest *t)
{
	/*
	 * warm and big fill the region's first 2 MiB exactly (guard pages
	 * included), so once warm is freed the next area of more than one
	 * page lands in the next 2 MiB, which has no pte table yet.
	 */
	void *warm, *big;
	u64 free_before, pt_before, slab_before, areas_before, mark;
	u64 *chain;

	vm_unmap_aliases(); /* lazily freed areas hold ranges and pages */
	if (vmalloc_nr_areas())
		ktest_skip(t, "needs the vmalloc region empty: something holds an area in it");
	ktest_set_min_free_kbytes(t, 0); /* no reserve: vmalloc may use every page */
	warm = ktest_vmalloc(t, PAGE_SIZE);
	big = ktest_vmalloc(t, PMD_SIZE - 3 * PAGE_SIZE);
	KTEST_ASSERT_NOT_NULL(t, warm);
	KTEST_ASSERT_NOT_NULL(t, big);
	/* Leave free objects in the node caches, so only pages and tables can run out. */
	ktest_release(t, warm);
	vm_unmap_aliases(); /* warm's range and page free now, not at a failure's purge */
	chain = exhaust_buddy();
	KTEST_EXPECT_EQ(t, free_pages_drained(), 0);
	mark = ktest_log_mark();

	/* No page at all: the pte table cannot be had. */
	KTEST_EXPECT_NULL(t, vmalloc(4 * PAGE_SIZE));
	KTEST_EXPECT_LOG(t, mark, "out of memory for page tables");

	/* One page: the table gets it, the data page cannot; the table goes back. */
	chain = leave_free(chain, 1);
	free_before = free_pages_drained();
	KTEST_EXPECT_EQ(t, free_before, 1);
	pt_before = pt_table_pages;
	slab_before = slab_objects();
	areas_before = vmalloc_nr_areas();
	KTEST_EXPECT_NULL(t, vmalloc(4 * PAGE_SIZE));
	KTEST_EXPECT_LOG(t, mark, "vmalloc: allocation failure: 16384 bytes, out of pages");
	KTEST_EXPECT_EQ(t, free_pages_drained(), free_before);
	KTEST_EXPECT_EQ(t, pt_table_pages, pt_before);

	/* Six pages: table and four data pages, all given back when the fifth fails. */
	chain = leave_free(chain, 6);
	free_before = free_pages_drained();
	KTEST_EXPECT_EQ(t, free_before, 6);
	KTEST_EXPECT_NULL(t, vmalloc(8 * PAGE_SIZE));
	KTEST_EXPECT_EQ(t, free_pages_drained(), free_before);
	KTEST_EXPECT_EQ(t, pt_table_pages, pt_before);
	KTEST_EXPECT_EQ(t, slab_objects(), slab_before);
	KTEST_EXPECT_EQ(t, vmalloc_nr_areas(), areas_before);
	/* __GFP_NOWARN: no line. */
	mark = ktest_log_mark();
	KTEST_EXPECT_NULL(t, __vmalloc(8 * PAGE_SIZE, GFP_KERNEL | __GFP_NOWARN));
	KTEST_EXPECT_FALSE(t, ktest_log_contains(mark, "allocation failure"));
	/* And with what is left, a smaller one still works. */
	warm = vmalloc(2 * PAGE_SIZE);
	KTEST_EXPECT_NOT_NULL(t, warm);
	vfree(warm);
	vm_unmap_aliases();
	KTEST_EXPECT_EQ(t, free_pages_drained(), free_before);

	release_all(chain);
	ktest_release(t, big);
	expect_consistent(t);
}

#define STRESS_AREAS 10000
#define STRESS_STEPS 20000
#define STRESS_PAGES 4

/*
 * 10,000 live areas (vmaps of 1..4 pages of a small shared set, so the
 * guest's RAM size does not matter), then random frees and allocations,
 * with the range allocator's invariants checked every 2,000 steps and the
 * mapping of each area's pages checked when it is freed.
 */
static void ten_thousand_areas_random_churn(struct ktest *t)
{
	static struct ktest_areas held = {NULL, STRESS_AREAS, true};
	struct page *pages[STRESS_PAGES];
	void **area = ktest_kvmalloc(t, STRESS_AREAS * sizeof(*area), GFP_KERNEL | __GFP_ZERO);
	u8 *count = ktest_kvmalloc(t, STRESS_AREAS, GFP_KERNEL | __GFP_ZERO);
	unsigned int live = 0, bad = 0;

	for (int i = 0; i < STRESS_PAGES; i++) {
		pages[i] = ktest_alloc_pages(t, GFP_KERNEL, 0);
		KTEST_ASSERT_NOT_NULL(t, pages[i]);
	}
	KTEST_ASSERT_NOT_NULL(t, area);
	KTEST_ASSERT_NOT_NULL(t, count);
	held.area = area;
	ktest_hold_areas(t, &held);
	ktest_seed(t);
	for (int i = 0; i < STRESS_AREAS; i++) {
		count[i] = (u8)(1 + ktest_rand(t) % STRESS_PAGES);
		area[i] = vmap(pages, count[i], VM_MAP, PAGE_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, area[i]);
		live++;
	}
	KTEST_EXPECT_GE(t, vmalloc_nr_areas(), STRESS_AREAS);
	expect_consistent(t);
	for (int step = 1; step <= STRESS_STEPS; step++) {
		unsigned int i = (unsigned int)(ktest_rand(t) % STRESS_AREAS);

		if (area[i]) {
			unsigned int k = (unsigned int)(ktest_rand(t) % count[i]);

			bad += vmalloc_to_page((u8 *)area[i] + k * PAGE_SIZE) != pages[k];
			vunmap(area[i]);
			area[i] = NULL;
			live--;
		} else {
			count[i] = (u8)(1 + ktest_rand(t) % STRESS_PAGES);
			area[i] = vmap(pages, count[i], VM_MAP, PAGE_KERNEL);
			KTEST_ASSERT_NOT_NULL(t, area[i]);
			live++;
		}
		if (step % 2000 == 0)
			expect_consistent(t);
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	ktest_note("ten_thousand_areas_random_churn: %u areas live after %u steps", live,
		   STRESS_STEPS);
	ktest_run_deferred(t); /* the areas, their arrays, the pages */
	expect_consistent(t);
}

static const struct ktest_case vmalloc_debug_cases[] = {
	KTEST_CASE(touch_after_vfree_faults_and_says_so),
	KTEST_CASE(guard_page_touch_names_the_area),
	KTEST_CASE(write_to_readonly_vmap_faults),
	KTEST_CASE(bad_vfree_and_vunmap_are_refused),
	KTEST_CASE(exhaustion_fails_cleanly),
	KTEST_CASE(ten_thousand_areas_random_churn),
};

KTEST_SUITE(vmalloc_debug_suite, "vmalloc_debug", vmalloc_debug_cases);
