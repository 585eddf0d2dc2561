// SPDX-License-Identifier: MIT
/*
 * Host tests for the vmap range allocator (mm/vmap_area.c, lib/rbtree.c,
 * mm/vmap_check.c): its placement rules in directed cases after Linux's
 * vmalloc stress scenarios (fixed size, full fit, long busy list), merging
 * in every order, injected node-allocation failures, lookups, refused frees
 * and the invariant check noticing corruption. The seeded model-checked
 * runs and the search cost are in tests/host/test_vmap_area_stress.c. Every
 * case ends with no node left allocated.
 */
#include "tests/host/vmap_test.h"

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

static const struct htest_case cases[] = {
	HTEST_CASE(init_and_args),     HTEST_CASE(fixed_size),
	HTEST_CASE(full_fit),	       HTEST_CASE(long_busy_list),
	HTEST_CASE(merge_every_order), HTEST_CASE(node_alloc_failure),
	HTEST_CASE(find_and_bad_free), HTEST_CASE(check_detects_corruption),
};

HTEST_MAIN("vmap_area", cases)
