// SPDX-License-Identifier: MIT
/*
 * Host tests for the vmap range allocator (mm/vmap_area.c, lib/rbtree.c,
 * mm/vmap_check.c). Directed cases after Linux's vmalloc stress scenarios
 * (fixed size, full fit, long busy list, random sizes, fixed alignment,
 * random size and alignment, alignment shift), merging in every order,
 * injected node-allocation failures, lookups, and a seeded run with 10,000
 * live areas checked after every operation against a brute-force model (a
 * sorted array of busy ranges; the free ranges are its gaps). Every case
 * ends with no node left allocated.
 */
#include <stdlib.h>
#include <time.h>

#include "lib/errno.h"
#include "mm/vmap_area.h"
#include "tests/host/htest.h"
#include "tests/host/vmap_model.h"

#define PG PAGE_SIZE
#define BASE (1ULL << 40) /* region start in most cases: aligned to 1 TiB */

/* ---- helpers ---- */

static void dump(const struct vmap_space *s)
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
static bool space_ok(const struct vmap_space *s)
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

static void setup(struct vmap_space *s, u64 start, u64 end)
{
	vmap_nodes_live = 0;
	vmap_allocs_before_fail = -1;
	EXPECT_EQ(vmap_space_init(s, start, end, vmap_test_node_alloc, vmap_test_node_free), 0);
}

/* Destroy and expect every node back. */
static void teardown(struct vmap_space *s)
{
	vmap_space_destroy(s);
	EXPECT_EQ(vmap_nodes_live, 0);
}

/* True if the space is back to one free range covering the region. */
static bool all_free(const struct vmap_space *s)
{
	const struct vmap_area *f = vmap_free_first(s);

	return s->nr_busy == 0 && s->nr_free == 1 && f && f->va_start == s->start &&
	       f->va_end == s->end;
}

/* A deterministic PRNG (xorshift64*), so a seed replays on any libc. */
static u64 rng_state;

static u64 rnd(u64 n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (rng_state * 0x2545f4914f6cdd1dULL) % n;
}

static void seed_rng(const char *name)
{
	const char *env = getenv("HTEST_SEED");
	u64 seed = env ? strtoull(env, NULL, 0) : (u64)time(NULL);

	htest_diag("%s: seed %llu (set HTEST_SEED to replay)", name, (unsigned long long)seed);
	rng_state = seed * 2654435761ULL + 1;
}

/* Allocate and compare with the model's prediction; the area or NULL. */
static struct vmap_area *alloc_checked(struct vmap_space *s, u64 size, u64 align)
{
	u64 want = 0;
	bool fits = vmap_model_predict(s, size, align, &want);
	struct vmap_area *va = vmap_area_alloc(s, size, align);

	if (!fits != !va || (va && va->va_start != want)) {
		htest_logf("alloc(%#llx, %#llx): got %#llx, model %s %#llx",
			   (unsigned long long)size, (unsigned long long)align,
			   va ? (unsigned long long)va->va_start : 0ULL,
			   fits ? "says" : "says none", (unsigned long long)want);
		htest_failed = true;
	}
	if (va)
		vmap_model_insert(va->va_start, va->va_end);
	return va;
}

/* ---- cases ---- */

