/* SPDX-License-Identifier: MIT */
/*
 * The seeded multi-CPU torture test of the allocators (docs/concurrency.md,
 * "Proof under load"). Every taking-part CPU allocates and frees random
 * mixes of pages, kmalloc, cache objects, vmalloc, vmap and kvmalloc for ms
 * milliseconds, hands objects to the other CPUs to free, and allocates from
 * its timer tick; every object's pattern is checked at free, and at the end
 * the allocators' own checks and the memory counters must hold.
 *
 * It runs as the `torture` ktest suite (tests/test_torture.c, options
 * torture=SEED,MS or torture.seed= / torture.ms=) and as the shell's
 * `torture` command.
 */
#ifndef STRATA_TORTURE_H
#define STRATA_TORTURE_H

#include "lib/types.h"

#define TORTURE_DEFAULT_MS 300 /* a run's length unless told: short, it runs in every boot */
#define TORTURE_MAX_MS 600000  /* ten minutes */

struct torture_config {
	u64 seed;	   /* the run's seed: the same seed gives each CPU the same operations */
	unsigned int cpus; /* how many online CPUs take part: CPU 0 and the next online ones */
	unsigned int ms;   /* the run's length */
};

/* The outcome of a run, for the ktest case's checks. */
struct torture_result {
	u64 objects;	   /* objects allocated (and freed), ticks included */
	u64 remote_frees;  /* of them freed on a CPU other than their allocating one */
	u64 failures;	   /* allocations that returned NULL: counted, not errors */
	u64 irq_ops;	   /* allocations made in hardirq context (timers, IPIs) */
	u64 ipis;	   /* function-call IPIs run for the test */
	u64 errors;	   /* pattern, check and counter errors: any fails the run */
	unsigned int cpus; /* CPUs that took part */
};

/*
 * Run the test with cfg (cpus is cut to the online CPUs; 0 means all),
 * printing the seed first and the summary last. Returns true on PASS; res,
 * if not NULL, gets the counts. Context: task, on CPU 0, interrupts on.
 */
bool torture_run(const struct torture_config *cfg, struct torture_result *res);

#endif /* STRATA_TORTURE_H */
