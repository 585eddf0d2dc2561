/* SPDX-License-Identifier: MIT */
/*
 * ktest: strata's in-kernel unit-test framework, printing KTAP version 1
 * (the format of Linux's KUnit) on the serial console.
 *
 * A suite is a named array of cases; a case is a function taking the test
 * context. Checks:
 *   KTEST_EXPECT_*(t, ...)  record a failure and continue the case;
 *   KTEST_ASSERT_*(t, ...)  record a failure and abort the case.
 * A failed check prints "# case: what, expected and actual at file:line"
 * before the case's result line (KTAP attaches diagnostics to the next
 * result). After each suite the framework compares the memory counters
 * (free pages, page-table pages, and each allocator's live objects) with
 * their values before the suite, as an extra case named "baseline".
 *
 * A case that can abort while holding memory registers what it holds
 * (ktest_kmalloc, ktest_alloc_pages, ktest_defer, ... below): the framework
 * frees it when the case ends, passed, failed, aborted or skipped, so the
 * baseline judges the code under test, not the way a case ended.
 */
#ifndef STRATA_KTEST_H
#define STRATA_KTEST_H

#include "lib/types.h"
#include "arch/x86_64/setjmp.h"
#include "arch/x86_64/traps.h"
#include "mm/gfp.h"
#include "mm/slab.h"

/* The most deferred actions one case may have pending at a time. */
#define KTEST_MAX_ACTIONS 128

/* One deferred action of a case: fn(arg) when the case ends. */
struct ktest_action {
	void (*fn)(void *arg);
	void *arg;
};

struct ktest {
	const char *name;	 /* the case's name */
	bool failed;		 /* a check failed */
	const char *skip_reason; /* non-NULL if the case skipped itself */
	struct kjmp_buf abort;	 /* where ASSERT and skip jump to */
	u64 seed;		 /* the seed of ktest_rand(), printed by ktest_seed() */
	u64 kasan_expected;	 /* KASAN reports this case provoked on purpose */
	u64 lockdep_expected;	 /* lock-debugging reports it provoked on purpose */
	unsigned int nr_actions; /* deferred actions pending, oldest first in actions[] */
	struct ktest_action actions[KTEST_MAX_ACTIONS];
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
};

struct ktest_suite {
	const char *name;
	const struct ktest_case *cases;
	unsigned int nr_cases;
};

#define KTEST_CASE(fn)  \
	{               \
#fn, fn \
	}
#define KTEST_SUITE(var, sname, case_array) \
	const struct ktest_suite var = {sname, case_array, ARRAY_SIZE(case_array)}

/*
 * Run every suite of tests/suites.c whose name (or "suite.case" for a
 * filter containing '.') matches the glob filter (NULL = all), printing
 * KTAP. Returns the number of failed cases.
 */
int ktest_run_all(const char *filter);

/* Results the filter selects (NULL = all), baselines included: 0 if it matches nothing. */
unsigned int ktest_nr_selected(const char *filter);

/* Comparison kinds for ktest_check(). */
enum ktest_op {
	KT_EQ,
	KT_NE,
	KT_LT,
	KT_LE,
	KT_GT,
	KT_GE
};

/* Record the result of "a op b"; on failure print it, and abort if asked. */
void ktest_check(struct ktest *t, bool abort, enum ktest_op op, s64 a, s64 b, const char *sa,
		 const char *sb, const char *file, int line);