static void init_and_args(void)
{
	struct vmap_space s;
	struct vmap_stats st;
	struct vmap_area *a, *b;

	EXPECT_EQ(vmap_space_init(&s, 0x2000, 0x2000, vmap_test_node_alloc, vmap_test_node_free),
		  -EINVAL);
	EXPECT_EQ(vmap_space_init(&s, 0x2000, 0x1000, vmap_test_node_alloc, vmap_test_node_free),
		  -EINVAL);
	EXPECT_EQ(vmap_space_init(&s, 0x2001, 0x9000, vmap_test_node_alloc, vmap_test_node_free),
		  -EINVAL);
	EXPECT_EQ(vmap_space_init(&s, 0x2000, 0x9000, NULL, vmap_test_node_free), -EINVAL);
	vmap_nodes_live = 0;
	vmap_allocs_before_fail = 0;
	EXPECT_EQ(vmap_space_init(&s, 0x2000, 0x9000, vmap_test_node_alloc, vmap_test_node_free),
		  -ENOMEM);
	EXPECT_EQ(vmap_nodes_live, 0);

	setup(&s, 0x2000, 0x9000);
	ASSERT_TRUE(space_ok(&s));
	vmap_space_stats(&s, &st);
	EXPECT_EQ(st.nr_busy, 0);
	EXPECT_EQ(st.nr_free, 1);
	EXPECT_EQ(st.free_bytes, 7 * PG);
	EXPECT_EQ(st.largest_free, 7 * PG);
	EXPECT_EQ(st.busy_bytes, 0);
	/* Bad sizes and alignments are refused without a change. */
	EXPECT_TRUE(vmap_area_alloc(&s, 0, PG) == NULL);
	EXPECT_TRUE(vmap_area_alloc(&s, PG + 1, PG) == NULL);
	EXPECT_TRUE(vmap_area_alloc(&s, PG, 3 * PG) == NULL);
	EXPECT_TRUE(vmap_area_alloc(&s, 8 * PG, PG) == NULL);
	EXPECT_TRUE(vmap_area_alloc(&s, ~(u64)0 & PAGE_MASK, PG) == NULL);
	EXPECT_TRUE(vmap_area_alloc(&s, PG, 1ULL << 63) == NULL);
	EXPECT_TRUE(all_free(&s));
	/* align below a page (0, 1, 8) means a page. */
	a = vmap_area_alloc(&s, PG, 0);
	b = vmap_area_alloc(&s, PG, 8);
	ASSERT_TRUE(a && b);
	EXPECT_EQ(a->va_start, 0x2000);
	EXPECT_EQ(b->va_start, 0x3000);
	EXPECT_TRUE(a->owner == NULL && a->caller == NULL);
	EXPECT_TRUE(space_ok(&s));
	teardown(&s); /* destroy with busy areas still live */
}

/* Linux fix_size_alloc_test: equal areas go bottom-up, back to back. */
static void fixed_size(void)
{
	struct vmap_space s;
	struct vmap_area *va[100];
	int i;

	setup(&s, BASE, BASE + GiB);
	for (i = 0; i < 100; i++) {
		va[i] = vmap_area_alloc(&s, 3 * PG, PG);
		ASSERT_TRUE(va[i] != NULL);
		EXPECT_EQ(va[i]->va_start, BASE + (u64)i * 3 * PG);
		EXPECT_EQ(vmap_area_size(va[i]), 3 * PG);
	}
	ASSERT_TRUE(space_ok(&s));
	EXPECT_EQ(s.nr_free, 1);
	for (i = 0; i < 100; i++)
		EXPECT_EQ(vmap_area_free(&s, va[i]), 0);
	EXPECT_TRUE(all_free(&s));
	EXPECT_TRUE(space_ok(&s));
	teardown(&s);
}

/* Linux full_fit_alloc_test: fill the region exactly, then one more fails. */
static void full_fit(void)
{
	enum {
		PAGES = 1000
	};
	struct vmap_area *va[PAGES];
	struct vmap_space s;
	struct vmap_stats st;
	u64 used = 0;
	int n = 0, i;

	seed_rng("full_fit");
	setup(&s, BASE, BASE + PAGES * PG);
	while (used < PAGES * PG) {
		u64 size = (1 + rnd(8)) * PG;

		if (size > PAGES * PG - used)
			size = PAGES * PG - used;
		va[n] = vmap_area_alloc(&s, size, PG);
		ASSERT_TRUE(va[n] != NULL);
		EXPECT_EQ(va[n]->va_start, BASE + used);
		used += size;
		n++;
	}
	vmap_space_stats(&s, &st);
	EXPECT_EQ(st.nr_free, 0);
	EXPECT_EQ(st.free_bytes, 0);
	EXPECT_EQ(st.largest_free, 0);
	EXPECT_TRUE(vmap_area_alloc(&s, PG, PG) == NULL);
	ASSERT_TRUE(space_ok(&s));
	/* Free in random order: everything merges back into one range. */
	for (i = n - 1; i > 0; i--) {
		int j = (int)rnd((u64)i + 1);
		struct vmap_area *t = va[i];

		va[i] = va[j];
		va[j] = t;
	}
	for (i = 0; i < n; i++) {
		ASSERT_EQ(vmap_area_free(&s, va[i]), 0);
		ASSERT_TRUE(space_ok(&s));
	}
	EXPECT_TRUE(all_free(&s));
	teardown(&s);
}

