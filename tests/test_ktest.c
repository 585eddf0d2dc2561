// SPDX-License-Identifier: MIT
/*
 * Tests of the test framework's managed resources (tests/ktest_resource.c):
 * deferred actions run newest first, once, when a case ends, even when it
 * aborts, and the managed allocations leave every memory counter as it was.
 * Most cases drive a second, inner struct ktest by hand, so they can watch
 * its end from outside. The last case, selftest_leak, fails on purpose
 * (only with ktest.selftest_leak=1 on the command line): it aborts holding
 * memory, and the suite's baseline must still pass.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "kernel/cmdline.h"
#include "lib/string.h"
#include "mm/mm_stats.h"
#include "mm/vmalloc.h"

/* The inner case: static, like the framework's own (it is large, and survives klongjmp). */
static struct ktest inner;
/* The order in which record() ran, as the args it was given. */
static unsigned long ran[KTEST_MAX_ACTIONS + 1];
static unsigned int nr_ran;

static void inner_reset(void)
{
	memset(&inner, 0, sizeof(inner));
	inner.name = "(an inner case, failing on purpose)";
	nr_ran = 0;
}

static void record(void *arg)
{
	if (nr_ran < ARRAY_SIZE(ran))
		ran[nr_ran++] = (unsigned long)arg;
}

static void actions_run_newest_first_and_once(struct ktest *t)
{
	inner_reset();
	for (unsigned long i = 1; i <= 3; i++)
		ktest_defer(&inner, record, (void *)i);
	KTEST_EXPECT_EQ(t, inner.nr_actions, 3);
	ktest_run_deferred(&inner);
	KTEST_ASSERT_EQ(t, nr_ran, 3);
	KTEST_EXPECT_EQ(t, ran[0], 3);
	KTEST_EXPECT_EQ(t, ran[1], 2);
	KTEST_EXPECT_EQ(t, ran[2], 1);
	KTEST_EXPECT_EQ(t, inner.nr_actions, 0);
	ktest_run_deferred(&inner);
	KTEST_EXPECT_EQ(t, nr_ran, 3);
}

static void release_runs_early_and_forget_never(struct ktest *t)
{
	inner_reset();
	for (unsigned long i = 1; i <= 4; i++)
		ktest_defer(&inner, record, (void *)i);
	ktest_release(&inner, (void *)2);
	KTEST_ASSERT_EQ(t, nr_ran, 1);
	KTEST_EXPECT_EQ(t, ran[0], 2);
	ktest_forget(&inner, (void *)3);
	KTEST_EXPECT_EQ(t, nr_ran, 1);
	KTEST_EXPECT_EQ(t, inner.nr_actions, 2);
	KTEST_EXPECT_FALSE(t, inner.failed);
	/* Not held (any more): a failed check of the inner case, nothing runs. */
	ktest_release(&inner, (void *)2);
	KTEST_EXPECT_TRUE(t, inner.failed);
	ktest_run_deferred(&inner);
	KTEST_ASSERT_EQ(t, nr_ran, 3);
	KTEST_EXPECT_EQ(t, ran[1], 4);
	KTEST_EXPECT_EQ(t, ran[2], 1);
}

static void full_table_runs_the_action_and_aborts(struct ktest *t)
{
	static unsigned long i;

	inner_reset();
	if (!ksetjmp(&inner.abort)) {
		for (i = 1; i <= KTEST_MAX_ACTIONS + 1; i++)
			ktest_defer(&inner, record, (void *)i);
	}
	/* The last one ran at once, then the inner case aborted. */
	KTEST_EXPECT_EQ(t, i, KTEST_MAX_ACTIONS + 1);
	KTEST_EXPECT_TRUE(t, inner.failed);
	KTEST_ASSERT_EQ(t, nr_ran, 1);
	KTEST_EXPECT_EQ(t, ran[0], KTEST_MAX_ACTIONS + 1);
	ktest_run_deferred(&inner);
	KTEST_EXPECT_EQ(t, nr_ran, KTEST_MAX_ACTIONS + 1);
	KTEST_EXPECT_EQ(t, ran[1], KTEST_MAX_ACTIONS);
}

