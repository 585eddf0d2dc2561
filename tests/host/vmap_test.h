/* SPDX-License-Identifier: MIT */
/*
 * The helpers of the vmap range allocator's host tests
 * (tests/host/test_vmap_area.c: the placement rules, merging and misuse;
 * tests/host/test_vmap_area_stress.c: seeded model-checked runs and the
 * search cost): set up and tear down a space, check it, dump it on failure,
 * and a seeded PRNG that replays on any libc.
 *
 * Static inline, like tests/host/htest.h, whose per-program state their
 * checks use; include htest.h first.
 */
#ifndef STRATA_TESTS_HOST_VMAP_TEST_H
#define STRATA_TESTS_HOST_VMAP_TEST_H

#include <stdlib.h>
#include <time.h>

#include "lib/errno.h"
#include "mm/vmap_area.h"
#include "tests/host/htest.h"
#include "tests/host/vmap_model.h"

#define PG PAGE_SIZE
#define BASE (1ULL << 40) /* region start in most cases: aligned to 1 TiB */

static inline void dump(const struct vmap_space *s)
{
	const struct vmap_area *va;
	int n = 0;

	htest_logf("region [%#llx, %#llx) busy %llu free %llu", (unsigned long long)s->start,
		   (unsigned long long)s->end, (unsigned long long)s->nr_busy,
		   (unsigned long long)s->nr_free);
	for (va = vmap_free_first(s); va && n < 16; va = vmap_free_next(va), n++)
		htest_logf("  free [%#llx, %#llx)", (unsigned long long)va->va_start,
			   (unsigned long long)va->va_end);
	for (va = vmap_area_first(s); va && n < 32; va = vmap_area_next(va), n++)
		htest_logf("  busy [%#llx, %#llx)", (unsigned long long)va->va_start,
			   (unsigned long long)va->va_end);
}

/* vmap_space_check() plus the node count; logs why and dumps on failure. */
static inline bool space_ok(const struct vmap_space *s)
{
	char why[160];

	if (!vmap_space_check(s, why, sizeof(why))) {
		htest_logf("vmap_space_check: %s", why);
		dump(s);
		return false;
	}
	if ((u64)vmap_nodes_live != s->nr_busy + s->nr_free) {
		htest_logf("vmap_nodes_live %ld != busy %llu + free %llu", vmap_nodes_live,
			   (unsigned long long)s->nr_busy, (unsigned long long)s->nr_free);
		return false;
	}
	return true;
}

static inline void setup(struct vmap_space *s, u64 start, u64 end)
{
	vmap_nodes_live = 0;
	vmap_allocs_before_fail = -1;
	EXPECT_EQ(vmap_space_init(s, start, end, vmap_test_node_alloc, vmap_test_node_free), 0);
}

/* Destroy and expect every node back. */
static inline void teardown(struct vmap_space *s)
{
	vmap_space_destroy(s);
	EXPECT_EQ(vmap_nodes_live, 0);
}

/* True if the space is back to one free range covering the region. */
static inline bool all_free(const struct vmap_space *s)
{
	const struct vmap_area *f = vmap_free_first(s);

	return s->nr_busy == 0 && s->nr_free == 1 && f && f->va_start == s->start &&
	       f->va_end == s->end;
}

/* A deterministic PRNG (xorshift64*), so a seed replays on any libc. */
static u64 rng_state;

static inline u64 rnd(u64 n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (rng_state * 0x2545f4914f6cdd1dULL) % n;
}

static inline void seed_rng(const char *name)
{
	const char *env = getenv("HTEST_SEED");
	u64 seed = env ? strtoull(env, NULL, 0) : (u64)time(NULL);

	htest_diag("%s: seed %llu (set HTEST_SEED to replay)", name, (unsigned long long)seed);
	rng_state = seed * 2654435761ULL + 1;
}

#endif /* STRATA_TESTS_HOST_VMAP_TEST_H */
