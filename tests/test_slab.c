// SPDX-License-Identifier: MIT
/*
 * Tests of the object caches (mm/slab.c): layout and alignment for every
 * flag combination, constructor semantics, zalloc, shrink, destroy with
 * live objects, refused frees, freelist hardening, and a seeded random
 * stress over many caches with content checks. Debug reports have their
 * own suite (tests/test_slab_debug.c), kmalloc too (tests/test_kmalloc.c).
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/slab.h"

#define MAX_OBJS 64

static void expect_valid(struct ktest *t, struct kmem_cache *s)
{
	if (kmem_cache_validate(s)) {
		ktest_fail(t, false, __FILE__, __LINE__, "cache %s does not validate", s->name);
		slab_dump(s);
	}
}

/* Fill n objects with distinct patterns, then check none was overwritten by another. */
static void expect_disjoint(struct ktest *t, u8 **obj, int n, size_t size)
{
	for (int i = 0; i < n; i++)
		memset(obj[i], 0x10 + i, size);
	for (int i = 0; i < n; i++)
		for (size_t k = 0; k < size; k++)
			if (obj[i][k] != (u8)(0x10 + i)) {
				ktest_fail(t, false, __FILE__, __LINE__,
					   "object %d overlaps another", i);
				return;
			}
}

static void objects_are_aligned_and_disjoint(struct ktest *t)
{
	static const unsigned int sizes[] = {1, 24, 100, 1000};
	static const unsigned int aligns[] = {0, 8, 16, 64, 256, 4096};
	static const slab_flags_t flags[] = {0, SLAB_HWCACHE_ALIGN, SLAB_RED_ZONE, SLAB_POISON,
					     SLAB_DEBUG_FLAGS};
	u8 *obj[MAX_OBJS];

	for (unsigned int si = 0; si < ARRAY_SIZE(sizes); si++)
		for (unsigned int ai = 0; ai < ARRAY_SIZE(aligns); ai++)
			for (unsigned int fi = 0; fi < ARRAY_SIZE(flags); fi++) {
				struct kmem_cache *s = kmem_cache_create(
					"test-align", sizes[si], aligns[ai], flags[fi], NULL);
				unsigned int want = MAX(aligns[ai], 8U);

				KTEST_ASSERT_NOT_NULL(t, s);
				unsigned int line = 64;

				/* HWCACHE_ALIGN: the line, halved while two objects fit in it. */
				while (sizes[si] <= line / 2 && line > 8)
					line /= 2;
				if (flags[fi] & SLAB_HWCACHE_ALIGN)
					want = MAX(want, line);
				KTEST_EXPECT_EQ(t, s->align, want);
				for (int i = 0; i < MAX_OBJS; i++) {
					obj[i] = kmem_cache_alloc(s, GFP_KERNEL);
					KTEST_ASSERT_NOT_NULL(t, obj[i]);
					KTEST_EXPECT_EQ(t, (u64)obj[i] % want, 0);
				}
				expect_disjoint(t, obj, MAX_OBJS, sizes[si]);
				expect_valid(t, s);
				for (int i = 0; i < MAX_OBJS; i++)
					kmem_cache_free(s, obj[i]);
				KTEST_EXPECT_EQ(t, kmem_cache_destroy(s), 0);
			}
}

static unsigned int ctor_calls;

static void test_ctor(void *p)
{
	ctor_calls++;
	*(u64 *)p = 0xc0ffee;
}

static void ctor_runs_once_per_object(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("test-ctor", 48, 0, 0, test_ctor);
	u64 *obj[MAX_OBJS];
	unsigned int n;

	KTEST_ASSERT_NOT_NULL(t, s);
	n = MIN(s->objects, (unsigned int)MAX_OBJS);
	ctor_calls = 0;
	for (unsigned int i = 0; i < n; i++)
		obj[i] = kmem_cache_alloc(s, GFP_KERNEL);
	/* One slab made: the constructor ran for each of its objects, once. */
	KTEST_EXPECT_EQ(t, ctor_calls, s->objects);
	for (unsigned int i = 0; i < n; i++) {
		KTEST_EXPECT_EQ(t, *obj[i], 0xc0ffee);
		kmem_cache_free(s, obj[i]);
	}
	for (unsigned int i = 0; i < n; i++)
		obj[i] = kmem_cache_alloc(s, GFP_KERNEL);
	/* Reused objects keep their constructed state; no constructor ran again. */
	KTEST_EXPECT_EQ(t, ctor_calls, s->objects);
	for (unsigned int i = 0; i < n; i++) {
		KTEST_EXPECT_EQ(t, *obj[i], 0xc0ffee);
		kmem_cache_free(s, obj[i]);
	}
	KTEST_EXPECT_EQ(t, kmem_cache_destroy(s), 0);
}

