// SPDX-License-Identifier: MIT
/*
 * Every in-kernel test suite, listed explicitly so the order is visible:
 * lower layers first, so a failure points at the lowest broken layer.
 */
#include "tests/suites.h"

const struct ktest_suite *const ktest_suites[] = {
	&kernel_suite,	     &ktest_suite,	&irq_suite,	      &smp_suite,
	&timer_suite,	     &workqueue_suite,	&percpu_suite,	      &spinlock_suite,
	&paging_suite,	     &buddy_suite,	&pcp_suite,	      &slab_suite,
	&slab_kmalloc_suite, &slab_debug_suite, &slab_smp_suite,      &vmalloc_suite,
	&vmap_lazy_suite,    &contexts_suite,	&vmalloc_debug_suite, &alloc_failure_suite,
	&kasan_suite,	     &user_suite,	&user_flood_suite,    &user_mm_suite,
	&sched_suite,	     &uaccess_suite,	&exhaustion_suite,    &torture_suite,
};

const unsigned int nr_ktest_suites = ARRAY_SIZE(ktest_suites);
