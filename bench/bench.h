/* SPDX-License-Identifier: MIT */
/*
 * In-kernel benchmarks: the single-CPU lines (bench/bench_mm.c), run on
 * the calling CPU while any others idle, and the concurrent lines
 * (bench/bench_smp.c), run on every online CPU at once. Each runs one
 * warm-up round and 5 timed rounds; the figure is the median round's TSC
 * ticks divided by its operation count. Under QEMU -icount shift=0 a TSC
 * tick is one guest instruction, so figures repeat exactly. `make bench`
 * boots with bench=1 (or bench=NAME) and prints one "bench <name> <per_op>"
 * line each, the name with the suffix @N on a guest of N > 1 online CPUs,
 * or "bench <name> skipped: ..." for one that could not allocate (or a
 * concurrent line on one CPU).
 */
#ifndef STRATA_BENCH_H
#define STRATA_BENCH_H

#include "lib/types.h"

struct benchmark {
	const char *name;
	/*
	 * One round; returns the number of operations it timed, or 0 if an
	 * allocation failed (after freeing all the round took).
	 */
	u64 (*round)(void);
};

/* The single-CPU benchmarks (bench/bench_mm.c). */
extern const struct benchmark benchmarks[];
extern const unsigned int nr_benchmarks;

/* The concurrent benchmarks, every online CPU at once (bench/bench_smp.c). */
extern const struct benchmark smp_benchmarks[];
extern const unsigned int nr_smp_benchmarks;

/* Ticks of the timed region, set by each round function (bench/bench.c). */
extern u64 bench_ticks;

/*
 * Before and after the concurrent lines: one array of pointers for each
 * online CPU (false if one could not be had: every line is then skipped).
 * Context: task, on the CPU that runs the benchmarks.
 */
bool bench_smp_prepare(void);
void bench_smp_release(void);

/* Make an allocation real: write its first byte. */
static inline void bench_touch(void *p)
{
	*(volatile u8 *)p = 1;
}

/*
 * Run the benchmarks whose name matches glob, print results: first the
 * "bench_mode" line saying what a figure counts. glob NULL (the shell's bare
 * `bench`): the single-CPU lines only; the concurrent lines run when glob
 * names them ("all", "1", "smp_*", bench=1 at boot).
 */
void bench_run(const char *glob);
/*
 * The name rule: glob NULL, "1" or "all" matches every benchmark; anything
 * else is a glob_match() pattern ("kmalloc_*", "page_*_o?").
 */
bool bench_name_matches(const char *glob, const char *name);
/* How many benchmarks glob matches (NULL: the single-CPU lines). */
unsigned int bench_count(const char *glob);
/* Say that glob matches nothing, listing every benchmark's name (one line). */
void bench_print_names(const char *glob);

#endif /* STRATA_BENCH_H */