static void zalloc_zeroes(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("test-zalloc", 200, 0, 0, NULL);
	u8 *p, *q;

	KTEST_ASSERT_NOT_NULL(t, s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	memset(p, 0xff, 200);
	kmem_cache_free(s, p);
	q = kmem_cache_zalloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, q);
	for (int i = 0; i < 200; i++)
		if (q[i]) {
			ktest_fail(t, false, __FILE__, __LINE__, "byte %d is %#x", i, q[i]);
			break;
		}
	kmem_cache_free(s, q);
	KTEST_EXPECT_EQ(t, kmem_cache_destroy(s), 0);
}

static void shrink_returns_empty_slabs(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("test-shrink", 512, 0, 0, NULL);
	u64 free_before = nr_free_pages();
	void *obj[4 * MAX_OBJS];
	unsigned int n;

	KTEST_ASSERT_NOT_NULL(t, s);
	n = MIN(4 * s->objects, (unsigned int)ARRAY_SIZE(obj));
	for (unsigned int i = 0; i < n; i++)
		obj[i] = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_EXPECT_GE(t, s->nr_slabs, 4);
	KTEST_EXPECT_LT(t, nr_free_pages(), free_before);
	for (unsigned int i = 0; i < n; i++)
		kmem_cache_free(s, obj[i]);
	/* Beyond the reserve (and the current slab), empty slabs went back at once. */
	KTEST_EXPECT_LE(t, s->nr_slabs, 3);
	KTEST_EXPECT_EQ(t, s->active_objs, 0);
	expect_valid(t, s);
	kmem_cache_shrink(s);
	KTEST_EXPECT_EQ(t, s->nr_slabs, 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free_before);
	KTEST_EXPECT_EQ(t, kmem_cache_destroy(s), 0);
}

static void destroy_with_live_objects_is_refused(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("test-destroy", 64, 0, 0, NULL);
	void *a, *b;
	char line[64];
	u64 mark;

	KTEST_ASSERT_NOT_NULL(t, s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, kmem_cache_alloc(s, GFP_KERNEL));
	mark = ktest_log_mark();
	KTEST_EXPECT_EQ(t, kmem_cache_destroy(s), -EBUSY);
	KTEST_EXPECT_LOG(t, mark, "BUG test-destroy: kmem_cache_destroy: 2 objects remain");
	snprintf(line, sizeof(line), "object %p still allocated", a);
	KTEST_EXPECT_LOG(t, mark, line);
	snprintf(line, sizeof(line), "object %p still allocated", b);
	KTEST_EXPECT_LOG(t, mark, line);
	/* The cache and its objects are intact. */
	KTEST_EXPECT_EQ(t, s->active_objs, 2);
	expect_valid(t, s);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	KTEST_EXPECT_EQ(t, kmem_cache_destroy(s), 0);
}

static void bad_frees_are_refused(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("test-bad", 64, 0, 0, NULL);
	struct kmem_cache *other = kmem_cache_create("test-other", 64, 0, 0, NULL);
	u8 *p, *q;
	u64 mark, stack_word = 0;

	KTEST_ASSERT_NOT_NULL(t, s);
	KTEST_ASSERT_NOT_NULL(t, other);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	mark = ktest_log_mark();
	kmem_cache_free(s, p + 8);
	KTEST_EXPECT_LOG(t, mark, "which is not the start of an object");
	mark = ktest_log_mark();
	kmem_cache_free(other, p);
	KTEST_EXPECT_LOG(t, mark, "BUG test-other: free to the wrong cache");
	KTEST_EXPECT_LOG(t, mark, "belongs to cache test-bad");
	mark = ktest_log_mark();
	kmem_cache_free(s, &stack_word);
	KTEST_EXPECT_LOG(t, mark, "which is not a slab object");
	kmem_cache_free(s, p);
	mark = ktest_log_mark();
	kmem_cache_free(s, p);
	KTEST_EXPECT_LOG(t, mark, "double free");
	KTEST_EXPECT_EQ(t, s->active_objs, 1);
	KTEST_EXPECT_GE(t, s->reports, 3);
	/* Still usable: p comes back, and everything validates. */
	KTEST_EXPECT_EQ(t, (u64)kmem_cache_alloc(s, GFP_KERNEL), (u64)p);
	expect_valid(t, s);
	kmem_cache_free(s, p);
	kmem_cache_free(s, q);
	KTEST_EXPECT_EQ(t, kmem_cache_destroy(s), 0);
	KTEST_EXPECT_EQ(t, kmem_cache_destroy(other), 0);
}

static void free_pointers_are_encoded(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("test-encode", 64, 0, 0, NULL);
	u8 *a, *b;

	KTEST_ASSERT_NOT_NULL(t, s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, b);
	kmem_cache_free(s, a);
	/* a's free pointer leads to b, but is not stored as b's address. */
	KTEST_EXPECT_NE(t, *(u64 *)(a + s->offset), (u64)b);
	/* It is stored as Linux 6.1 stores it: b ^ random ^ swab(where it is stored). */
	KTEST_EXPECT_EQ(t, *(u64 *)(a + s->offset),
			(u64)b ^ s->random ^ __builtin_bswap64((u64)(a + s->offset)));
	KTEST_EXPECT_EQ(t, (u64)kmem_cache_alloc(s, GFP_KERNEL), (u64)a);
	KTEST_EXPECT_EQ(t, (u64)kmem_cache_alloc(s, GFP_KERNEL), (u64)b);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	KTEST_EXPECT_EQ(t, kmem_cache_destroy(s), 0);
}

