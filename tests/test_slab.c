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

/* A cache for one case: destroyed when the case ends, after its objects (below). */
static struct kmem_cache *test_cache(struct ktest *t, const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags, void (*ctor)(void *))
{
	struct kmem_cache *s = ktest_kmem_cache_create(t, name, size, align, flags, ctor);

	KTEST_ASSERT_NOT_NULL(t, s);
	return s;
}

/* An object of s for one case, freed when the case ends unless released before. */
static void *test_alloc(struct ktest *t, struct kmem_cache *s)
{
	void *p = ktest_kmem_cache_alloc(t, s, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, p);
	return p;
}

/* Free objects n-1 .. 0 of obj (newest first: each is the last action registered). */
static void release_all(struct ktest *t, void **obj, unsigned int n)
{
	while (n--)
		ktest_release(t, obj[n]);
}

/* The case destroys s itself, and expects that to succeed. */
static void expect_destroyed(struct ktest *t, struct kmem_cache *s)
{
	ktest_forget(t, s);
	if (kmem_cache_destroy(s))
		ktest_fail(t, false, __FILE__, __LINE__, "kmem_cache_destroy(%s) refused", s->name);
}

static void expect_valid(struct ktest *t, struct kmem_cache *s)
{
	if (kmem_cache_validate(s)) {
		ktest_fail(t, false, __FILE__, __LINE__, "cache %s does not validate", s->name);
		slab_dump(s);
	}
}

