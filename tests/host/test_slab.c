// SPDX-License-Identifier: MIT
/*
 * Host tests for the slab core (mm/slab.c, slab_debug.c, kmalloc.c,
 * slabinfo.c) on top of the host build of the buddy (mm/page_alloc.c),
 * under AddressSanitizer, over a simulated RAM of 16 MiB. ASan watches
 * that the allocator itself never touches memory outside that RAM or its
 * own state, even while it reports corruption; the checks watch that every
 * object keeps its contents and every cache validates.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/types.h"
#include "mm/gfp.h"
#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "mm/page_info.h"
#include "mm/slab.h"
#include "mm/slab_internal.h"
#include "tests/host/htest.h"
#include "tests/host/kernel_shim.h"
#include "tests/host/sim_machine.h"

#define RAM_BYTES (16UL << 20)
#define RAM_START (64UL << 20)

static u64 free_after_init;
static unsigned long objects_after_init; /* the kmalloc caches' struct kmem_cache */

/* One simulated machine for the whole binary: the slab layer keeps global caches. */
static void machine_init(void)
{
	if (sim_ram)
		return;
	sim_machine_reset(RAM_START, RAM_BYTES);
	kmem_cache_init();
	free_after_init = nr_free_pages();
	objects_after_init = slab_objects();
	shim_log_clear();
}

static void caches_come_up(void)
{
	machine_init();
	EXPECT_TRUE(kmalloc_slab(64) != NULL);
	EXPECT_EQ(kmalloc_slab(8192)->object_size, 8192);
	EXPECT_TRUE(kmalloc_slab(8193) == NULL);
	slabinfo_print();
	EXPECT_TRUE(shim_log_contains("kmalloc-8k "));
	EXPECT_TRUE(sim_buddy_ok());
}

#define NCACHES 8
#define SLOTS 1500
#define STEPS 200000

struct slot {
	u8 *p;
	size_t size;
	int cache; /* -1: kmalloc */
	u8 tag;
};

static bool slot_intact(const struct slot *s)
{
	for (size_t k = 0; k < s->size; k++)
		if (s->p[k] != (u8)(s->tag ^ k))
			return false;
	return true;
}

static void slot_free(struct kmem_cache **caches, struct slot *s)
{
	if (s->cache < 0)
		kfree(s->p);
	else
		kmem_cache_free(caches[s->cache], s->p);
	s->p = NULL;
}

static void random_stress_keeps_invariants(void)
{
	static struct slot slot[SLOTS];
	struct kmem_cache *caches[NCACHES];
	unsigned int seed = getenv("HTEST_SEED") ? (unsigned int)atoi(getenv("HTEST_SEED"))
						 : (unsigned int)time(NULL);
	unsigned long bad = 0, live = 0;

	machine_init();
	htest_diag("random_stress_keeps_invariants: seed %u", seed);
	srand(seed);
	for (int c = 0; c < NCACHES; c++) {
		caches[c] = kmem_cache_create("host-stress", 1 + (unsigned int)(rand() % 3000),
					      1U << (rand() % 8),
					      (c % 3 == 0) ? SLAB_DEBUG_FLAGS : 0, NULL);
		ASSERT_TRUE(caches[c] != NULL);
	}
	memset(slot, 0, sizeof(slot));
	for (int step = 0; step < STEPS; step++) {
		struct slot *s = &slot[rand() % SLOTS];

		if (s->p) {
			bad += !slot_intact(s);
			slot_free(caches, s);
			live--;
		} else {
			s->cache = rand() % (NCACHES + 1) - 1;
			if (s->cache < 0) {
				s->size = 1 + (size_t)(rand() % (rand() % 16 ? 1024 : 40000));
				s->p = kmalloc(s->size, GFP_KERNEL | __GFP_NOWARN);
			} else {
				s->size = caches[s->cache]->object_size;
				s->p = kmem_cache_alloc(caches[s->cache],
							GFP_KERNEL | __GFP_NOWARN);
			}
			if (!s->p)
				continue; /* RAM is small: running out is allowed */
			s->tag = (u8)rand();
			for (size_t k = 0; k < s->size; k++)
				s->p[k] = (u8)(s->tag ^ k);
			live++;
		}
		if (step % 4000 == 0) {
			for (int c = 0; c < NCACHES; c++)
				ASSERT_EQ(kmem_cache_validate(caches[c]), 0);
			ASSERT_TRUE(sim_buddy_ok());
		}
	}
	for (int i = 0; i < SLOTS; i++)
		if (slot[i].p) {
			bad += !slot_intact(&slot[i]);
			slot_free(caches, &slot[i]);
		}
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(slab_objects(), objects_after_init + NCACHES);
	for (int c = 0; c < NCACHES; c++) {
		EXPECT_EQ(kmem_cache_validate(caches[c]), 0);
		EXPECT_EQ(kmem_cache_destroy(caches[c]), 0);
	}
	kmem_cache_shrink_all();
	EXPECT_EQ(nr_free_pages(), free_after_init);
	EXPECT_TRUE(sim_buddy_ok());
	EXPECT_TRUE(shim_log_contains("BUG") == false);
}

