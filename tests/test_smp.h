/* SPDX-License-Identifier: MIT */
/*
 * What the two files of the smp suite share: tests/test_smp.c (the suite,
 * IPIs, shootdowns, bring-up) and tests/test_smp_cpus.c (what each CPU
 * runs as and counts, and the reports while another CPU allocates).
 */
#ifndef STRATA_TESTS_TEST_SMP_H
#define STRATA_TESTS_TEST_SMP_H

#include "tests/ktest.h"

/* Skip the case, saying why, if only one CPU is online. */
void skip_with_one_cpu(struct ktest *t);

/* The cases of tests/test_smp_cpus.c. */
void current_is_each_cpus_idle_task(struct ktest *t);
void printk_from_every_cpu_keeps_lines_whole(struct ktest *t);
void work_and_resched_counted_per_cpu(struct ktest *t);
void reports_walk_while_another_cpu_frees(struct ktest *t);

#endif /* STRATA_TESTS_TEST_SMP_H */