/* Fill n objects with distinct patterns, then check none was overwritten by another. */
static void expect_disjoint(struct ktest *t, void **obj, int n, size_t size)
{
	for (int i = 0; i < n; i++)
		memset(obj[i], 0x10 + i, size);
	for (int i = 0; i < n; i++)
		for (size_t k = 0; k < size; k++)
			if (((u8 *)obj[i])[k] != (u8)(0x10 + i)) {
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
	void *obj[MAX_OBJS];

	for (unsigned int si = 0; si < ARRAY_SIZE(sizes); si++)
		for (unsigned int ai = 0; ai < ARRAY_SIZE(aligns); ai++)
			for (unsigned int fi = 0; fi < ARRAY_SIZE(flags); fi++) {
				struct kmem_cache *s = test_cache(t, "test-align", sizes[si],
								  aligns[ai], flags[fi], NULL);
				unsigned int want = MAX(aligns[ai], 8U), line = 64;

				/* HWCACHE_ALIGN: the line, halved while two objects fit in it. */
				while (sizes[si] <= line / 2 && line > 8)
					line /= 2;
				if (flags[fi] & SLAB_HWCACHE_ALIGN)
					want = MAX(want, line);
				KTEST_EXPECT_EQ(t, s->align, want);
				for (int i = 0; i < MAX_OBJS; i++) {
					obj[i] = test_alloc(t, s);
					KTEST_EXPECT_EQ(t, (u64)obj[i] % want, 0);
				}
				expect_disjoint(t, obj, MAX_OBJS, sizes[si]);
				expect_valid(t, s);
				release_all(t, obj, MAX_OBJS);
				expect_destroyed(t, s);
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
	struct kmem_cache *s = test_cache(t, "test-ctor", 48, 0, 0, test_ctor);
	void *obj[MAX_OBJS];
	unsigned int n = MIN(s->objects, (unsigned int)MAX_OBJS);

	ctor_calls = 0;
	for (int round = 0; round < 2; round++) {
		for (unsigned int i = 0; i < n; i++)
			obj[i] = test_alloc(t, s);
		/*
		 * One slab made: the constructor ran for each of its objects,
		 * once; reused objects keep their constructed state.
		 */
		KTEST_EXPECT_EQ(t, ctor_calls, s->objects);
		for (unsigned int i = 0; i < n; i++)
			KTEST_EXPECT_EQ(t, *(u64 *)obj[i], 0xc0ffee);
		release_all(t, obj, n);
	}
	expect_destroyed(t, s);
}

static void zalloc_zeroes(struct ktest *t)
{
	struct kmem_cache *s = test_cache(t, "test-zalloc", 200, 0, 0, NULL);
	u8 *p = test_alloc(t, s), *q;

	memset(p, 0xff, 200);
	ktest_release(t, p);
	q = kmem_cache_zalloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, q);
	for (int i = 0; i < 200; i++)
		if (q[i]) {
			ktest_fail(t, false, __FILE__, __LINE__, "byte %d is %#x", i, q[i]);
			break;
		}
	kmem_cache_free(s, q);
	expect_destroyed(t, s);
}

static void shrink_returns_empty_slabs(struct ktest *t)
{
	u64 free_before = (drain_all_pages(NULL), nr_free_pages());
	/* Big objects: four slabs fit MAX_OBJS whatever the CPU count makes the order. */
	struct kmem_cache *s = test_cache(t, "test-shrink", 2048, 0, 0, NULL);
	void *obj[MAX_OBJS];
	unsigned int n = MIN(4 * s->objects, (unsigned int)ARRAY_SIZE(obj));

	for (unsigned int i = 0; i < n; i++)
		obj[i] = test_alloc(t, s);
	KTEST_EXPECT_GE(t, s->nr_slabs, 4);
	KTEST_EXPECT_LT(t, nr_free_pages(), free_before);
	release_all(t, obj, n);
	/* Beyond the reserve (and the current slab), empty slabs went back at once. */
	KTEST_EXPECT_LE(t, s->nr_slabs, 3);
	KTEST_EXPECT_EQ(t, kmem_cache_active_objs(s), 0);
	expect_valid(t, s);
	kmem_cache_shrink(s);
	KTEST_EXPECT_EQ(t, s->nr_slabs, 0);
	drain_all_pages(NULL); /* the slab's pages went to this CPU's list */
	KTEST_EXPECT_EQ(t, nr_free_pages(), free_before);
	expect_destroyed(t, s);
}

static void destroy_with_live_objects_is_refused(struct ktest *t)
{
	struct kmem_cache *s = test_cache(t, "test-destroy", 64, 0, 0, NULL);
	void *a = test_alloc(t, s), *b = test_alloc(t, s);
	char line[64];
	u64 mark;

	ktest_release(t, test_alloc(t, s));
	mark = ktest_log_mark();
	KTEST_EXPECT_EQ(t, kmem_cache_destroy(s), -EBUSY);
	KTEST_EXPECT_LOG(t, mark, "BUG test-destroy: kmem_cache_destroy: 2 objects remain");
	snprintf(line, sizeof(line), "object %p still allocated", a);
	KTEST_EXPECT_LOG(t, mark, line);
	snprintf(line, sizeof(line), "object %p still allocated", b);
	KTEST_EXPECT_LOG(t, mark, line);
	/* The cache and its objects are intact. */
	KTEST_EXPECT_EQ(t, kmem_cache_active_objs(s), 2);
	expect_valid(t, s);
	ktest_release(t, a);
	ktest_release(t, b);
	expect_destroyed(t, s);
}

static void bad_frees_are_refused(struct ktest *t)
{
	struct kmem_cache *s = test_cache(t, "test-bad", 64, 0, 0, NULL);
	struct kmem_cache *other = test_cache(t, "test-other", 64, 0, 0, NULL);
	u8 *p = test_alloc(t, s);
	u64 mark, stack_word = 0;

	test_alloc(t, s); /* a second object: the slab stays in use when p goes */
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
	ktest_release(t, p);
	mark = ktest_log_mark();
	kmem_cache_free(s, p);
	KTEST_EXPECT_LOG(t, mark, "double free");
	KTEST_EXPECT_EQ(t, kmem_cache_active_objs(s), 1);
	KTEST_EXPECT_GE(t, s->reports, 3);
	/* Still usable: p comes back, and everything validates. */
	KTEST_EXPECT_EQ(t, (u64)test_alloc(t, s), (u64)p);
	expect_valid(t, s);
	ktest_run_deferred(t); /* the objects, then both caches */
}

static void free_pointers_are_encoded(struct ktest *t)
{
	struct kmem_cache *s = test_cache(t, "test-encode", 64, 0, 0, NULL);
	u8 *a = test_alloc(t, s), *b = test_alloc(t, s);

	ktest_release(t, b);
	ktest_release(t, a);
	/* a's free pointer leads to b, but is not stored as b's address. */
	KTEST_EXPECT_NE(t, *(u64 *)(a + s->offset), (u64)b);
	/* It is stored as Linux 6.1 stores it: b ^ random ^ swab(where it is stored). */
	KTEST_EXPECT_EQ(t, *(u64 *)(a + s->offset),
			(u64)b ^ s->random ^ __builtin_bswap64((u64)(a + s->offset)));
	KTEST_EXPECT_EQ(t, (u64)test_alloc(t, s), (u64)a);
	KTEST_EXPECT_EQ(t, (u64)test_alloc(t, s), (u64)b);
	ktest_run_deferred(t); /* both objects, then the cache */
}

static void corrupt_freelist_is_not_followed(struct ktest *t)
{
	struct kmem_cache *s = test_cache(t, "test-corrupt", 64, 0, 0, NULL);
	u8 *a = test_alloc(t, s), *b = test_alloc(t, s), *c, *d;
	u64 mark;

	ktest_release(t, b);
	/* A use-after-free write puts a plausible pointer where b's free pointer is. */
	*(u64 *)(b + s->offset) = (u64)a;
	mark = ktest_log_mark();
	c = test_alloc(t, s);
	KTEST_EXPECT_EQ(t, (u64)c, (u64)b);
	KTEST_EXPECT_LOG(t, mark, "BUG test-corrupt: freelist corruption");
	/* The broken slab is left alone: the next object comes from a new slab. */
	d = test_alloc(t, s);
	KTEST_EXPECT_NE(t, (u64)d & PAGE_MASK, (u64)a & PAGE_MASK);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	ktest_run_deferred(t); /* d, c, a, then the cache */
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

static struct stress_slot *slot; /* STRESS_SLOTS of them, from vmalloc: .bss costs small boots */
static struct kmem_cache *caches[STRESS_CACHES];

/* Free a live slot, checking its contents first; false if they were wrong. */
static bool stress_free(struct stress_slot *sl)
{
	bool ok = stress_check(sl);

	if (sl->cache < 0)
		kfree(sl->p);
	else
		kmem_cache_free(caches[sl->cache], sl->p);
	sl->p = NULL;
	return ok;
}

/* Free every live slot, checking its contents; returns how many were wrong. */
static unsigned long stress_free_all(void)
{
	unsigned long bad = 0;

	for (int i = 0; i < STRESS_SLOTS; i++)
		if (slot[i].p)
			bad += !stress_free(&slot[i]);
	return bad;
}

/* The deferred action: what an aborted case left in the slots. */
static void stress_release(void *arg)
{
	(void)arg;
	stress_free_all();
}

static void random_stress_keeps_contents(struct ktest *t)
{
	unsigned long bad = 0;

	ktest_seed(t);
	for (int c = 0; c < STRESS_CACHES; c++)
		caches[c] = test_cache(t, "test-stress", 8 + (unsigned int)(ktest_rand(t) % 700),
				       1U << (ktest_rand(t) % 7), (c & 1) ? SLAB_HWCACHE_ALIGN : 0,
				       NULL);
	slot = ktest_vmalloc(t, STRESS_SLOTS * sizeof(*slot));
	KTEST_ASSERT_NOT_NULL(t, slot);
	memset(slot, 0, STRESS_SLOTS * sizeof(*slot));
	ktest_defer(t, stress_release, slot); /* runs before the vfree: actions run newest first */
	for (int op = 0; op < STRESS_OPS; op++) {
		struct stress_slot *sl = &slot[ktest_rand(t) % STRESS_SLOTS];

		if (sl->p) {
			bad += !stress_free(sl);
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
	bad += stress_free_all();
	ktest_forget(t, slot);
	KTEST_EXPECT_EQ(t, bad, 0);
	for (int c = STRESS_CACHES - 1; c >= 0; c--) {
		expect_valid(t, caches[c]);
		expect_destroyed(t, caches[c]);
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
