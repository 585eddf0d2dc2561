// SPDX-License-Identifier: MIT
/*
 * Exhaustion end to end, the slab and vmalloc cases of the exhaustion suite
 * (the suite, the buddy's cases and the helpers that take RAM are in
 * tests/test_exhaustion.c). Each case first takes all of RAM but one block
 * of 64 or 128 pages (drain_buddy_but), so it exhausts those pages and not
 * the guest: a few thousand objects at most, whatever the RAM size.
 *
 *   slab_cache_exhausted_and_recovered   kmem_cache_alloc until NULL
 *   kmalloc_exhausted_and_recovered      kmalloc of four sizes until NULL
 *   vmalloc_exhausted_by_the_buddy       vmalloc until NULL: out of pages
 *   vmalloc_out_of_fitting_ranges        vmalloc until NULL: out of ranges
 *
 * Each checks that NULL comes back, that the allocator keeps working after
 * some frees, and that everything freed puts every mm_stats counter (free
 * pages, page tables, slab objects, vmalloc areas) back where it was.
 */
#include "tests/exhaustion.h"
#include "mm/mm_stats.h"
#include "mm/page_info.h"
#include "mm/pgtable.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include "lib/string.h"

/* Every mm_stats counter (free pages, page tables, slab objects, vmalloc areas) as in a. */
static void expect_same_stats(struct ktest *t, const struct mm_stats *a, int line)
{
	struct mm_stats b;

	mm_stats_read(&b);
	for (int i = 0; i < NR_MM_STATS; i++)
		if (a->v[i] != b.v[i])
			ktest_fail(t, false, __FILE__, line, "%s: %llu, expected %llu",
				   mm_stat_names[i], (unsigned long long)b.v[i],
				   (unsigned long long)a->v[i]);
}

/*
 * Take all of RAM but one block of 2^order pages: the block is set aside
 * first, RAM taken largest blocks first (cheap, see the top), then the block
 * freed. The slab and vmalloc then exhaust those few pages, not the guest.
 * min_free_kbytes is 0 for the case, so no watermark keeps pages back.
 */
static struct held *drain_buddy_but(struct ktest *t, unsigned int order)
{
	struct page *kept;
	struct held *list = NULL;

	ktest_set_min_free_kbytes(t, 0); /* no reserve: the layers may use every page */
	kept = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);
	exhaustion_take(&list, GFP_KERNEL, MAX_ORDER, 0);
	if (kept)
		__free_pages(kept, order);
	return list;
}

/* Objects chained through their first word; the second holds a check word. */
struct obj {
	struct obj *next;
	u64 check; /* ~address: still intact when freed? */
};

/* Allocate with alloc(arg) until NULL (at most max), chaining; returns how many. */
static unsigned long alloc_until_null(struct obj **chain, void *(*alloc)(void *), void *arg,
				      unsigned long max)
{
	unsigned long n = 0;
	struct obj *o;

	while (n < max && (o = alloc(arg))) {
		o->next = *chain;
		o->check = ~(u64)o;
		*chain = o;
		n++;
	}
	return n;
}

/* Free every other object of the chain with release(); returns how many, counting bad ones in *bad. */
static unsigned long free_every_other(struct obj **chain, void (*release)(void *, void *),
				      void *arg, unsigned long *bad)
{
	unsigned long n = 0, i = 0;

	for (struct obj **pp = chain; *pp;) {
		struct obj *o = *pp;

		if (i++ % 2) {
			*pp = o->next;
			*bad += o->check != ~(u64)o;
			release(arg, o);
			n++;
		} else {
			pp = &o->next;
		}
	}
	return n;
}

static void free_chain(struct obj *chain, void (*release)(void *, void *), void *arg,
		       unsigned long *bad)
{
	while (chain) {
		struct obj *next = chain->next;

		*bad += chain->check != ~(u64)chain;
		release(arg, chain);
		chain = next;
	}
}

static void *cache_alloc(void *s)
{
	return kmem_cache_alloc(s, GFP_KERNEL | __GFP_NOWARN);
}

static void cache_free(void *s, void *o)
{
	kmem_cache_free(s, o);
}

static void *kmalloc_of(void *size)
{
	return kmalloc((size_t)size, GFP_KERNEL | __GFP_NOWARN);
}

static void kfree_of(void *size, void *o)
{
	(void)size;
	kfree(o);
}

/* The most objects a case may take: 64 pages of 64-byte objects, with room to spare. */
#define MAX_OBJECTS 8192

/*
 * A cache of 1 KiB objects (order-0 slabs of 4; with KASAN's tracking,
 * larger slots) over 64 free pages: NULL comes back, the cache validates, every freed object can be
 * had again, and everything freed gives back every page and object.
 */
