/* SPDX-License-Identifier: MIT */
/*
 * What the two files of the buddy suite share: tests/test_buddy.c (the
 * suite and most cases) and tests/test_buddy_misuse.c (the misuse cases).
 */
#ifndef STRATA_TESTS_TEST_BUDDY_H
#define STRATA_TESTS_TEST_BUDDY_H

#include "tests/ktest.h"

/* The O(free blocks) check, cheap enough after every step even on 8 GiB guests. */
void buddy_expect_invariants(struct ktest *t);

/* The misuse cases (tests/test_buddy_misuse.c). */
void impossible_orders_fail_cleanly(struct ktest *t);
void double_free_is_refused(struct ktest *t);
void wrong_order_is_refused(struct ktest *t);
void bad_addresses_are_refused(struct ktest *t);
void free_of_a_slab_page_is_refused(struct ktest *t);
void freed_page_is_poisoned_and_checked(struct ktest *t);

#endif /* STRATA_TESTS_TEST_BUDDY_H */
