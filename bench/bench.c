// SPDX-License-Identifier: MIT
/*
 * The benchmark runner: rounds, median, output lines. Each round function
 * reads the TSC itself around its loop (bench_start() and bench_stop() in
 * bench/bench_mm.c), so setup outside the timed region is not counted. A
 * benchmark whose round cannot allocate is reported as skipped, never given
 * a figure.
 */
#include "bench/bench.h"
#include "kernel/printk.h"
#include "kernel/tsc.h"
#include "lib/glob.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/apic.h"

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

void bench_run(const char *glob)
{
	/*
	 * This CPU's timer masked: a tick inside a measured loop would add its
	 * handler's instructions to the figures, which must repeat exactly.
	 * Interrupts stay on: GFP_KERNEL with them off is might_sleep()'s
	 * report.
	 */
	apic_timer_set_masked(true);
	if (tsc_counts_instructions())
		printk_raw("bench_mode tcg-icount: figures are guest instructions per operation "
			   "(QEMU -icount shift=0: the TSC counts instructions)\n");
	else
		printk_raw("bench_mode tsc: figures are TSC ticks per operation (%llu kHz; "
			   "instructions only under QEMU -icount shift=0, as make bench runs)\n",
			   (unsigned long long)tsc_khz);
	for (unsigned int i = 0; i < nr_benchmarks; i++) {
		const struct benchmark *b = &benchmarks[i];
		u64 per_op[BENCH_ROUNDS];

		if (!bench_name_matches(glob, b->name))
			continue;
		if (!bench_rounds(b, per_op)) {
			printk_raw("bench %s skipped: an allocation failed (out of memory); what "
				   "the round took is freed\n",
				   b->name);
			continue;
		}
		printk_raw("bench %s %llu\n", b->name,
			   (unsigned long long)median(per_op, BENCH_ROUNDS));
	}
	apic_timer_set_masked(false);
}