/*
 * Linux long_busy_list_alloc_test: a long run of busy pages with one-page
 * holes; a two-page request must skip every hole, a one-page request must
 * take the lowest hole.
 */
static void long_busy_list(void)
{
	enum {
		N = 4000
	};
	static struct vmap_area *va[N];
	struct vmap_area *a, *b;
	struct vmap_space s;
	int i;

	setup(&s, BASE, BASE + GiB);
	for (i = 0; i < N; i++)
		ASSERT_TRUE((va[i] = vmap_area_alloc(&s, PG, PG)) != NULL);
	for (i = 1; i < N - 1; i += 2) /* the last stays: no merge with the tail */
		ASSERT_EQ(vmap_area_free(&s, va[i]), 0);
	ASSERT_TRUE(space_ok(&s));
	EXPECT_EQ(s.nr_free, N / 2); /* N/2 - 1 holes and the tail */
	a = vmap_area_alloc(&s, 2 * PG, PG);
	ASSERT_TRUE(a != NULL);
	EXPECT_EQ(a->va_start, BASE + (u64)N * PG);
	b = vmap_area_alloc(&s, PG, PG);
	ASSERT_TRUE(b != NULL);
	EXPECT_EQ(b->va_start, BASE + PG);
	EXPECT_TRUE(vmap_area_find_containing(&s, BASE + 2 * PG + 5) == va[2]);
	EXPECT_TRUE(space_ok(&s));
	teardown(&s);
}

/* Random sizes, then random sizes with random alignment, model-checked. */
static void random_sizes_and_alignments(void)
{
	struct vmap_space s;
	int pass, i;

	seed_rng("random_sizes_and_alignments");
	for (pass = 0; pass < 3; pass++) {
		static struct vmap_area *live[600];
		int n = 0;

		vmap_model_reset();
		setup(&s, BASE + 5 * PG, BASE + 64 * MiB);
		for (i = 0; i < 3000; i++) {
			u64 size = (1 + rnd(64)) * PG;
			/* pass 0: no alignment; 1: fixed 64 KiB; 2: random. */
			u64 align = pass == 0 ? PG : pass == 1 ? 16 * PG : PG << rnd(12);

			if (n == 600 || (n > 0 && rnd(3) == 0)) {
				int k = (int)rnd((u64)n);

				vmap_model_remove(live[k]->va_start);
				ASSERT_EQ(vmap_area_free(&s, live[k]), 0);
				live[k] = live[--n];
			} else {
				struct vmap_area *va = alloc_checked(&s, size, align);

				if (va) {
					EXPECT_TRUE(IS_ALIGNED(va->va_start, align));
					live[n++] = va;
				}
			}
			ASSERT_FALSE(htest_case_failed());
			ASSERT_TRUE(space_ok(&s));
			ASSERT_TRUE(vmap_model_matches(&s));
		}
		while (n > 0)
			ASSERT_EQ(vmap_area_free(&s, live[--n]), 0);
		EXPECT_TRUE(all_free(&s));
		teardown(&s);
	}
	vmap_model_reset();
}

/*
 * Linux align_shift_alloc_test: one page at every power-of-two alignment.
 * The region [2^40 + 1 page, 2^40 + 64 GiB) holds a multiple of 2^k for
 * k <= 35 only (2^40 + 2^36 is just outside). Also the fallback: a range
 * that fits only because it is exactly aligned (smaller than size + align -
 * PAGE_SIZE).
 */
