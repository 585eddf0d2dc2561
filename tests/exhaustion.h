/* SPDX-License-Identifier: MIT */
/*
 * What the two files of the exhaustion suite share: tests/test_exhaustion.c
 * (the suite, the buddy's cases, these helpers) and
 * tests/test_exhaustion_layers.c (the slab and vmalloc cases).
 */
#ifndef STRATA_TESTS_EXHAUSTION_H
#define STRATA_TESTS_EXHAUSTION_H

#include "tests/ktest.h"
#include "mm/gfp.h"

/* A held block, linked through its own first words (direct map). */
struct held {
	struct held *next;  /* the block taken before this one, or NULL */
	unsigned int order; /* this block's order */
};

/*
 * Take blocks of order hi, then hi-1, ... down to lo, each until NULL,
 * pushing them on *list. Returns the pages taken.
 */
u64 exhaustion_take(struct held **list, gfp_t gfp, unsigned int hi, unsigned int lo);
/* Free every block of list. */
void exhaustion_give_back(struct held *list);
/* Fail the case (and go on) if a buddy free-list invariant is broken. */
void exhaustion_expect_invariants(struct ktest *t);

/* The slab and vmalloc cases (tests/test_exhaustion_layers.c). */
void slab_cache_exhausted_and_recovered(struct ktest *t);
void kmalloc_exhausted_and_recovered(struct ktest *t);
void vmalloc_exhausted_by_the_buddy(struct ktest *t);
void vmalloc_out_of_fitting_ranges(struct ktest *t);

#endif /* STRATA_TESTS_EXHAUSTION_H */
