// SPDX-License-Identifier: MIT
/*
 * The benchmark runner: rounds, median, output lines. Each round function
 * reads the TSC itself around its loop (bench_start() and bench_stop() in
 * bench/bench_mm.c), so setup outside the timed region is not counted.
 */
#include "bench/bench.h"
#include "kernel/printk.h"
#include "lib/glob.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irqflags.h"

#define BENCH_ROUNDS 5

/* Set by the round function: ticks of its timed region. */
u64 bench_ticks;

bool bench_name_matches(const char *glob, const char *name)
{
	return !glob || !strcmp(glob, "1") || !strcmp(glob, "all") || glob_match(glob, name);
}

unsigned int bench_count(const char *glob)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < nr_benchmarks; i++)
		n += bench_name_matches(glob, benchmarks[i].name);
	return n;
}

void bench_print_names(const char *glob)
{
	char line[512];
	int len = snprintf(line, sizeof(line),
			   "bench: no benchmark matches '%s'; the names are:", glob);

	for (unsigned int i = 0; i < nr_benchmarks && len < (int)sizeof(line); i++)
		len += snprintf(line + len, sizeof(line) - (size_t)len, " %s", benchmarks[i].name);
	printk_raw("%s (a glob such as kmalloc_* picks several; 1 or all: every one)\n", line);
}

static u64 median(u64 *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			u64 t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

void bench_run(const char *glob)
{
	unsigned long flags;

	/*
	 * Interrupts off: a timer tick inside a measured loop would add its
	 * handler's instructions to the figures, which must repeat exactly.
	 */
	local_irq_save(flags);
	printk_raw("bench_mode %s\n", "tcg-icount");
	for (unsigned int i = 0; i < nr_benchmarks; i++) {
		const struct benchmark *b = &benchmarks[i];
		u64 per_op[BENCH_ROUNDS];

		if (!bench_name_matches(glob, b->name))
			continue;
		b->round(); /* warm-up */
		for (int r = 0; r < BENCH_ROUNDS; r++) {
			u64 ops = b->round();

			per_op[r] = ops ? bench_ticks / ops : 0;
		}
		printk_raw("bench %s %llu\n", b->name,
			   (unsigned long long)median(per_op, BENCH_ROUNDS));
	}
	local_irq_restore(flags);
}
