// SPDX-License-Identifier: MIT
/*
 * Negative tests of slab debugging (mm/slab_debug.c): each detection is
 * provoked on purpose in a cache created with the debug flags (so they run
 * in every boot, slub_debug= or not), its report is checked, and the cache
 * must work and validate afterwards.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "lib/string.h"
#include "mm/slab.h"

#define OBJ_SIZE 40

/* A debug cache, destroyed when the case ends if the case has not (expect_usable). */
static struct kmem_cache *debug_cache(struct ktest *t, const char *name)
{
	struct kmem_cache *s =
		ktest_kmem_cache_create(t, name, OBJ_SIZE, 0, SLAB_DEBUG_FLAGS, NULL);

	KTEST_ASSERT_NOT_NULL(t, s);
	return s;
}

/* An object of s, or the case fails (its cache is empty, so it goes). */
static u8 *debug_alloc(struct ktest *t, struct kmem_cache *s)
{
	u8 *p = kmem_cache_alloc(s, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, p);
	return p;
}

/* The cache still hands out and takes back objects, validates clean, and is destroyed. */
static void expect_usable(struct ktest *t, struct kmem_cache *s)
{
	void *p = kmem_cache_alloc(s, GFP_KERNEL);

	KTEST_EXPECT_NOT_NULL(t, p);
	kmem_cache_free(s, p);
	if (kmem_cache_validate(s)) {
		ktest_fail(t, false, __FILE__, __LINE__, "cache does not validate");
		slab_dump(s);
	}
	ktest_forget(t, s);
	KTEST_EXPECT_EQ(t, kmem_cache_destroy(s), 0);
}

static void bytes_read_as_in_linux(struct ktest *t)
{
	struct kmem_cache *s = debug_cache(t, "test-debug");
	u8 *p = debug_alloc(t, s);

	KTEST_EXPECT_EQ(t, p[-1], SLUB_RED_ACTIVE);
	KTEST_EXPECT_EQ(t, p[OBJ_SIZE], SLUB_RED_ACTIVE);
	kmem_cache_free(s, p);
	KTEST_EXPECT_EQ(t, p[0], POISON_FREE);
	KTEST_EXPECT_EQ(t, p[OBJ_SIZE - 2], POISON_FREE);
	KTEST_EXPECT_EQ(t, p[OBJ_SIZE - 1], POISON_END);
	KTEST_EXPECT_EQ(t, p[-1], SLUB_RED_INACTIVE);
	KTEST_EXPECT_EQ(t, p[OBJ_SIZE], SLUB_RED_INACTIVE);
	expect_usable(t, s);
}

static void write_after_free_found_at_next_alloc(struct ktest *t)
{
	struct kmem_cache *s = debug_cache(t, "test-debug");
	u8 *p = debug_alloc(t, s);
	u64 mark, reports;

	kmem_cache_free(s, p);
	p[5] = 0x42;
	mark = ktest_log_mark();
	reports = s->reports;
	KTEST_EXPECT_EQ(t, (u64)kmem_cache_alloc(s, GFP_KERNEL), (u64)p);
	KTEST_EXPECT_EQ(t, s->reports, reports + 1);
	KTEST_EXPECT_LOG(t, mark, "BUG test-debug: write after free");
	KTEST_EXPECT_LOG(t, mark, "(object+5) is 0x42, expected 0x6b");
	KTEST_EXPECT_LOG(t, mark, "last allocated by");
	KTEST_EXPECT_LOG(t, mark, "Call Trace");
	kmem_cache_free(s, p);
	expect_usable(t, s);
}

static void write_after_free_found_by_validate(struct ktest *t)
{
	struct kmem_cache *s = debug_cache(t, "test-debug");
	u8 *p = debug_alloc(t, s);
	u64 mark;

	kmem_cache_free(s, p);
	p[OBJ_SIZE - 1] = 0;
	mark = ktest_log_mark();
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 1);
	KTEST_EXPECT_LOG(t, mark, "write after free");
	KTEST_EXPECT_LOG(t, mark, "is 0x00, expected 0xa5");
	/* The report repaired the poison: a second pass is clean. */
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	expect_usable(t, s);
}

