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
	objects_after_init = slab_objects;
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
	EXPECT_EQ(slab_objects, objects_after_init + NCACHES);
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
	EXPECT_TRUE(shim_log_contains("red zone overwritten"));
	p[0] = 1; /* write after free */
	EXPECT_EQ(kmem_cache_validate(s), 1);
	EXPECT_TRUE(shim_log_contains("write after free"));
	kmem_cache_free(s, p); /* double free */
	EXPECT_TRUE(shim_log_contains("double free"));
	kmem_cache_free(s, q + 3);
	EXPECT_TRUE(shim_log_contains("not the start of an object"));
	EXPECT_EQ(kmem_cache_destroy(s), -16);
	EXPECT_TRUE(shim_log_contains("still allocated"));
	kmem_cache_free(s, q);
	EXPECT_EQ(kmem_cache_validate(s), 0);
	EXPECT_EQ(kmem_cache_destroy(s), 0);
	kmem_cache_shrink_all();
	EXPECT_EQ(nr_free_pages(), free_after_init);
	EXPECT_EQ(slab_objects, objects_after_init);
}

static const struct htest_case cases[] = {
	HTEST_CASE(caches_come_up),
	HTEST_CASE(random_stress_keeps_invariants),
	HTEST_CASE(detections_stay_inside_the_heap),
};

HTEST_MAIN("slab", cases)
