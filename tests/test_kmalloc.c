// SPDX-License-Identifier: MIT
/*
 * Tests of kmalloc and friends (mm/kmalloc.c): size classes, alignment,
 * large allocations through the buddy, overflow, krealloc, kfree misuse,
 * kstrdup, and the introspection reports (mm/slabinfo.c).
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "arch/x86_64/traps.h"
#include "kernel/ubsan.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/slab_internal.h"

static const unsigned int classes[] = {8,   16,	 32,   64,   96,   128, 192,
				       256, 512, 1024, 2048, 4096, 8192};

static unsigned int class_of(size_t size)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(classes); i++)
		if (size <= classes[i])
			return classes[i];
	return 0;
}

static void every_size_lands_in_its_class(struct ktest *t)
{
	unsigned long wrong = 0, misaligned = 0;

	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size++) {
		u8 *p = kmalloc(size, GFP_KERNEL);
		unsigned int c = class_of(size);
		/* Power-of-two classes are aligned to their size, the others to 8 at least. */
		u64 align = (c & (c - 1)) ? 8 : MIN(c, (unsigned int)PAGE_SIZE);

		KTEST_ASSERT_NOT_NULL(t, p);
		wrong += ksize(p) != c || kmalloc_slab(size)->object_size != c;
		misaligned += (u64)p % align != 0;
		p[0] = 1;
		p[size - 1] = 2;
		kfree(p);
	}
	KTEST_EXPECT_EQ(t, wrong, 0);
	KTEST_EXPECT_EQ(t, misaligned, 0);
	/* Without debugging, 96 and 192 fall on 32- and 64-byte boundaries too. */
	if (!(kmalloc_slab(96)->flags & SLAB_DEBUG_FLAGS)) {
		void *p = ktest_kmalloc(t, 96, GFP_KERNEL), *q = ktest_kmalloc(t, 192, GFP_KERNEL);

		KTEST_ASSERT_NOT_NULL(t, p);
		KTEST_ASSERT_NOT_NULL(t, q);
		KTEST_EXPECT_EQ(t, (u64)p % 32, 0);
		KTEST_EXPECT_EQ(t, (u64)q % 64, 0);
	}
}

static void large_kmalloc_uses_the_buddy(struct ktest *t)
{
	u64 before = nr_free_pages();
	u8 *p = kmalloc(KMALLOC_MAX_CACHE_SIZE + 1, GFP_KERNEL);
	struct page *page;

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, (u64)p % PAGE_SIZE, 0);
	KTEST_EXPECT_EQ(t, ksize(p), 4 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before - 4);
	page = virt_to_page(p);
	KTEST_EXPECT_EQ(t, page->flags & (PG_head | PG_kmalloc), PG_head | PG_kmalloc);
	memset(p, 0x77, ksize(p));
	kfree(p);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	p = kmalloc(KMALLOC_MAX_SIZE, GFP_KERNEL);
	KTEST_EXPECT_NOT_NULL(t, p);
	kfree(p);
	KTEST_EXPECT_NULL(t, kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN));
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}

/* Above KMALLOC_MAX_SIZE: NULL, and one WARNING with a backtrace per boot (Linux 6.1's WARN_ON_ONCE_GFP). */
static void too_large_warns_once(struct ktest *t)
{
	u64 mark;

	kmalloc_clear_warn_once();
	mark = ktest_log_mark();
	KTEST_EXPECT_NULL(t, kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN));
	KTEST_EXPECT_FALSE(t, ktest_log_contains(mark, "WARNING"));
	KTEST_EXPECT_NULL(t, kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL));
	KTEST_EXPECT_LOG(t, mark, "WARNING: kmalloc_too_large at mm/kmalloc.c");
	KTEST_EXPECT_LOG(t, mark, "above KMALLOC_MAX_SIZE (4194304)");
	KTEST_EXPECT_LOG(t, mark, "Call Trace");
	mark = ktest_log_mark();
	KTEST_EXPECT_NULL(t, kmalloc(SIZE_MAX, GFP_KERNEL));
	KTEST_EXPECT_FALSE(t, ktest_log_contains(mark, "WARNING"));
}

/* A read through ZERO_SIZE_PTR: the page fault is the point (UBSan must not report first). */
static __no_ubsan void read_byte(void *arg)
{
	(void)*(volatile u8 *)arg;
}

