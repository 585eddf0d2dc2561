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
#include "lib/vsprintf.h"
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
	char range[96];

	kmem_cache_free(s, p);
	p[5] = 0x42;
	mark = ktest_log_mark();
	reports = s->reports;
	KTEST_EXPECT_EQ(t, (u64)kmem_cache_alloc(s, GFP_KERNEL), (u64)p);
	KTEST_EXPECT_EQ(t, s->reports, reports + 1);
	/* Linux 6.1's shape: what, the bad bytes and the first one, the object's slot. */
	KTEST_EXPECT_LOG(t, mark, "BUG test-debug: Poison overwritten");
	snprintf(range, sizeof(range), "0x%p-0x%p @offset=%lu. First byte 0x42 instead of 0x6b",
		 p + 5, p + 5, (unsigned long)(p + 5 - (u8 *)((u64)p & PAGE_MASK)));
	KTEST_EXPECT_LOG(t, mark, range);
	KTEST_EXPECT_LOG(t, mark, "Allocated in write_after_free_found_at_next_alloc");
	KTEST_EXPECT_LOG(t, mark, "Freed in write_after_free_found_at_next_alloc");
	KTEST_EXPECT_LOG(t, mark, "Redzone  ");
	KTEST_EXPECT_LOG(t, mark, "Object   ");
	KTEST_EXPECT_LOG(t, mark, ": 6b 6b 6b 6b 6b 42 6b 6b");
	KTEST_EXPECT_LOG(t, mark, "Padding  ");
	KTEST_EXPECT_LOG(t, mark, ": 5a 5a 5a 5a 5a 5a 5a 5a");
	KTEST_EXPECT_LOG(t, mark, "Call Trace");
	snprintf(range, sizeof(range), "FIX test-debug: Restoring Poison 0x%p-0x%p=0x6b", p + 5,
		 p + 5);
	KTEST_EXPECT_LOG(t, mark, range);
	KTEST_EXPECT_EQ(t, p[5], POISON_FREE);
	kmem_cache_free(s, p);
	expect_usable(t, s);
}

/* As in Linux 6.1, allocation checks the poison only with F: P alone just poisons. */
static void poison_checked_at_alloc_only_with_f(struct ktest *t)
{
	struct kmem_cache *s = ktest_kmem_cache_create(t, "test-poison-only", OBJ_SIZE, 0,
						       SLAB_POISON | SLAB_STORE_USER, NULL);
	u8 *p, *q;
	u64 mark;

	KTEST_ASSERT_NOT_NULL(t, s);
	if (s->flags & SLAB_CONSISTENCY_CHECKS) /* slub_debug=F... added it */
		ktest_skip(t, "slub_debug= gave this cache F");
	p = debug_alloc(t, s);
	kmem_cache_free(s, p);
	p[5] = 0x42;
	mark = ktest_log_mark();
	q = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_EXPECT_EQ(t, (u64)q, (u64)p);
	KTEST_EXPECT_EQ(t, s->reports, 0);
	KTEST_EXPECT_FALSE(t, ktest_log_contains(mark, "BUG"));
	kmem_cache_free(s, q);
	q[5] = 0x42;
	/* kmem_cache_validate() checks whatever the flags. */
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 1);
	KTEST_EXPECT_LOG(t, mark, "BUG test-poison-only: Poison overwritten");
	ktest_forget(t, s);
	KTEST_EXPECT_EQ(t, kmem_cache_destroy(s), 0);
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
	KTEST_EXPECT_LOG(t, mark, "End Poison overwritten");
	KTEST_EXPECT_LOG(t, mark, "First byte 0x0 instead of 0xa5");
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
	KTEST_EXPECT_LOG(t, mark, "BUG test-debug: Right Redzone overwritten");
	KTEST_EXPECT_LOG(t, mark, "First byte 0x11 instead of 0xcc");
	p = debug_alloc(t, s);
	mark = ktest_log_mark();
	p[-3] = 0x22; /* before the start */
	KTEST_EXPECT_GE(t, kmem_cache_validate(s), 1);
	KTEST_EXPECT_LOG(t, mark, "Left Redzone overwritten");
	KTEST_EXPECT_LOG(t, mark, "First byte 0x22 instead of 0xcc");
	kmem_cache_free(s, p);
	expect_usable(t, s);
}

static void double_free_detected(struct ktest *t)
{
	struct kmem_cache *s = debug_cache(t, "test-debug");
	void *p = debug_alloc(t, s), *q = kmem_cache_alloc(s, GFP_KERNEL);
	void *live = kmem_cache_alloc(s, GFP_KERNEL);
	u64 mark;

	if (!q || !live) {
		kmem_cache_free(s, p);
		kmem_cache_free(s, q);
		kmem_cache_free(s, live);
		KTEST_ASSERT_TRUE(t, q && live);
	}

	kmem_cache_free(s, p);
	kmem_cache_free(s, q); /* p is no longer the freelist head, the slab not empty */
	mark = ktest_log_mark();
	kmem_cache_free(s, p); /* found by F's freelist walk, Linux's on_freelist() */
	KTEST_EXPECT_LOG(t, mark, "BUG test-debug: Object already free");
	KTEST_EXPECT_LOG(t, mark, "not freed");
	KTEST_EXPECT_EQ(t, kmem_cache_active_objs(s), 1);
	kmem_cache_free(s, live);
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
	KTEST_EXPECT_EQ(t, kmem_cache_active_objs(s), 1);
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
	/* The word of padding at the end of each slot (after the track), as in Linux. */
	KTEST_EXPECT_EQ(t, p[s->size - s->red_left_pad - 1], POISON_INUSE);
	p[s->size - s->red_left_pad - 1] = 0x33;
	mark = ktest_log_mark();
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 1);
	KTEST_EXPECT_LOG(t, mark, "BUG test-debug: Object padding overwritten");
	KTEST_EXPECT_LOG(t, mark, "First byte 0x33 instead of 0x5a");
	*tail = 0;
	kmem_cache_free(s, p);
	mark = ktest_log_mark();
	kmem_cache_shrink(s); /* the slab goes back to the buddy: padding checked */
	KTEST_EXPECT_LOG(t, mark, "BUG test-debug: Padding overwritten");
	KTEST_EXPECT_LOG(t, mark, "First byte 0x0 instead of 0x5a");
	expect_usable(t, s);
}

static const struct ktest_case slab_debug_cases[] = {
	KTEST_CASE(bytes_read_as_in_linux),
	KTEST_CASE(write_after_free_found_at_next_alloc),
	KTEST_CASE(poison_checked_at_alloc_only_with_f),
	KTEST_CASE(write_after_free_found_by_validate),
	KTEST_CASE(red_zone_overwrite_detected),
	KTEST_CASE(double_free_detected),
	KTEST_CASE(bad_pointers_detected),
	KTEST_CASE(slab_padding_checked),
};

KTEST_SUITE(slab_debug_suite, "slab_debug", slab_debug_cases);
