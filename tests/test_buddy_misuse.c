// SPDX-License-Identifier: MIT
/*
 * The buddy suite's misuse cases (the suite is tests/test_buddy.c): orders
 * past MAX_ORDER, double frees, wrong orders, bad addresses, a slab's page
 * and a write after free (with page_poison=1) are each reported and
 * refused, and the allocator is unchanged and consistent afterwards.
 */
#include "tests/test_buddy.h"
#include "mm/gfp.h"
#include "mm/page_debug.h"
#include "mm/page_info.h"

void impossible_orders_fail_cleanly(struct ktest *t)
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
	buddy_expect_invariants(t);
}

void double_free_is_refused(struct ktest *t)
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
void wrong_order_is_refused(struct ktest *t)
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

void bad_addresses_are_refused(struct ktest *t)
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

void free_of_a_slab_page_is_refused(struct ktest *t)
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

void freed_page_is_poisoned_and_checked(struct ktest *t)
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
