// SPDX-License-Identifier: MIT
/*
 * Tests of kmalloc and friends (mm/kmalloc.c): size classes, alignment,
 * large allocations through the buddy, overflow, krealloc, kfree misuse,
 * kstrdup, and the introspection reports (mm/slabinfo.c).
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "lib/string.h"
#include "mm/slab.h"

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
	KTEST_EXPECT_NULL(t, kmalloc(0, GFP_KERNEL));
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
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
	kept = krealloc(kept, 0, GFP_KERNEL); /* frees it */
	KTEST_EXPECT_NULL(t, kept);
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
	u64 mark = ktest_log_mark(), live;
	void *p;

	KTEST_ASSERT_NOT_NULL(t, s96);
	live = s96->active_objs;
	KTEST_EXPECT_STREQ(t, s96->name, "kmalloc-96");
	p = kmalloc(70, GFP_KERNEL);
	slabinfo_print();
	KTEST_EXPECT_LOG(t, mark, "slabinfo - version: 2.1");
	KTEST_EXPECT_LOG(t, mark, "kmalloc-96");
	KTEST_EXPECT_LOG(t, mark, "kmem_cache");
	kmalloc_waste_print();
	KTEST_EXPECT_LOG(t, mark, "kmalloc waste");
	KTEST_EXPECT_EQ(t, s96->active_objs, live + 1);
	kfree(p);
}

static const struct ktest_case kmalloc_cases[] = {
	KTEST_CASE(every_size_lands_in_its_class), KTEST_CASE(large_kmalloc_uses_the_buddy),
	KTEST_CASE(kcalloc_overflow_and_zeroing),  KTEST_CASE(krealloc_keeps_contents),
	KTEST_CASE(kfree_null_and_foreign),	   KTEST_CASE(kstrdup_copies),
	KTEST_CASE(reports_show_caches_and_waste),
};

KTEST_SUITE(slab_kmalloc_suite, "slab_kmalloc", kmalloc_cases);
