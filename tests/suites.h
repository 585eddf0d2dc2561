/* SPDX-License-Identifier: MIT */
/*
 * The list of in-kernel test suites, in the order they run (tests/suites.c).
 */
#ifndef STRATA_SUITES_H
#define STRATA_SUITES_H

#include "tests/ktest.h"

extern const struct ktest_suite *const ktest_suites[];
extern const unsigned int nr_ktest_suites;

extern const struct ktest_suite paging_suite;
extern const struct ktest_suite kernel_suite;
extern const struct ktest_suite irq_suite;
extern const struct ktest_suite smp_suite;
extern const struct ktest_suite timer_suite;
extern const struct ktest_suite workqueue_suite;
extern const struct ktest_suite percpu_suite;
extern const struct ktest_suite spinlock_suite;
extern const struct ktest_suite ktest_suite;
extern const struct ktest_suite buddy_suite;
extern const struct ktest_suite pcp_suite;
extern const struct ktest_suite kasan_suite;
extern const struct ktest_suite slab_suite;
extern const struct ktest_suite slab_kmalloc_suite;
extern const struct ktest_suite slab_debug_suite;
extern const struct ktest_suite slab_smp_suite;
extern const struct ktest_suite exhaustion_suite;
extern const struct ktest_suite vmalloc_suite;
extern const struct ktest_suite vmalloc_debug_suite;
extern const struct ktest_suite vmap_lazy_suite;
extern const struct ktest_suite contexts_suite;
extern const struct ktest_suite alloc_failure_suite;
extern const struct ktest_suite user_suite;
extern const struct ktest_suite user_flood_suite;
extern const struct ktest_suite user_mm_suite;
extern const struct ktest_suite sched_suite;
extern const struct ktest_suite uaccess_suite;
extern const struct ktest_suite torture_suite;

#endif /* STRATA_SUITES_H */