static void red_zone_overwrite_detected(struct ktest *t)
{
	struct kmem_cache *s = debug_cache(t, "test-debug");
	u8 *p = debug_alloc(t, s);
	u64 mark = ktest_log_mark();

	p[OBJ_SIZE] = 0x11; /* one byte past the end */
	kmem_cache_free(s, p);
	KTEST_EXPECT_LOG(t, mark, "BUG test-debug: red zone overwritten");
	KTEST_EXPECT_LOG(t, mark, "(object+40) is 0x11, expected 0xcc");
	p = debug_alloc(t, s);
	mark = ktest_log_mark();
	p[-3] = 0x22; /* before the start */
	KTEST_EXPECT_GE(t, kmem_cache_validate(s), 1);
	KTEST_EXPECT_LOG(t, mark, "(object-3) is 0x22, expected 0xcc");
	kmem_cache_free(s, p);
	expect_usable(t, s);
}

static void double_free_detected(struct ktest *t)
{
	struct kmem_cache *s = debug_cache(t, "test-debug");
	void *p = debug_alloc(t, s), *q = kmem_cache_alloc(s, GFP_KERNEL);
	u64 mark;

	if (!q) {
		kmem_cache_free(s, p);
		KTEST_ASSERT_NOT_NULL(t, q);
	}

	kmem_cache_free(s, p);
	kmem_cache_free(s, q); /* p is no longer the freelist head */
	mark = ktest_log_mark();
	kmem_cache_free(s, p);
	KTEST_EXPECT_LOG(t, mark, "BUG test-debug: double free");
	KTEST_EXPECT_EQ(t, s->active_objs, 0);
	expect_usable(t, s);
}

static void bad_pointers_detected(struct ktest *t)
{
	struct kmem_cache *s = debug_cache(t, "test-debug");
	struct kmem_cache *other = debug_cache(t, "test-debug2");
	u8 *p = debug_alloc(t, s);
	u64 mark = ktest_log_mark();

	kmem_cache_free(s, p + 1);
	KTEST_EXPECT_LOG(t, mark, "not the start of an object");
	mark = ktest_log_mark();
	kmem_cache_free(other, p);
	KTEST_EXPECT_LOG(t, mark, "free to the wrong cache");
	KTEST_EXPECT_EQ(t, s->active_objs, 1);
	kmem_cache_free(s, p);
	expect_usable(t, other);
	expect_usable(t, s);
}

static void slab_padding_checked(struct ktest *t)
{
	struct kmem_cache *s = debug_cache(t, "test-debug");
	u8 *p = debug_alloc(t, s);
	u8 *tail = (u8 *)((u64)p & PAGE_MASK) + (size_t)s->objects * s->size;
	u64 mark;

	if (s->order || tail == (u8 *)((u64)p & PAGE_MASK) + PAGE_SIZE) {
		kmem_cache_free(s, p);
		ktest_skip(t, "this layout has no padding");
	}
	KTEST_EXPECT_EQ(t, *tail, POISON_INUSE);
	*tail = 0;
	kmem_cache_free(s, p);
	mark = ktest_log_mark();
	kmem_cache_shrink(s); /* the slab goes back to the buddy: padding checked */
	KTEST_EXPECT_LOG(t, mark, "slab padding overwritten");
	expect_usable(t, s);
}

static const struct ktest_case slab_debug_cases[] = {
	KTEST_CASE(bytes_read_as_in_linux),
	KTEST_CASE(write_after_free_found_at_next_alloc),
	KTEST_CASE(write_after_free_found_by_validate),
	KTEST_CASE(red_zone_overwrite_detected),
	KTEST_CASE(double_free_detected),
	KTEST_CASE(bad_pointers_detected),
	KTEST_CASE(slab_padding_checked),
};

KTEST_SUITE(slab_debug_suite, "slab_debug", slab_debug_cases);
