// SPDX-License-Identifier: MIT
/*
 * Tests of KASAN (mm/kasan.c): each provokes one bad access on purpose and
 * checks it was caught at the access, with the right kind, size, address
 * and page. They run only in the KASAN build (`make kasan`); elsewhere they
 * skip. The framework fails any case that causes a KASAN report it did not
 * expect, so every other suite doubles as a false-positive check there.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/gfp.h"
#include "mm/kasan.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

#ifdef CONFIG_KASAN
#define REQUIRE_KASAN(t)
#else
#define REQUIRE_KASAN(t) ktest_skip(t, "needs the KASAN build: make kasan")
#endif

/* A read the compiler must emit (and so instrument). */
static __attribute__((noinline)) u8 read_byte(const void *p)
{
	return *(const volatile u8 *)p;
}

static void page_use_after_free_is_caught(struct ktest *t)
{
	struct page *p;
	u64 n, mark;
	char where[40];

	REQUIRE_KASAN(t);
	p = alloc_page(GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	__free_page(p);
	n = kasan_report_count();
	mark = ktest_log_mark();
	read_byte((u8 *)page_address(p) + 24);
	KTEST_EXPECT_KASAN(t, n, "use-after-free");
	KTEST_EXPECT_LOG(t, mark, "BUG: KASAN: use-after-free in read_byte");
	KTEST_EXPECT_LOG(t, mark, "Read of size 1 at addr");
	snprintf(where, sizeof(where), "%016llx", (unsigned long long)page_address(p) + 24);
	KTEST_EXPECT_LOG(t, mark, where);
	KTEST_EXPECT_LOG(t, mark, "last freed by page_use_after_free_is_caught");
}

static void write_after_free_through_memset_is_caught(struct ktest *t)
{
	unsigned long addr;
	u64 n, mark;

	REQUIRE_KASAN(t);
	addr = __get_free_page(GFP_KERNEL);
	KTEST_ASSERT_NE(t, addr, 0);
	free_page(addr);
	n = kasan_report_count();
	mark = ktest_log_mark();
	memset((void *)addr, 0, 64); /* memset is checked as one range */
	KTEST_EXPECT_KASAN(t, n, "use-after-free");
	KTEST_EXPECT_LOG(t, mark, "Write of size 64");
}

static void partial_granule_is_exact(struct ktest *t)
{
	u8 *buf;
	u64 n, mark;

	REQUIRE_KASAN(t);
	buf = (u8 *)__get_free_page(GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, buf);
	/* Make only the first 13 bytes valid, as an allocator would for a 13-byte object. */
	kasan_poison(buf, PAGE_SIZE, KASAN_SLAB_REDZONE);
	kasan_unpoison(buf, 13);
	n = kasan_report_count();
	read_byte(buf + 12); /* the last valid byte: fine */
	KTEST_EXPECT_EQ(t, kasan_report_count(), n);
	mark = ktest_log_mark();
	read_byte(buf + 13); /* one past the end */
	KTEST_EXPECT_KASAN(t, n, "slab-out-of-bounds");
	KTEST_EXPECT_LOG(t, mark, "BUG: KASAN: slab-out-of-bounds");
	kasan_unpoison(buf, PAGE_SIZE);
	free_page((unsigned long)buf);
}

static void valid_accesses_are_quiet(struct ktest *t)
{
	u8 *buf;
	u64 n;
	u64 sum = 0;

	REQUIRE_KASAN(t);
	n = kasan_report_count();
	buf = (u8 *)__get_free_pages(GFP_KERNEL, 2);
	KTEST_ASSERT_NOT_NULL(t, buf);
	memset(buf, 3, 4 * PAGE_SIZE);
	for (size_t i = 0; i < 4 * PAGE_SIZE; i += 97)
		sum += read_byte(buf + i);
	free_pages((unsigned long)buf, 2);
	KTEST_EXPECT_GT(t, sum, 0);
	KTEST_EXPECT_EQ(t, kasan_report_count(), n);
}

static void kmalloc_out_of_bounds_is_caught(struct ktest *t)
{
	u8 *p;
	u64 n, mark;

	REQUIRE_KASAN(t);
	p = kmalloc(13, GFP_KERNEL); /* a 16-byte slot: bytes 13..15 are not the caller's */
	KTEST_ASSERT_NOT_NULL(t, p);
	n = kasan_report_count();
	mark = ktest_log_mark();
	read_byte(p + 13);
	KTEST_EXPECT_KASAN(t, n, "slab-out-of-bounds");
	KTEST_EXPECT_LOG(t, mark, "BUG: KASAN: slab-out-of-bounds in read_byte");
	KTEST_EXPECT_LOG(t, mark, "0 bytes to the right of the allocated 13-byte region");
	KTEST_EXPECT_LOG(t, mark, "13 bytes inside the 16-byte object");
	KTEST_EXPECT_LOG(t, mark, "of cache kmalloc-16");
	KTEST_EXPECT_LOG(t, mark, "allocated by kmalloc_out_of_bounds_is_caught");
	kfree(p);
}

static void slab_use_after_free_names_both_sites(struct ktest *t)
{
	struct kmem_cache *c;
	u8 *obj;
	u64 n, mark;

	REQUIRE_KASAN(t);
	c = ktest_kmem_cache_create(t, "kasan-test", 48, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(t, c);
	obj = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, obj);
	kmem_cache_free(c, obj);
	n = kasan_report_count();
	mark = ktest_log_mark();
	read_byte(obj + 40);
	KTEST_EXPECT_KASAN(t, n, "slab-use-after-free");
	KTEST_EXPECT_LOG(t, mark, "BUG: KASAN: slab-use-after-free");
	KTEST_EXPECT_LOG(t, mark, "40 bytes inside the 48-byte object");
	KTEST_EXPECT_LOG(t, mark, "of cache kasan-test");
	KTEST_EXPECT_LOG(t, mark, "freed by slab_use_after_free_names_both_sites");
	ktest_release(t, c);
}

static void large_kmalloc_tail_is_caught(struct ktest *t)
{
	u8 *p;
	u64 n, mark;

	REQUIRE_KASAN(t);
	p = kmalloc(3 * PAGE_SIZE + 100, GFP_KERNEL); /* from the buddy: an order-2 block */
	KTEST_ASSERT_NOT_NULL(t, p);
	read_byte(p + 3 * PAGE_SIZE + 99);
	n = kasan_report_count();
	mark = ktest_log_mark();
	read_byte(p + 3 * PAGE_SIZE + 100);
	KTEST_EXPECT_KASAN(t, n, "out-of-bounds");
	KTEST_EXPECT_LOG(t, mark, "BUG: KASAN: out-of-bounds");
	kfree(p);
}

static void ksize_makes_the_whole_object_usable(struct ktest *t)
{
	u8 *p;
	u64 n;

	REQUIRE_KASAN(t);
	p = kmalloc(20, GFP_KERNEL); /* kmalloc-32 */
	KTEST_ASSERT_NOT_NULL(t, p);
	n = kasan_report_count();
	KTEST_EXPECT_EQ(t, ksize(p), 32);
	read_byte(p + 31); /* allowed after ksize(), as in Linux */
	KTEST_EXPECT_EQ(t, kasan_report_count(), n);
	kfree(p);
}

static void vmalloc_tail_is_caught(struct ktest *t)
{
	u8 *p;
	u64 n, mark;

	REQUIRE_KASAN(t);
	p = vmalloc(100); /* one page mapped; only 100 bytes asked for */
	KTEST_ASSERT_NOT_NULL(t, p);
	read_byte(p + 99);
	n = kasan_report_count();
	mark = ktest_log_mark();
	read_byte(p + 100); /* mapped, so no fault: only KASAN sees it */
	KTEST_EXPECT_KASAN(t, n, "vmalloc-out-of-bounds");
	KTEST_EXPECT_LOG(t, mark, "BUG: KASAN: vmalloc-out-of-bounds in read_byte");
	KTEST_EXPECT_LOG(t, mark, "vmalloc_tail_is_caught"); /* the area's caller */
	vfree(p);
}

static const struct ktest_case kasan_cases[] = {
	KTEST_CASE(page_use_after_free_is_caught),
	KTEST_CASE(write_after_free_through_memset_is_caught),
	KTEST_CASE(partial_granule_is_exact),
	KTEST_CASE(valid_accesses_are_quiet),
	KTEST_CASE(kmalloc_out_of_bounds_is_caught),
	KTEST_CASE(slab_use_after_free_names_both_sites),
	KTEST_CASE(large_kmalloc_tail_is_caught),
	KTEST_CASE(ksize_makes_the_whole_object_usable),
	KTEST_CASE(vmalloc_tail_is_caught),
};

KTEST_SUITE(kasan_suite, "kasan", kasan_cases);