static void alignment_shift(void)
{
	struct vmap_space s;
	struct vmap_area *va, *pin;
	int k;

	setup(&s, BASE + PG, BASE + 64 * GiB);
	for (k = PAGE_SHIFT; k < 64; k++) {
		va = vmap_area_alloc(&s, PG, 1ULL << k);
		if (k <= 35) {
			ASSERT_TRUE(va != NULL);
			EXPECT_TRUE(IS_ALIGNED(va->va_start, 1ULL << k));
			EXPECT_EQ(va->va_start, k == PAGE_SHIFT ? BASE + PG : BASE + (1ULL << k));
			ASSERT_EQ(vmap_area_free(&s, va), 0);
		} else {
			EXPECT_TRUE(va == NULL);
		}
		ASSERT_TRUE(space_ok(&s));
	}
	teardown(&s);

	/* Exactly 16 pages at a 64 KiB boundary: the fallback must find it. */
	setup(&s, BASE, BASE + 16 * PG);
	va = vmap_area_alloc(&s, 16 * PG, 16 * PG);
	ASSERT_TRUE(va != NULL);
	EXPECT_EQ(va->va_start, BASE);
	EXPECT_EQ(vmap_area_free(&s, va), 0);
	teardown(&s);

	/*
	 * A 4-page hole at 64 KiB alignment below a large free tail: the rule
	 * prefers the lowest range that surely fits (the tail), not the hole.
	 */
	setup(&s, BASE, BASE + GiB);
	pin = vmap_area_alloc(&s, 16 * PG, PG);
	va = vmap_area_alloc(&s, 4 * PG, PG); /* [16, 20) pages */
	ASSERT_TRUE(vmap_area_alloc(&s, 12 * PG, PG) != NULL);
	ASSERT_EQ(vmap_area_free(&s, va), 0);
	va = vmap_area_alloc(&s, 4 * PG, 16 * PG);
	ASSERT_TRUE(va != NULL);
	EXPECT_EQ(va->va_start, BASE + 32 * PG);
	EXPECT_TRUE(pin != NULL && space_ok(&s));
	teardown(&s);
}