void slab_cache_exhausted_and_recovered(struct ktest *t)
{
	struct kmem_cache *s;
	struct mm_stats before;
	struct obj *chain = NULL;
	struct held *list;
	unsigned long n, freed, bad = 0;

	mm_stats_read(&before);
	s = kmem_cache_create("exhaustion-1k", 1024, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(t, s);
	list = drain_buddy_but(t, 6);
	n = alloc_until_null(&chain, cache_alloc, s, MAX_OBJECTS);
	/* Exactly the 64 pages' worth: the cache is new, nothing else allocates. */
	KTEST_EXPECT_EQ(t, n, (64UL >> s->order) * s->objects);
	KTEST_EXPECT_LT(t, n, MAX_OBJECTS);
	KTEST_EXPECT_EQ(t, nr_free_pages(), 0);
	KTEST_EXPECT_NULL(t, kmem_cache_alloc(s, GFP_KERNEL | __GFP_NOWARN));
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	/* Still working at empty: the freed objects, and only those, come back. */
	freed = free_every_other(&chain, cache_free, s, &bad);
	KTEST_EXPECT_EQ(t, alloc_until_null(&chain, cache_alloc, s, freed), freed);
	KTEST_EXPECT_NULL(t, kmem_cache_alloc(s, GFP_KERNEL | __GFP_NOWARN));
	KTEST_EXPECT_EQ(t, kmem_cache_active_objs(s), n);
	free_chain(chain, cache_free, s, &bad);
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	exhaustion_give_back(list);
	KTEST_EXPECT_EQ(t, kmem_cache_destroy(s), 0);
	expect_same_stats(t, &before, __LINE__);
	exhaustion_expect_invariants(t);
}

/*
 * kmalloc over 64 free pages: a large size (buddy pages) until NULL, then
 * size classes from 8 KiB (order-3 slabs) down to 64 bytes, each until
 * NULL in what the others left; then every other object of each size is
 * freed and must come back, and everything freed leaves no trace.
 */
void kmalloc_exhausted_and_recovered(struct ktest *t)
{
	static const size_t sizes[] = {64 * KiB, 8192, 1024, 64};
	struct obj *chain[ARRAY_SIZE(sizes)] = {NULL};
	unsigned long n[ARRAY_SIZE(sizes)], bad = 0;
	struct mm_stats before;
	struct held *list;

	mm_stats_read(&before);
	list = drain_buddy_but(t, 6);
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		n[i] = alloc_until_null(&chain[i], kmalloc_of, (void *)sizes[i], MAX_OBJECTS);
		KTEST_EXPECT_LT(t, n[i], MAX_OBJECTS);
	}
	KTEST_EXPECT_EQ(t, n[0], 4); /* the one free block, 256 KiB, holds four */
	KTEST_EXPECT_EQ(t, nr_free_pages(), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++)
		KTEST_EXPECT_NULL(t, kmalloc(sizes[i], GFP_KERNEL | __GFP_NOWARN));
	/* Still working at empty: the freed memory, and only that, comes back. */
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned long freed = free_every_other(&chain[i], kfree_of, NULL, &bad);

		KTEST_EXPECT_EQ(t, alloc_until_null(&chain[i], kmalloc_of, (void *)sizes[i], freed),
				freed);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++)
		free_chain(chain[i], kfree_of, NULL, &bad);
	KTEST_EXPECT_EQ(t, bad, 0);
	for (unsigned int i = 1; i < ARRAY_SIZE(sizes); i++)
		KTEST_EXPECT_EQ(t, kmem_cache_validate(kmalloc_slab(sizes[i])), 0);
	exhaustion_give_back(list);
	expect_same_stats(t, &before, __LINE__);
	exhaustion_expect_invariants(t);
}

static void expect_vmalloc_consistent(struct ktest *t)
{
	char why[160];

	if (!vmalloc_check(why, sizeof(why))) {
		ktest_fail(t, false, __FILE__, __LINE__, "vmalloc invariant broken: %s", why);
		vmalloc_dump();
	}
}

#define VM_AREA_PAGES 16UL
#define VM_MAX_AREAS 32

/*
 * vmalloc of 64 KiB areas over 128 free pages until NULL: the last one
 * fails part way, out of pages with some mapped, and must leave nothing:
 * the counters of free pages, page tables, slab objects (its vm_struct and
 * range node) and areas are unchanged by a failing call, vmallocinfo lists
 * no area of its size, and after two vfrees a vmalloc succeeds again (its
 * first try fails on the pages the lazily freed areas hold: it purges and
 * tries again).
 */
