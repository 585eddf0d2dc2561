// SPDX-License-Identifier: MIT
/*
 * The benchmark runner: rounds, median, output lines. Each round function
 * reads the TSC itself around its loop (bench/bench_mm.c, and each CPU's
 * part in bench/bench_smp.c), so setup outside the timed region is not
 * counted. A benchmark whose round cannot allocate is reported as skipped,
 * never given a figure; so are the concurrent lines on one CPU. On a guest
 * of N > 1 online CPUs every name carries the suffix @N: the single-CPU
 * lines then run on this CPU while the others idle.
 */
#include "bench/bench.h"
#include "kernel/cpumask.h"
#include "kernel/printk.h"
#include "kernel/tsc.h"
#include "lib/glob.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "arch/x86_64/cpu.h"

#define BENCH_ROUNDS 5

u64 bench_ticks;

bool bench_name_matches(const char *glob, const char *name)
{
	return !glob || !strcmp(glob, "1") || !strcmp(glob, "all") || glob_match(glob, name);
}

static unsigned int table_count(const struct benchmark *table, unsigned int n, const char *glob)
{
	unsigned int count = 0;

	for (unsigned int i = 0; i < n; i++)
		count += bench_name_matches(glob, table[i].name);
	return count;
}

unsigned int bench_count(const char *glob)
{
	return table_count(benchmarks, nr_benchmarks, glob) +
	       (glob ? table_count(smp_benchmarks, nr_smp_benchmarks, glob) : 0);
}

static int append_names(char *line, size_t size, int len, const struct benchmark *table,
			unsigned int n)
{
	for (unsigned int i = 0; i < n && len < (int)size; i++)
		len += snprintf(line + len, size - (size_t)len, " %s", table[i].name);
	return len;
}

void bench_print_names(const char *glob)
{
	char line[640];
	int len = snprintf(line, sizeof(line),
			   "bench: no benchmark matches '%s'; the names are:", glob);

	len = append_names(line, sizeof(line), len, benchmarks, nr_benchmarks);
	append_names(line, sizeof(line), len, smp_benchmarks, nr_smp_benchmarks);
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

/*
 * What a TSC tick is here. Under QEMU's -icount shift=0 (make bench) the
 * guest's TSC is derived from its instruction counter, one tick per
 * instruction: the rate kernel/tsc.c measures against the PIT is then 1 GHz
 * of virtual time, and a loop of 2000 instructions takes 2000 ticks and a
 * few (the rdtsc pair). Elsewhere (TCG without -icount, KVM, hardware) the
 * TSC runs at the host's rate, which is not 1 GHz to 0.1 %, or (another
 * -icount shift) several ticks per instruction.
 */
static bool tsc_counts_instructions(void)
{
	u64 n = 1000, t0 = rdtsc(), ticks;

	__asm__ volatile("1: dec %0\n\tjnz 1b" : "+r"(n)); /* 2 x 1000 instructions */
	ticks = rdtsc() - t0;
	return ticks >= 2000 && ticks < 2100 && tsc_khz > 999000 && tsc_khz < 1001000;
}

/* Warm-up and timed rounds of b; false as soon as one could not allocate. */
static bool bench_rounds(const struct benchmark *b, u64 per_op[BENCH_ROUNDS])
{
	if (!b->round()) /* warm-up */
		return false;
	for (int r = 0; r < BENCH_ROUNDS; r++) {
		u64 ops = b->round();

		if (!ops)
			return false;
		per_op[r] = bench_ticks / ops;
	}
	return true;
}

/* Run and print the benchmarks of table that glob matches; suffix follows each name. */
static void run_table(const struct benchmark *table, unsigned int n, const char *glob,
		      const char *suffix)
{
	for (unsigned int i = 0; i < n; i++) {
		const struct benchmark *b = &table[i];
		u64 per_op[BENCH_ROUNDS];

		if (!bench_name_matches(glob, b->name))
			continue;
		if (!bench_rounds(b, per_op)) {
			printk_raw("bench %s%s skipped: an allocation failed (out of memory); what "
				   "the round took is freed\n",
				   b->name, suffix);
			continue;
		}
		printk_raw("bench %s%s %llu\n", b->name, suffix,
			   (unsigned long long)median(per_op, BENCH_ROUNDS));
	}
}

/* The concurrent lines: on every online CPU, or skipped on one. */
static void run_smp_table(const char *glob, const char *suffix)
{
	unsigned int n = glob ? table_count(smp_benchmarks, nr_smp_benchmarks, glob) : 0;
	const char *why = NULL;

	if (!n)
		return;
	if (num_online_cpus() < 2)
		why = "one CPU online (these lines run on every CPU at once: boot with -smp 2 or more)";
	else if (!bench_smp_prepare())
		why = "out of memory for the per-CPU arrays";
	if (why) {
		for (unsigned int i = 0; i < nr_smp_benchmarks; i++)
			if (bench_name_matches(glob, smp_benchmarks[i].name))
				printk_raw("bench %s%s skipped: %s\n", smp_benchmarks[i].name,
					   suffix, why);
		return;
	}
	run_table(smp_benchmarks, nr_smp_benchmarks, glob, suffix);
	bench_smp_release();
}

void bench_run(const char *glob)
{
	unsigned int cpus = num_online_cpus();
	char suffix[16] = "";

	/*
	 * Task context, interrupts on, as Linux runs its module: the
	 * allocators may sleep in Linux (might_sleep() reports them called with
	 * interrupts off), a vfree's TLB shootdown waits for every other CPU,
	 * and the concurrent lines' CPUs run in task context too. A timer tick
	 * inside a measured loop adds its handler's instructions (a few hundred
	 * per 4 ms of virtual time, under one per operation): under -icount
	 * virtual time is the instruction count, so the ticks fall at the same
	 * instructions on every run and the figures still repeat exactly.
	 */
	if (cpus > 1)
		snprintf(suffix, sizeof(suffix), "@%u", cpus);
	if (tsc_counts_instructions())
		printk_raw("bench_mode tcg-icount: figures are guest instructions per operation "
			   "(QEMU -icount shift=0: the TSC counts instructions), %u CPU%s online\n",
			   cpus, cpus == 1 ? "" : "s");
	else
		printk_raw("bench_mode tsc: figures are TSC ticks per operation (%llu kHz; "
			   "instructions only under QEMU -icount shift=0, as make bench runs), "
			   "%u CPU%s online\n",
			   (unsigned long long)tsc_khz, cpus, cpus == 1 ? "" : "s");
	run_table(benchmarks, nr_benchmarks, glob, suffix);
	run_smp_table(glob, suffix);
}