/* kmalloc(0) is ZERO_SIZE_PTR, as in Linux; kfree, ksize and krealloc take it; using it faults. */
static void zero_size_is_zero_size_ptr(struct ktest *t)
{
	u64 before = nr_free_pages(), objects = slab_objects;
	void *z = kmalloc(0, GFP_KERNEL), *p;
	struct fault_info info;

	KTEST_EXPECT_EQ(t, (u64)z, 16);
	KTEST_EXPECT_TRUE(t, ZERO_OR_NULL_PTR(z));
	KTEST_EXPECT_TRUE(t, ZERO_OR_NULL_PTR(NULL));
	KTEST_EXPECT_EQ(t, (u64)kzalloc(0, GFP_KERNEL), 16);
	KTEST_EXPECT_EQ(t, (u64)kmalloc_array(0, 8, GFP_KERNEL), 16);
	KTEST_EXPECT_EQ(t, ksize(z), 0);
	KTEST_EXPECT_EQ(t, slab_objects, objects);
	kfree(z);				     /* a no-op, no report */
	p = krealloc(ZERO_SIZE_PTR, 24, GFP_KERNEL); /* from ZERO_SIZE_PTR: a plain kmalloc */
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_FALSE(t, ZERO_OR_NULL_PTR(p));
	KTEST_EXPECT_EQ(t, ksize(p), 32);
	KTEST_EXPECT_EQ(t, (u64)krealloc(p, 0, GFP_KERNEL), 16); /* frees p */
	KTEST_EXPECT_EQ(t, slab_objects, objects);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	if (KTEST_EXPECT_FAULT(t, read_byte, ZERO_SIZE_PTR, X86_TRAP_PF, &info))
		KTEST_EXPECT_EQ(t, info.addr, 16);
}