void vmalloc_exhausted_by_the_buddy(struct ktest *t)
{
	u8 *area[VM_MAX_AREAS];
	struct mm_stats before, at_failure;
	struct held *list;
	unsigned int n = 0;
	u64 mark;

	vm_unmap_aliases(); /* no lazily freed area is purged inside the measurement */
	mm_stats_read(&before);
	list = drain_buddy_but(t, 7);
	mark = ktest_log_mark();
	while (n < VM_MAX_AREAS && (area[n] = vmalloc(VM_AREA_PAGES * PAGE_SIZE))) {
		area[n][0] = (u8)(n + 1);
		n++;
	}
	KTEST_EXPECT_GE(t, n, 1);
	KTEST_EXPECT_LT(t, n, VM_MAX_AREAS);
	KTEST_EXPECT_LOG(t, mark, "vmalloc: allocation failure: 65536 bytes");
	/* Another failure, larger, measured around the call itself. */
	mm_stats_read(&at_failure);
	mark = ktest_log_mark();
	KTEST_EXPECT_NULL(t, vmalloc(3 * VM_AREA_PAGES * PAGE_SIZE));
	expect_same_stats(t, &at_failure, __LINE__);
	vmallocinfo_print();
	KTEST_EXPECT_LOG(t, mark, " 69632 vmalloc_exhausted_by_the_buddy+");
	KTEST_EXPECT_FALSE(t, ktest_log_contains(mark, " 200704 "));
	KTEST_EXPECT_EQ(t, vmalloc_nr_areas(), before.v[MM_VMALLOC_AREAS] + n);
	expect_vmalloc_consistent(t);
	/* Still working: two areas freed, one of the same size fits. */
	if (n >= 2) {
		vfree(area[--n]);
		vfree(area[--n]);
		area[n] = vmalloc(VM_AREA_PAGES * PAGE_SIZE);
		KTEST_EXPECT_NOT_NULL(t, area[n]);
		if (area[n]) {
			area[n][0] = (u8)(n + 1);
			n++;
		}
	}
	for (unsigned int i = 0; i < n; i++) {
		KTEST_EXPECT_EQ(t, area[i][0], (u8)(i + 1));
		vfree(area[i]);
	}
	vm_unmap_aliases(); /* the vfree()s' pages and ranges come back at the purge */
	exhaustion_give_back(list);
	expect_same_stats(t, &before, __LINE__);
	expect_vmalloc_consistent(t);
}

/* Alignment of the areas that exhaust the region's places: 4 TiB, 8 of them in 32 TiB. */
#define VM_RANGE_ALIGN (4UL << 40)

/*
 * The range allocator out of room. The region itself (32 TiB) cannot be
 * filled: an area is at most all of RAM and needs its pages, so it would
 * take thousands of areas of all of RAM. Running out of ranges that fit a
 * request is cheap: one-page areas aligned to 4 TiB take every such place
 * (8 areas, 4 pages each with their new page tables), and the next fails
 * with its vm_struct given back and nothing mapped. A freed place is found
 * again. (tests/fuzz/fuzz_vmap.c fills a small region for real, on the host.)
 */
void vmalloc_out_of_fitting_ranges(struct ktest *t)
{
	u64 first = ALIGN_UP(VMALLOC_START, VM_RANGE_ALIGN), end = vmalloc_region_end();
	/* None in a KASAN build, which confines vmalloc to where it has shadow. */
	unsigned int places =
		first + 2 * PAGE_SIZE <= end
			? (unsigned int)((end - 2 * PAGE_SIZE - first) / VM_RANGE_ALIGN + 1)
			: 0;
	u8 *area[VM_MAX_AREAS];
	struct mm_stats before, at_failure;
	unsigned int n = 0;
	u64 mark;

	vm_unmap_aliases(); /* no lazily freed area is purged inside the measurement */
	mm_stats_read(&before);
	while (n < VM_MAX_AREAS && (area[n] = __vmalloc_node(PAGE_SIZE, VM_RANGE_ALIGN, GFP_KERNEL,
							     0, __builtin_return_address(0))))
		n++;
	KTEST_EXPECT_EQ(t, n, places);
	for (unsigned int i = 0; i < n; i++)
		KTEST_EXPECT_EQ(t, (u64)area[i], first + i * VM_RANGE_ALIGN);
	mm_stats_read(&at_failure);
	mark = ktest_log_mark();
	KTEST_EXPECT_NULL(t, __vmalloc_node(PAGE_SIZE, VM_RANGE_ALIGN, GFP_KERNEL, 0,
					    __builtin_return_address(0)));
	KTEST_EXPECT_LOG(t, mark, "no virtual range");
	expect_same_stats(t, &at_failure, __LINE__);
	expect_vmalloc_consistent(t);
	if (n) {
		u8 *again;

		vfree(area[n / 2]);
		again = __vmalloc_node(PAGE_SIZE, VM_RANGE_ALIGN, GFP_KERNEL, 0,
				       __builtin_return_address(0));
		KTEST_EXPECT_EQ(t, (u64)again, (u64)area[n / 2]);
		area[n / 2] = again;
	}
	for (unsigned int i = 0; i < n; i++)
		vfree(area[i]);
	vm_unmap_aliases(); /* the vfree()s' pages and ranges come back at the purge */
	expect_same_stats(t, &before, __LINE__);
	expect_vmalloc_consistent(t);
}
