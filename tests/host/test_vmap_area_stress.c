// SPDX-License-Identifier: MIT
/*
 * Seeded, model-checked host tests of the vmap range allocator
 * (mm/vmap_area.c): random sizes and alignments (Linux's random size and
 * fixed alignment scenarios), one page at every power-of-two alignment, and
 * 10,000 live areas, each checked after every operation against a
 * brute-force model (tests/host/vmap_model.c: a sorted array of busy ranges;
 * the free ranges are its gaps); and a bound on the search cost. The
 * directed cases are in tests/host/test_vmap_area.c. Every case ends with no
 * node left allocated.
 */
#include "tests/host/vmap_test.h"

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

/* Free live[k] for a random k < *n in the model and the space; the free's result. */
static int free_random(struct vmap_space *s, struct vmap_area **live, int *n)
{
	int k = (int)rnd((u64)*n);
	struct vmap_area *va = live[k];

	live[k] = live[--*n];
	vmap_model_remove(va->va_start);
	return vmap_area_free(s, va);
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
				ASSERT_EQ(free_random(&s, live, &n), 0);
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
	for (i = 0; i < LIVE / 4; i++)
		ASSERT_EQ(free_random(&s, live, &n), 0);
	for (i = 0; i < OPS; i++) {
		if (rnd(2) && n > 0) {
			ASSERT_EQ(free_random(&s, live, &n), 0);
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
	HTEST_CASE(random_sizes_and_alignments),
	HTEST_CASE(alignment_shift),
	HTEST_CASE(stress_10k_live),
	HTEST_CASE(search_is_logarithmic),
};

HTEST_MAIN("vmap_area_stress", cases)