static void kcalloc_overflow_and_zeroing(struct ktest *t)
{
	u64 *p;

	KTEST_EXPECT_NULL(t, kcalloc(SIZE_MAX / 2, 3, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, kmalloc_array(1UL << 33, 1UL << 33, GFP_KERNEL));
	p = kmalloc(80, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	memset(p, 0xee, 80);
	kfree(p);
	p = kcalloc(10, sizeof(u64), GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	for (int i = 0; i < 10; i++)
		KTEST_EXPECT_EQ(t, p[i], 0);
	kfree(p);
	p = kzalloc(5000, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, p[5000 / 8 - 1], 0);
	kfree(p);
}

static bool holds_pattern(const u8 *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (u8)(i * 7))
			return false;
	return true;
}

/* The object krealloc_keeps_contents holds now (krealloc moves it); freed when the case ends. */
static u8 *kept;

static void kfree_kept(void *arg)
{
	(void)arg;
	kfree(kept);
	kept = NULL;
}

static void krealloc_keeps_contents(struct ktest *t)
{
	u8 *q;

	kept = kmalloc(40, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, kept);
	ktest_defer(t, kfree_kept, NULL);
	for (int i = 0; i < 40; i++)
		kept[i] = (u8)(i * 7);
	q = krealloc(kept, 60, GFP_KERNEL); /* still fits kmalloc-64: in place */
	KTEST_EXPECT_EQ(t, (u64)q, (u64)kept);
	q = krealloc(kept, 1000, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, q); /* on failure the old object is still kept */
	kept = q;
	KTEST_EXPECT_TRUE(t, holds_pattern(kept, 40));
	for (int i = 0; i < 1000; i++)
		kept[i] = (u8)(i * 7);
	q = krealloc(kept, 20000, GFP_KERNEL); /* to the buddy */
	KTEST_ASSERT_NOT_NULL(t, q);
	kept = q;
	KTEST_EXPECT_TRUE(t, holds_pattern(kept, 1000));
	KTEST_EXPECT_EQ(t, ksize(kept), 8 * PAGE_SIZE);
	kept = krealloc(kept, 12, GFP_KERNEL); /* shrinking keeps the object */
	KTEST_EXPECT_TRUE(t, holds_pattern(kept, 12));
	kept = krealloc(kept, 0, GFP_KERNEL); /* frees it, returns ZERO_SIZE_PTR as Linux */
	KTEST_EXPECT_EQ(t, (u64)kept, (u64)ZERO_SIZE_PTR);
	kept = krealloc(NULL, 24, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, kept);
	KTEST_EXPECT_EQ(t, ksize(kept), 32);
	ktest_release(t, NULL);
}

static void kfree_null_and_foreign(struct ktest *t)
{
	struct page *page = alloc_page(GFP_KERNEL);
	u64 mark = ktest_log_mark(), local = 0;

	KTEST_ASSERT_NOT_NULL(t, page);
	kfree(NULL);
	KTEST_EXPECT_FALSE(t, ktest_log_contains(mark, "BUG"));
	kfree(&local); // NOLINT(clang-analyzer-unix.Malloc): the foreign pointer is the test
	KTEST_EXPECT_LOG(t, mark, "not an address kmalloc returned");
	mark = ktest_log_mark();
	kfree(page_address(page)); /* a page from alloc_pages, not kmalloc */
	KTEST_EXPECT_LOG(t, mark, "not an address kmalloc returned");
	__free_page(page);
	KTEST_EXPECT_EQ(t, ksize(NULL), 0);
	mark = ktest_log_mark();
	kfree(ZERO_SIZE_PTR);
	KTEST_EXPECT_FALSE(t, ktest_log_contains(mark, "BUG"));
}

static void kstrdup_copies(struct ktest *t)
{
	char *s = kstrdup("slab allocator", GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, s);
	KTEST_EXPECT_STREQ(t, s, "slab allocator");
	KTEST_EXPECT_EQ(t, ksize(s), 16);
	kfree(s);
	KTEST_EXPECT_NULL(t, kstrdup(NULL, GFP_KERNEL));
}

static void reports_show_caches_and_waste(struct ktest *t)
{
	struct kmem_cache *s96 = kmalloc_slab(70);
	struct kmem_cache *red =
		ktest_kmem_cache_create(t, "test-slabinfo", 40, 0, SLAB_RED_ZONE, NULL);
	u64 mark = ktest_log_mark(), live;
	char line[80];
	void *p, *q;

	KTEST_ASSERT_NOT_NULL(t, s96);
	KTEST_ASSERT_NOT_NULL(t, red);
	live = s96->active_objs;
	KTEST_EXPECT_STREQ(t, s96->name, "kmalloc-96");
	/* Linux 6.1's names from 1 KiB up. */
	KTEST_EXPECT_STREQ(t, kmalloc_slab(1000)->name, "kmalloc-1k");
	KTEST_EXPECT_STREQ(t, kmalloc_slab(2048)->name, "kmalloc-2k");
	KTEST_EXPECT_STREQ(t, kmalloc_slab(4096)->name, "kmalloc-4k");
	KTEST_EXPECT_STREQ(t, kmalloc_slab(8192)->name, "kmalloc-8k");
	p = ktest_kmalloc(t, 70, GFP_KERNEL); /* freed however the case ends */
	q = ktest_kmem_cache_alloc(t, red, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_ASSERT_NOT_NULL(t, q);
	slabinfo_print();
	KTEST_EXPECT_LOG(t, mark, "slabinfo - version: 2.1");
	KTEST_EXPECT_LOG(t, mark, "kmalloc-96");
	KTEST_EXPECT_LOG(t, mark, "kmem_cache");
	/* <objsize> is the slot size (64 with the red zones), as in Linux; strata's column the 40. */
	snprintf(line, sizeof(line), "%-17s %6u %6u %6u ", red->name, 1U, red->objects, red->size);
	KTEST_EXPECT_NE(t, red->size, 40);
	KTEST_EXPECT_LOG(t, mark, line);
	snprintf(line, sizeof(line), ": strata     40 ");
	KTEST_EXPECT_LOG(t, mark, line);
	kmalloc_waste_print();
	KTEST_EXPECT_LOG(t, mark, "kmalloc waste");
	KTEST_EXPECT_EQ(t, s96->active_objs, live + 1);
}

static const struct ktest_case kmalloc_cases[] = {
	KTEST_CASE(every_size_lands_in_its_class), KTEST_CASE(large_kmalloc_uses_the_buddy),
	KTEST_CASE(kcalloc_overflow_and_zeroing),  KTEST_CASE(krealloc_keeps_contents),
	KTEST_CASE(kfree_null_and_foreign),	   KTEST_CASE(kstrdup_copies),
	KTEST_CASE(reports_show_caches_and_waste), KTEST_CASE(too_large_warns_once),
	KTEST_CASE(zero_size_is_zero_size_ptr),
};

KTEST_SUITE(slab_kmalloc_suite, "slab_kmalloc", kmalloc_cases);