/* Record a failed condition with a message; abort if asked. */
void ktest_fail(struct ktest *t, bool abort, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Mark the case skipped and leave it. */
void ktest_skip(struct ktest *t, const char *reason) __attribute__((noreturn));
/* Print a "# " diagnostic line inside the current suite. */
void ktest_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Seed this case's generator (from ktest.seed= or the TSC) and print the seed. */
void ktest_seed(struct ktest *t);
/* The next pseudo-random number of the case's xorshift64* generator. */
u64 ktest_rand(struct ktest *t);

#define KTEST_EXPECT_OP(t, op, a, b) \
	ktest_check(t, false, op, (s64)(a), (s64)(b), #a, #b, __FILE__, __LINE__)
#define KTEST_ASSERT_OP(t, op, a, b) \
	ktest_check(t, true, op, (s64)(a), (s64)(b), #a, #b, __FILE__, __LINE__)
#define KTEST_EXPECT_EQ(t, a, b) KTEST_EXPECT_OP(t, KT_EQ, a, b)
#define KTEST_EXPECT_NE(t, a, b) KTEST_EXPECT_OP(t, KT_NE, a, b)
#define KTEST_EXPECT_LT(t, a, b) KTEST_EXPECT_OP(t, KT_LT, a, b)
#define KTEST_EXPECT_LE(t, a, b) KTEST_EXPECT_OP(t, KT_LE, a, b)
#define KTEST_EXPECT_GT(t, a, b) KTEST_EXPECT_OP(t, KT_GT, a, b)
#define KTEST_EXPECT_GE(t, a, b) KTEST_EXPECT_OP(t, KT_GE, a, b)
#define KTEST_ASSERT_EQ(t, a, b) KTEST_ASSERT_OP(t, KT_EQ, a, b)
#define KTEST_ASSERT_NE(t, a, b) KTEST_ASSERT_OP(t, KT_NE, a, b)
#define KTEST_ASSERT_LT(t, a, b) KTEST_ASSERT_OP(t, KT_LT, a, b)
#define KTEST_ASSERT_LE(t, a, b) KTEST_ASSERT_OP(t, KT_LE, a, b)
#define KTEST_ASSERT_GE(t, a, b) KTEST_ASSERT_OP(t, KT_GE, a, b)
#define KTEST_EXPECT_TRUE(t, c) KTEST_EXPECT_OP(t, KT_NE, !!(c), 0)
#define KTEST_EXPECT_FALSE(t, c) KTEST_EXPECT_OP(t, KT_EQ, !!(c), 0)
#define KTEST_ASSERT_TRUE(t, c) KTEST_ASSERT_OP(t, KT_NE, !!(c), 0)
#define KTEST_EXPECT_NULL(t, p) KTEST_EXPECT_OP(t, KT_EQ, (u64)(p), 0)
#define KTEST_ASSERT_NOT_NULL(t, p) KTEST_ASSERT_OP(t, KT_NE, (u64)(p), 0)
#define KTEST_EXPECT_NOT_NULL(t, p) KTEST_EXPECT_OP(t, KT_NE, (u64)(p), 0)
#define KTEST_EXPECT_STREQ(t, a, b)                                                             \
	do {                                                                                    \
		const char *__a = (a), *__b = (b);                                              \
		if (strcmp(__a, __b) != 0)                                                      \
			ktest_fail(t, false, __FILE__, __LINE__,                                \
				   "EXPECT_STREQ(%s, %s): \"%s\" != \"%s\"", #a, #b, __a, __b); \
	} while (0)
/* Expect the string s to contain the substring sub. */
#define KTEST_EXPECT_CONTAINS(t, s, sub) ktest_expect_contains(t, s, sub, #s, __FILE__, __LINE__)
void ktest_expect_contains(struct ktest *t, const char *s, const char *sub, const char *ss,
			   const char *file, int line);

/*
 * Negative tests check what the kernel printed: take a mark of the log
 * before provoking, then expect a substring in the log since the mark.
 */
u64 ktest_log_mark(void);
bool ktest_log_contains(u64 mark, const char *needle);
#define KTEST_EXPECT_LOG(t, mark, needle)                                         \
	do {                                                                      \
		if (!ktest_log_contains(mark, needle))                            \
			ktest_fail(t, false, __FILE__, __LINE__,                  \
				   "EXPECT_LOG: \"%s\" was not printed", needle); \
	} while (0)

/*
 * In a KASAN build, expect exactly one new KASAN report since the count
 * `before` (kasan_report_count()), of `kind`: the word after "BUG: KASAN: " in
 * the newest report, e.g. "slab-out-of-bounds". Any report a case did
 * not expect fails it: the framework compares counts after every case.
 */
void ktest_expect_kasan(struct ktest *t, u64 before, const char *kind, const char *file, int line);
#define KTEST_EXPECT_KASAN(t, before, kind) ktest_expect_kasan(t, before, kind, __FILE__, __LINE__)

/* Run fn(arg) expecting a fault of the given vector; returns true if it came. */
bool ktest_expect_fault(struct ktest *t, void (*fn)(void *), void *arg, u64 vector,
			struct fault_info *info, const char *file, int line);
#define KTEST_EXPECT_FAULT(t, fn, arg, vector, info) \
	ktest_expect_fault(t, fn, arg, vector, info, __FILE__, __LINE__)

/*
 * Test-managed resources (tests/ktest_resource.c), after Linux's KUnit
 * (include/kunit/resource.h, kunit_kmalloc() in include/kunit/test.h). When
 * a case ends, however it ends, its deferred actions run newest first, so a
 * resource registered after another (an object after its cache) goes first.
 * The arg of an action must outlive the case's stack frame (an ASSERT leaves
 * it): heap memory, a static, or the resource itself. Registering never
 * allocates (a fixed table in struct ktest), so it works with memory
 * exhausted; a full table runs the action at once and aborts the case.
 *
 * Linux 6.1 keeps resources in a list of kmalloc'd nodes and has no
 * deferred actions; kunit_add_action(), kunit_release_action() and
 * kunit_remove_action() (the models of ktest_defer, ktest_release and
 * ktest_forget) came in Linux 6.5.
 */
/* Run fn(arg) when the case ends. */
void ktest_defer(struct ktest *t, void (*fn)(void *arg), void *arg);
/* Run now the newest pending action whose arg is arg, and drop it: free early. */
void ktest_release(struct ktest *t, void *arg);
/* Drop, without running, the newest action whose arg is arg: the case freed it itself. */
void ktest_forget(struct ktest *t, void *arg);
/*
 * Run every pending action, newest first: the framework calls it after each
 * case; a case calls it to free all it holds before its last checks.
 */
void ktest_run_deferred(struct ktest *t);

/* The allocators' calls, freed when the case ends; NULL on failure, as the call gives. */
void *ktest_kmalloc(struct ktest *t, size_t size, gfp_t gfp);
struct page *ktest_alloc_pages(struct ktest *t, gfp_t gfp, unsigned int order);
void *ktest_vmalloc(struct ktest *t, unsigned long size);
/*
 * Set min_free_kbytes (and so the zone watermarks) for the case, restored
 * when it ends: 0 lets GFP_KERNEL take every free page, as the exhaustion
 * cases need.
 */
void ktest_set_min_free_kbytes(struct ktest *t, int kbytes);
/*
 * Take free pages, largest blocks first, until fewer than keep + a block
 * are left or GFP_KERNEL fails (the watermarks stop it; see above), all
 * held in one resource whatever the RAM size: its handle for
 * ktest_release(), or NULL if nothing was taken.
 */
void *ktest_hold_free_pages(struct ktest *t, u64 keep);
void *ktest_kvmalloc(struct ktest *t, size_t size, gfp_t gfp);
void *ktest_vmap(struct ktest *t, struct page **pages, unsigned int count, u64 prot);
/*
 * An array of vmalloc (vmapped false) or vmap (true) areas a case holds,
 * NULL where none: ktest_hold_areas() frees each (and sets it NULL) when the
 * case ends or at ktest_release(t, a). The struct and the array must
 * outlive the case's stack frame.
 */
struct ktest_areas {
	void **area;
	unsigned int n;
	bool vmapped;
};
void ktest_hold_areas(struct ktest *t, struct ktest_areas *a);
/* A cache destroyed when the case ends (after the objects the case holds in it). */
struct kmem_cache *ktest_kmem_cache_create(struct ktest *t, const char *name, unsigned int size,
					   unsigned int align, slab_flags_t flags,
					   void (*ctor)(void *));
/* An object freed to its cache when the case ends. */
void *ktest_kmem_cache_alloc(struct ktest *t, struct kmem_cache *s, gfp_t gfp);

#endif /* STRATA_KTEST_H */