/* Three neighbours A B C (D keeps C off the tail); free in every order. */
static void merge_every_order(void)
{
	static const int orders[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
					 {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
	int o, i;

	for (o = 0; o < 6; o++) {
		struct vmap_space s;
		struct vmap_area *abc[3], *d;

		setup(&s, BASE, BASE + 64 * PG);
		for (i = 0; i < 3; i++)
			abc[i] = vmap_area_alloc(&s, (u64)(i + 1) * PG, PG);
		d = vmap_area_alloc(&s, PG, PG);
		ASSERT_TRUE(abc[0] && abc[1] && abc[2] && d);
		EXPECT_EQ(s.nr_free, 1); /* the tail after D */
		for (i = 0; i < 3; i++) {
			ASSERT_EQ(vmap_area_free(&s, abc[orders[o][i]]), 0);
			ASSERT_TRUE(space_ok(&s));
		}
		/* A..C merged into one range [0, 6 pages), plus the tail. */
		EXPECT_EQ(s.nr_free, 2);
		EXPECT_EQ(vmap_free_first(&s)->va_start, BASE);
		EXPECT_EQ(vmap_free_first(&s)->va_end, BASE + 6 * PG);
		EXPECT_EQ(vmap_area_free(&s, d), 0); /* merges both sides */
		EXPECT_TRUE(all_free(&s));
		EXPECT_EQ(vmap_nodes_live, 1);
		teardown(&s);
	}
}

/* A copy of every range, to prove a failed call changed nothing. */
struct snapshot {
	u64 r[64][3];
	int n;
};

static void take(const struct vmap_space *s, struct snapshot *snap)
{
	const struct vmap_area *va;

	memset(snap, 0, sizeof(*snap));
	for (va = vmap_free_first(s); va && snap->n < 64; va = vmap_free_next(va), snap->n++) {
		snap->r[snap->n][0] = va->va_start;
		snap->r[snap->n][1] = va->va_end;
	}
	for (va = vmap_area_first(s); va && snap->n < 64; va = vmap_area_next(va), snap->n++) {
		snap->r[snap->n][0] = va->va_start;
		snap->r[snap->n][1] = va->va_end;
		snap->r[snap->n][2] = 1; /* busy */
	}
}

/*
 * Node allocation fails at each point an allocation can need a node: the
 * busy node of an edge fit, and either node of a middle fit. Nothing may
 * change; then the same call succeeds when memory is back.
 */
static void node_alloc_failure(void)
{
	static const struct {
		u64 size, align;
		int nodes; /* nodes this fit type takes */
	} fits[] = {
		{3 * PG, PG, 1},     /* left edge of the hole */
		{2 * PG, 4 * PG, 1}, /* right edge: hole [2, 6) pages */
		{PG, 4 * PG, 2},     /* middle: [4, 5) of [2, 8) */
		{4 * PG, PG, 0},     /* full fit: no node needed */
	};
	unsigned f;
	int fail_at;

	for (f = 0; f < ARRAY_SIZE(fits); f++) {
		for (fail_at = 0; fail_at <= fits[f].nodes; fail_at++) {
			struct vmap_space s;
			struct vmap_area *a, *hole, *va;
			struct snapshot before, after;
			u64 hole_pages = f == 2 ? 6 : 4;

			setup(&s, BASE, BASE + 64 * PG);
			a = vmap_area_alloc(&s, 2 * PG, PG);
			hole = vmap_area_alloc(&s, hole_pages * PG, PG);
			ASSERT_TRUE(vmap_area_alloc(&s, 56 * PG, PG) != NULL);
			ASSERT_EQ(vmap_area_free(&s, hole), 0);
			ASSERT_TRUE(a != NULL);
			take(&s, &before);
			vmap_allocs_before_fail = fail_at;
			va = vmap_area_alloc(&s, fits[f].size, fits[f].align);
			vmap_allocs_before_fail = -1;
			if (fail_at < fits[f].nodes) {
				EXPECT_TRUE(va == NULL);
				take(&s, &after);
				EXPECT_EQ(after.n, before.n);
				EXPECT_EQ(memcmp(&before, &after, sizeof(before)), 0);
				va = vmap_area_alloc(&s, fits[f].size, fits[f].align);
			}
			ASSERT_TRUE(va != NULL);
			EXPECT_TRUE(IS_ALIGNED(va->va_start, fits[f].align));
			EXPECT_TRUE(va->va_start >= BASE + 2 * PG &&
				    va->va_end <= BASE + (2 + hole_pages) * PG);
			EXPECT_TRUE(space_ok(&s));
			teardown(&s);
		}
	}
}

/* Lookups by exact start and containing address; refused frees. */
static void find_and_bad_free(void)
{
	struct vmap_space s;
	struct vmap_area *a, *b, *va, fake;
	int n = 0;

	setup(&s, BASE, BASE + 64 * PG);
	a = vmap_area_alloc(&s, 3 * PG, PG); /* 2 pages + guard */
	b = vmap_area_alloc(&s, 2 * PG, PG);
	ASSERT_TRUE(a && b);
	a->caller = (const void *)0x1234;
	EXPECT_TRUE(vmap_area_find(&s, BASE) == a);
	EXPECT_TRUE(vmap_area_find(&s, BASE + PG) == NULL);
	EXPECT_TRUE(vmap_area_find(&s, BASE + 3 * PG) == b);
	EXPECT_TRUE(vmap_area_find_containing(&s, BASE + 2 * PG + 8) == a);
	EXPECT_TRUE(vmap_area_find_containing(&s, BASE + 5 * PG - 1) == b);
	EXPECT_TRUE(vmap_area_find_containing(&s, BASE + 5 * PG) == NULL);
	EXPECT_TRUE(vmap_area_find_containing(&s, BASE - 1) == NULL);
	EXPECT_TRUE(vmap_area_find_containing(&s, BASE + GiB) == NULL);
	for_each_vmap_area (va, &s)
		EXPECT_TRUE(va == (n++ ? b : a));
	EXPECT_EQ(n, 2);

	/* Foreign, free and NULL nodes are refused, nothing changes. */
	fake = *a;
	EXPECT_EQ(vmap_area_free(&s, &fake), -EINVAL);
	EXPECT_EQ(vmap_area_free(&s, vmap_free_first(&s)), -EINVAL);
	EXPECT_EQ(vmap_area_free(&s, NULL), -EINVAL);
	EXPECT_TRUE(space_ok(&s));
	EXPECT_EQ(s.nr_busy, 2);
	/* A double free is caught the vfree way: look the address up first. */
	EXPECT_EQ(vmap_area_free(&s, vmap_area_find(&s, BASE)), 0);
	EXPECT_TRUE(vmap_area_find(&s, BASE) == NULL);
	EXPECT_EQ(vmap_area_free(&s, vmap_area_find(&s, BASE)), -EINVAL);
	EXPECT_EQ(vmap_area_free(&s, b), 0);
	EXPECT_TRUE(all_free(&s));
	teardown(&s);
}

/* vmap_space_check() notices a corrupted node and says what broke. */
static void check_detects_corruption(void)
{
	struct vmap_space s;
	struct vmap_area *a, *b;
	char why[160];
	u64 saved;

	setup(&s, BASE, BASE + 64 * PG);
	a = vmap_area_alloc(&s, PG, PG);
	b = vmap_area_alloc(&s, PG, PG);
	ASSERT_TRUE(a && b && vmap_area_free(&s, a) == 0);
	ASSERT_TRUE(space_ok(&s));
	saved = vmap_free_first(&s)->subtree_max_size;
	vmap_free_first(&s)->subtree_max_size = 99 * PG;
	EXPECT_FALSE(vmap_space_check(&s, why, sizeof(why)));
	EXPECT_TRUE(strstr(why, "subtree_max_size") != NULL);
	vmap_free_first(&s)->subtree_max_size = saved;
	b->va_end += PG; /* overlaps the free tail */
	EXPECT_FALSE(vmap_space_check(&s, why, sizeof(why)));
	EXPECT_TRUE(strstr(why, "tile") != NULL);
	b->va_end -= PG;
	s.nr_busy++;
	EXPECT_FALSE(vmap_space_check(&s, why, 12)); /* truncated, terminated */
	EXPECT_EQ(strlen(why), 11);
	s.nr_busy--;
	s.busy_root.root->red = true;
	EXPECT_FALSE(vmap_space_check(&s, why, sizeof(why)));
	EXPECT_TRUE(strstr(why, "busy tree: red root") != NULL);
	s.busy_root.root->red = false;
	EXPECT_TRUE(space_ok(&s));
	teardown(&s);
}

/*
 * 10,000 live small areas, then random frees and allocations, with the full
 * check and the model after every operation; at the end all back to one
 * free range and no node left.
 */
static void stress_10k_live(void)
{
	enum {
		LIVE = 10000,
		OPS = 4000
	};
	static struct vmap_area *live[LIVE + OPS];
	struct vmap_space s;
	int n = 0, i;

	seed_rng("stress_10k_live");
	vmap_model_reset();
	setup(&s, BASE, BASE + 4 * GiB);
	for (i = 0; i < LIVE; i++) {
		live[n] = alloc_checked(&s, (1 + rnd(4)) * PG, PG);
		ASSERT_TRUE(live[n] != NULL);
		n++;
	}
	ASSERT_TRUE(space_ok(&s));
	/* Punch holes so the allocations below land among the busy ones. */
	for (i = 0; i < LIVE / 4; i++) {
		int k = (int)rnd((u64)n);

		vmap_model_remove(live[k]->va_start);
		ASSERT_EQ(vmap_area_free(&s, live[k]), 0);
		live[k] = live[--n];
	}
	for (i = 0; i < OPS; i++) {
		if (rnd(2) && n > 0) {
			int k = (int)rnd((u64)n);

			vmap_model_remove(live[k]->va_start);
			ASSERT_EQ(vmap_area_free(&s, live[k]), 0);
			live[k] = live[--n];
		} else {
			u64 align = rnd(8) ? PG : PG << rnd(6);

			live[n] = alloc_checked(&s, (1 + rnd(6)) * PG, align);
			ASSERT_TRUE(live[n] != NULL);
			n++;
		}
		ASSERT_FALSE(htest_case_failed());
		ASSERT_TRUE(space_ok(&s));
	}
	ASSERT_TRUE(vmap_model_matches(&s));
	while (n > 0)
		ASSERT_EQ(vmap_area_free(&s, live[--n]), 0);
	EXPECT_TRUE(all_free(&s));
	EXPECT_TRUE(space_ok(&s));
	teardown(&s);
	vmap_model_reset();
}

/*
 * Search cost: with 10,000 one-page free fragments and one larger hole
 * somewhere among them, every request looks at no more than 4*log2(n)
 * nodes (a red-black tree is at most 2*log2(n + 1) high; one descent).
 */
static void search_is_logarithmic(void)
{
	enum {
		N = 20000
	};
	static struct vmap_area *va[N];
	struct vmap_space s;
	struct vmap_area *got;
	u64 bound = 0;
	int i, hole;

	seed_rng("search_is_logarithmic");
	setup(&s, BASE, BASE + GiB);
	for (i = 0; i < N; i++)
		ASSERT_TRUE((va[i] = vmap_area_alloc(&s, PG, PG)) != NULL);
	for (i = 0; i < N; i += 2)
		ASSERT_EQ(vmap_area_free(&s, va[i]), 0);
	/* A 3-page hole at a random odd index: pages 2h-1 .. 2h+1. */
	hole = 1 + 2 * (int)rnd(N / 2 - 1);
	ASSERT_EQ(vmap_area_free(&s, va[hole]), 0);
	ASSERT_TRUE(space_ok(&s));
	while ((2ULL << bound) <= s.nr_free) /* bound = floor(log2(n)) */
		bound++;
	bound *= 4;
	htest_diag("search_is_logarithmic: %llu free ranges, bound %llu",
		   (unsigned long long)s.nr_free, (unsigned long long)bound);

	got = vmap_area_alloc(&s, 3 * PG, PG);
	ASSERT_TRUE(got != NULL);
	EXPECT_EQ(got->va_start, BASE + (u64)(hole - 1) * PG);
	EXPECT_TRUE(s.search_visits > 0 && s.search_visits < bound);
	got = vmap_area_alloc(&s, 2 * PG, PG); /* only the tail fits */
	ASSERT_TRUE(got != NULL);
	EXPECT_EQ(got->va_start, BASE + (u64)N * PG);
	EXPECT_TRUE(s.search_visits < bound);
	for (i = 0; i < 1000; i++) {
		got = vmap_area_alloc(&s, PG, PG); /* lowest one-page holes */
		ASSERT_TRUE(got != NULL);
		EXPECT_TRUE(s.search_visits < bound);
	}
	got = vmap_area_alloc(&s, 4 * PG, 4 * PG);
	ASSERT_TRUE(got != NULL);
	EXPECT_TRUE(s.search_visits < bound);
	if (htest_case_failed())
		htest_logf("last search visited %llu nodes", (unsigned long long)s.search_visits);
	EXPECT_TRUE(space_ok(&s));
	teardown(&s);
}

static const struct htest_case cases[] = {
	HTEST_CASE(init_and_args),
	HTEST_CASE(fixed_size),
	HTEST_CASE(full_fit),
	HTEST_CASE(long_busy_list),
	HTEST_CASE(random_sizes_and_alignments),
	HTEST_CASE(alignment_shift),
	HTEST_CASE(merge_every_order),
	HTEST_CASE(node_alloc_failure),
	HTEST_CASE(find_and_bad_free),
	HTEST_CASE(check_detects_corruption),
	HTEST_CASE(stress_10k_live),
	HTEST_CASE(search_is_logarithmic),
};

HTEST_MAIN("vmap_area", cases)