static void detections_stay_inside_the_heap(void)
{
	struct kmem_cache *s;
	u8 *p, *q;

	machine_init();
	s = kmem_cache_create("host-debug", 100, 0, SLAB_DEBUG_FLAGS, NULL);
	ASSERT_TRUE(s != NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	shim_log_clear();
	p[100] = 0; /* red zone */
	kmem_cache_free(s, p);
	EXPECT_TRUE(shim_log_contains("Right Redzone overwritten"));
	p[0] = 1; /* write after free */
	EXPECT_EQ(kmem_cache_validate(s), 1);
	EXPECT_TRUE(shim_log_contains("Poison overwritten"));
	kmem_cache_free(s, p); /* double free: p is the freelist head, the core's check */
	EXPECT_TRUE(shim_log_contains("double free of"));
	kmem_cache_free(s, q + 3);
	EXPECT_TRUE(shim_log_contains("not the start of an object"));
	EXPECT_EQ(kmem_cache_destroy(s), -16);
	EXPECT_TRUE(shim_log_contains("still allocated"));
	kmem_cache_free(s, q);
	EXPECT_EQ(kmem_cache_validate(s), 0);
	EXPECT_EQ(kmem_cache_destroy(s), 0);
	kmem_cache_shrink_all();
	EXPECT_EQ(nr_free_pages(), free_after_init);
	EXPECT_EQ(slab_objects(), objects_after_init);
}

/* How often needle occurs in what the code under test printed. */
static int log_count(const char *needle)
{
	int n = 0;

	for (const char *p = strstr(shim_log, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

#define ALL SLAB_DEBUG_FLAGS
#define F SLAB_CONSISTENCY_CHECKS
#define Z SLAB_RED_ZONE
#define P SLAB_POISON
#define U SLAB_STORE_USER

/* The flags opt gives the cache called name, as kmem_cache_create() would apply them. */
static slab_flags_t opt_flags(const char *opt, const char *name)
{
	bool lists;

	return slub_debug_cache_flags(opt, slub_debug_parse(opt, &lists, NULL, 0), name);
}

/* slub_debug= means what Linux 6.1's setup_slub_debug() and kmem_cache_flags() make of it. */
static void slub_debug_option_as_in_linux(void)
{
	char skipped[16];
	struct kmem_cache *listed, *other;
	bool lists;

	machine_init();
	EXPECT_EQ(slub_debug_parse("", &lists, skipped, sizeof(skipped)), ALL);
	EXPECT_TRUE(!lists && !skipped[0]);
	EXPECT_EQ(slub_debug_parse("FZ", &lists, NULL, 0), F | Z);
	EXPECT_EQ(slub_debug_parse("fpz", &lists, NULL, 0), F | P | Z);
	EXPECT_EQ(slub_debug_parse("FZ-P", &lists, NULL, 0), P);
	/* An empty flag list before the caches: full debugging for them, none for the rest. */
	EXPECT_EQ(slub_debug_parse(",kmalloc-64", &lists, NULL, 0), 0);
	EXPECT_TRUE(lists);
	EXPECT_EQ(opt_flags(",kmalloc-64", "kmalloc-64"), ALL);
	EXPECT_EQ(opt_flags(",kmalloc-64", "kmalloc-96"), 0);
	EXPECT_EQ(opt_flags(",kmalloc-64", "kmalloc-6"), 0);
	EXPECT_EQ(opt_flags("P,kmalloc-*,dentry", "kmalloc-8k"), P);
	EXPECT_EQ(opt_flags("P,kmalloc-*,dentry", "dentry"), P);
	EXPECT_EQ(opt_flags("P,kmalloc-*,dentry", "dentry2"), 0);
	/* Blocks: the first list naming the cache, else the last block without a list. */
	EXPECT_EQ(opt_flags("Z,dentry;U,kmalloc-*", "dentry"), Z);
	EXPECT_EQ(opt_flags("Z,dentry;U,kmalloc-*", "kmalloc-64"), U);
	EXPECT_EQ(opt_flags("Z,dentry;U,kmalloc-*", "inode"), 0);
	EXPECT_EQ(opt_flags("FZ;-,zs_handle,zspage", "zspage"), 0);
	EXPECT_EQ(opt_flags("FZ;-,zs_handle,zspage", "inode"), F | Z);
	/* Unknown letters (and Linux's T, A, O) are skipped and named. */
	EXPECT_EQ(slub_debug_parse("garbage", &lists, skipped, sizeof(skipped)), 0);
	EXPECT_STREQ(skipped, "garbage");
	EXPECT_EQ(slub_debug_parse("PTO", &lists, skipped, sizeof(skipped)), P);
	EXPECT_STREQ(skipped, "TO");

	/* What the boot log says: one warning for all the skipped letters, then the meaning. */
	shim_log_clear();
	slub_debug_configure("garbage");
	EXPECT_EQ(log_count("skipped"), 1);
	EXPECT_TRUE(shim_log_contains("slub_debug=garbage: letters \"garbage\" skipped"));
	EXPECT_TRUE(shim_log_contains("slub_debug: flags none for every cache\n"));
	shim_log_clear();
	slub_debug_configure("");
	EXPECT_TRUE(shim_log_contains("slub_debug: flags FZPU for every cache\n"));
	EXPECT_EQ(log_count("skipped"), 0);
	/* The caches created afterwards get it. */
	slub_debug_configure(",host-listed*");
	EXPECT_TRUE(shim_log_contains(
		"slub_debug: flags FZPU for host-listed*; none for every other cache\n"));
	listed = kmem_cache_create("host-listed-1", 50, 0, 0, NULL);
	other = kmem_cache_create("host-other", 50, 0, 0, NULL);
	ASSERT_TRUE(listed && other);
	EXPECT_EQ(listed->flags & ALL, ALL);
	EXPECT_EQ(other->flags & ALL, 0);
	slub_debug_configure(NULL);
	EXPECT_EQ(kmem_cache_destroy(listed), 0);
	EXPECT_EQ(kmem_cache_destroy(other), 0);
	kmem_cache_shrink_all();
	EXPECT_EQ(nr_free_pages(), free_after_init);
}

static const struct htest_case cases[] = {
	HTEST_CASE(caches_come_up),
	HTEST_CASE(random_stress_keeps_invariants),
	HTEST_CASE(detections_stay_inside_the_heap),
	HTEST_CASE(slub_debug_option_as_in_linux),
};

HTEST_MAIN("slab", cases)