/*
 * Hold one of each managed kind in case k: pages, a vmap of them, a kmalloc
 * object, a vmalloc area, a cache and an object of it. Returns false if
 * memory ran out (what was had is still registered).
 */
static bool hold_one_of_each(struct ktest *k)
{
	struct page *page = ktest_alloc_pages(k, GFP_KERNEL | __GFP_NOWARN, 1);
	struct kmem_cache *s;

	if (!page || !ktest_vmap(k, &page, 1, PAGE_KERNEL))
		return false;
	if (!ktest_kmalloc(k, 100, GFP_KERNEL | __GFP_NOWARN) || !ktest_vmalloc(k, 3 * PAGE_SIZE))
		return false;
	s = ktest_kmem_cache_create(k, "test-managed", 48, 0, 0, NULL);
	return s && ktest_kmem_cache_alloc(k, s, GFP_KERNEL | __GFP_NOWARN);
}

static void expect_same_stats(struct ktest *t, const struct mm_stats *a)
{
	struct mm_stats b;

	vm_unmap_aliases(); /* the vfree()d area counts once purged */
	mm_stats_read(&b);
	for (int i = 0; i < NR_MM_STATS; i++)
		if (a->v[i] != b.v[i])
			ktest_fail(t, false, __FILE__, __LINE__, "%s: %llu, expected %llu",
				   mm_stat_names[i], (unsigned long long)b.v[i],
				   (unsigned long long)a->v[i]);
}

static void managed_allocations_are_freed_at_the_end(struct ktest *t)
{
	struct mm_stats before;
	unsigned long areas = vmalloc_nr_areas(), objects = slab_objects();

	vm_unmap_aliases();
	mm_stats_read(&before);
	inner_reset();
	if (!hold_one_of_each(&inner)) {
		ktest_run_deferred(&inner);
		ktest_skip(t, "out of memory for the resources");
	}
	KTEST_EXPECT_EQ(t, inner.nr_actions, 6);
	KTEST_EXPECT_EQ(t, vmalloc_nr_areas(), areas + 2);
	/* kmalloc's, the cache and its object, a vm_struct and a vmap_area per area. */
	KTEST_EXPECT_EQ(t, slab_objects(), objects + 7);
	/* The object before its cache: a destroy with it live would be refused and reported. */
	ktest_run_deferred(&inner);
	expect_same_stats(t, &before);
}

static void an_aborted_case_frees_what_it_holds(struct ktest *t)
{
	static struct mm_stats before;
	static bool held;

	vm_unmap_aliases();
	mm_stats_read(&before);
	inner_reset();
	held = false;
	if (!ksetjmp(&inner.abort)) {
		held = hold_one_of_each(&inner);
		/* An ASSERT of the inner case that fails: it leaves at once. */
		KTEST_ASSERT_EQ(&inner, 1, 2);
	}
	KTEST_EXPECT_TRUE(t, inner.failed);
	ktest_run_deferred(&inner);
	if (!held)
		ktest_skip(t, "out of memory for the resources");
	expect_same_stats(t, &before);
}

/*
 * Fails on purpose when booted with ktest.selftest_leak=1: it aborts on an
 * ASSERT holding one of each managed kind; the suite's baseline right
 * after it must pass. tools/test-all.sh runs it and expects exactly that.
 */
static void selftest_leak(struct ktest *t)
{
	if (!cmdline_get_bool("ktest.selftest_leak", false))
		ktest_skip(t, "fails on purpose: boot with ktest.selftest_leak=1");
	if (!hold_one_of_each(t))
		ktest_note("selftest_leak: memory ran out; aborting with what was had");
	KTEST_ASSERT_EQ(t, t->nr_actions, 0);
}

static const struct ktest_case ktest_cases[] = {
	KTEST_CASE(actions_run_newest_first_and_once),
	KTEST_CASE(release_runs_early_and_forget_never),
	KTEST_CASE(full_table_runs_the_action_and_aborts),
	KTEST_CASE(managed_allocations_are_freed_at_the_end),
	KTEST_CASE(an_aborted_case_frees_what_it_holds),
	KTEST_CASE(selftest_leak),
};

KTEST_SUITE(ktest_suite, "ktest", ktest_cases);