static void corrupt_freelist_is_not_followed(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("test-corrupt", 64, 0, 0, NULL);
	u8 *a, *b, *c, *d;
	u64 mark;

	KTEST_ASSERT_NOT_NULL(t, s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, b);
	/* A use-after-free write puts a plausible pointer where b's free pointer is. */
	*(u64 *)(b + s->offset) = (u64)a;
	mark = ktest_log_mark();
	c = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_EXPECT_EQ(t, (u64)c, (u64)b);
	KTEST_EXPECT_LOG(t, mark, "BUG test-corrupt: freelist corruption");
	/* The broken slab is left alone: the next object comes from a new slab. */
	d = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, d);
	KTEST_EXPECT_NE(t, (u64)d & PAGE_MASK, (u64)a & PAGE_MASK);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	kmem_cache_free(s, a);
	kmem_cache_free(s, c);
	kmem_cache_free(s, d);
	KTEST_EXPECT_EQ(t, kmem_cache_destroy(s), 0);
}

#define STRESS_CACHES 6
#define STRESS_SLOTS 512
#define STRESS_OPS 6000

struct stress_slot {
	u8 *p;
	size_t size;
	int cache; /* index into caches[], or -1 for kmalloc */
	u8 tag;
};

static bool stress_check(const struct stress_slot *sl)
{
	for (size_t k = 0; k < sl->size; k++)
		if (sl->p[k] != (u8)(sl->tag + k))
			return false;
	return true;
}

static void random_stress_keeps_contents(struct ktest *t)
{
	static struct stress_slot slot[STRESS_SLOTS];
	struct kmem_cache *caches[STRESS_CACHES];
	unsigned long bad = 0;

	ktest_seed(t);
	for (int c = 0; c < STRESS_CACHES; c++) {
		caches[c] = kmem_cache_create(
			"test-stress", 8 + (unsigned int)(ktest_rand(t) % 700),
			1U << (ktest_rand(t) % 7), (c & 1) ? SLAB_HWCACHE_ALIGN : 0, NULL);
		KTEST_ASSERT_NOT_NULL(t, caches[c]);
	}
	memset(slot, 0, sizeof(slot));
	for (int op = 0; op < STRESS_OPS; op++) {
		struct stress_slot *sl = &slot[ktest_rand(t) % STRESS_SLOTS];

		if (sl->p) {
			bad += !stress_check(sl);
			if (sl->cache < 0)
				kfree(sl->p);
			else
				kmem_cache_free(caches[sl->cache], sl->p);
			sl->p = NULL;
			continue;
		}
		sl->cache = (int)(ktest_rand(t) % (STRESS_CACHES + 1)) - 1;
		if (sl->cache < 0) {
			sl->size = 1 + ktest_rand(t) % (ktest_rand(t) % 8 ? 512 : 20000);
			sl->p = kmalloc(sl->size, GFP_KERNEL);
		} else {
			sl->size = caches[sl->cache]->object_size;
			sl->p = kmem_cache_alloc(caches[sl->cache], GFP_KERNEL);
		}
		KTEST_ASSERT_NOT_NULL(t, sl->p);
		sl->tag = (u8)ktest_rand(t);
		for (size_t k = 0; k < sl->size; k++)
			sl->p[k] = (u8)(sl->tag + k);
	}
	for (int i = 0; i < STRESS_SLOTS; i++) {
		struct stress_slot *sl = &slot[i];

		if (!sl->p)
			continue;
		bad += !stress_check(sl);
		if (sl->cache < 0)
			kfree(sl->p);
		else
			kmem_cache_free(caches[sl->cache], sl->p);
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	for (int c = 0; c < STRESS_CACHES; c++) {
		expect_valid(t, caches[c]);
		KTEST_EXPECT_EQ(t, kmem_cache_destroy(caches[c]), 0);
	}
}

static const struct ktest_case slab_cases[] = {
	KTEST_CASE(objects_are_aligned_and_disjoint),
	KTEST_CASE(ctor_runs_once_per_object),
	KTEST_CASE(zalloc_zeroes),
	KTEST_CASE(shrink_returns_empty_slabs),
	KTEST_CASE(destroy_with_live_objects_is_refused),
	KTEST_CASE(bad_frees_are_refused),
	KTEST_CASE(free_pointers_are_encoded),
	KTEST_CASE(corrupt_freelist_is_not_followed),
	KTEST_CASE(random_stress_keeps_contents),
};

KTEST_SUITE(slab_suite, "slab", slab_cases);
