// SPDX-License-Identifier: MIT
/*
 * The concurrent benchmarks: every online CPU runs the same loop at once,
 * each with its own array. One round: the calling CPU queues its part on
 * every other CPU's worker (schedule_work_on(): task context there,
 * interrupts on), runs its own part, then waits for the others
 * (flush_work()). Each part waits at a start barrier, reads the TSC, runs
 * its loop and reads the TSC after its last free; the round's ticks are
 * latest end - earliest start, its operations the allocations of all
 * CPUs. Under QEMU -icount the virtual CPUs take turns and the TSC counts
 * the instructions of all of them, so the figure is instructions per
 * operation averaged over the CPUs: the single-CPU figure if being SMP-safe
 * costs nothing.
 *
 * Invariants: the arrays are taken before the first concurrent line and
 * freed after the last (bench_smp_prepare/release), outside every timed
 * region; a part whose allocation fails stops allocating, still passes
 * every barrier (the others would wait for ever) and frees what it took,
 * and the round then reports 0 (the line is skipped).
 */
#include "bench/bench.h"
#include "arch/x86_64/atomic.h"
#include "arch/x86_64/cpu.h"
#include "kernel/cpumask.h"
#include "kernel/smp.h"
#include "kernel/workqueue.h"
#include "mm/gfp.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

#define SMP_OPS 10000	     /* allocations per CPU per round: pages, kmalloc */
#define SMP_VMALLOC_OPS 1000 /* vmalloc's */

struct bench_cpu {
	struct work_struct work; /* first: the work function finds its bench_cpu */
	int cpu;
	void **array;	  /* SMP_OPS slots, this CPU's own */
	unsigned int got; /* allocations that filled array (remote frees) */
	unsigned int ops; /* allocations this round; fewer than asked: one failed */
	u64 start, end;	  /* TSC after the start barrier, after the last free */
};

/* Index 0 is the CPU that runs the benchmarks; then the others, in order. */
static struct bench_cpu bench_cpus[NR_CPUS];
static unsigned int bench_nr;
static atomic_t bench_started, bench_filled;
static unsigned int (*bench_part)(struct bench_cpu *c);

static void bench_barrier(atomic_t *arrived)
{
	atomic_inc(arrived);
	while (atomic_read(arrived) < (int)bench_nr)
		cpu_relax();
}

static void bench_work(struct work_struct *work)
{
	struct bench_cpu *c = (struct bench_cpu *)work; /* work is its first member */

	c->ops = bench_part(c);
}

bool bench_smp_prepare(void)
{
	int self = smp_processor_id();
	int cpu;

	bench_nr = 0;
	bench_cpus[bench_nr++].cpu = self;
	for_each_online_cpu (cpu) {
		if (cpu != self)
			bench_cpus[bench_nr++].cpu = cpu;
	}
	for (unsigned int i = 0; i < bench_nr; i++) {
		INIT_WORK(&bench_cpus[i].work, bench_work);
		bench_cpus[i].array = vmalloc(SMP_OPS * sizeof(void *));
		if (!bench_cpus[i].array) {
			bench_smp_release();
			return false;
		}
	}
	return true;
}

void bench_smp_release(void)
{
	for (unsigned int i = 0; i < bench_nr; i++) {
		vfree(bench_cpus[i].array); /* vfree(NULL) does nothing */
		bench_cpus[i].array = NULL;
	}
	bench_nr = 0;
}

/* One round of part on every CPU; its allocations (SMP_OPS or fewer), 0 if one failed. */
static u64 smp_round(unsigned int (*part)(struct bench_cpu *c), unsigned int ops_each)
{
	u64 first, last, ops = 0;
	bool failed = false;

	if (!bench_nr)
		return 0;
	atomic_set(&bench_started, 0);
	atomic_set(&bench_filled, 0);
	bench_part = part;
	for (unsigned int i = 1; i < bench_nr; i++)
		schedule_work_on(bench_cpus[i].cpu, &bench_cpus[i].work);
	bench_cpus[0].ops = part(&bench_cpus[0]);
	for (unsigned int i = 1; i < bench_nr; i++)
		flush_work(&bench_cpus[i].work);

	first = bench_cpus[0].start;
	last = bench_cpus[0].end;
	for (unsigned int i = 0; i < bench_nr; i++) {
		const struct bench_cpu *c = &bench_cpus[i];

		first = c->start < first ? c->start : first;
		last = c->end > last ? c->end : last;
		ops += c->ops;
		failed |= c->ops != ops_each;
	}
	bench_ticks = last - first;
	return failed ? 0 : ops;
}

static unsigned int part_page_pair(struct bench_cpu *c)
{
	unsigned int i;

	bench_barrier(&bench_started);
	c->start = rdtsc();
	for (i = 0; i < SMP_OPS; i++) {
		struct page *p = alloc_pages(GFP_KERNEL, 0);

		if (!p)
			break;
		bench_touch(page_address(p));
		__free_pages(p, 0);
	}
	c->end = rdtsc();
	return i;
}

static unsigned int part_kmalloc_pair(struct bench_cpu *c)
{
	unsigned int i;

	bench_barrier(&bench_started);
	c->start = rdtsc();
	for (i = 0; i < SMP_OPS; i++) {
		void *p = kmalloc(64, GFP_KERNEL);

		if (!p)
			break;
		bench_touch(p);
		kfree(p);
	}
	c->end = rdtsc();
	return i;
}

/* kmalloc(size) into c's array until it is full or one fails; how many it holds. */
static unsigned int fill_array(struct bench_cpu *c, size_t size)
{
	unsigned int got;

	for (got = 0; got < SMP_OPS; got++) {
		void *p = kmalloc(size, GFP_KERNEL);

		if (!p)
			break;
		bench_touch(p);
		c->array[got] = p;
	}
	return got;
}

static unsigned int part_kmalloc_batch(struct bench_cpu *c)
{
	unsigned int got;

	bench_barrier(&bench_started);
	c->start = rdtsc();
	got = fill_array(c, 256);
	for (unsigned int i = 0; i < got; i++)
		kfree(c->array[i]);
	c->end = rdtsc();
	return got;
}

/* Fill this CPU's array, then free the next CPU's: every kfree is a remote free. */
static unsigned int part_kmalloc_remote(struct bench_cpu *c)
{
	const struct bench_cpu *next = &bench_cpus[(c - bench_cpus + 1) % bench_nr];

	bench_barrier(&bench_started);
	c->start = rdtsc();
	c->got = fill_array(c, 64);
	bench_barrier(&bench_filled);
	for (unsigned int i = 0; i < next->got; i++)
		kfree(next->array[i]);
	c->end = rdtsc();
	return c->got;
}

static unsigned int part_vmalloc_pair(struct bench_cpu *c)
{
	unsigned int i;

	bench_barrier(&bench_started);
	c->start = rdtsc();
	for (i = 0; i < SMP_VMALLOC_OPS; i++) {
		void *p = vmalloc(4096);

		if (!p)
			break;
		bench_touch(p);
		vfree(p);
	}
	c->end = rdtsc();
	return i;
}

static u64 smp_page_pair_o0(void)
{
	return smp_round(part_page_pair, SMP_OPS);
}

static u64 smp_kmalloc_pair_64(void)
{
	return smp_round(part_kmalloc_pair, SMP_OPS);
}

static u64 smp_kmalloc_batch_256(void)
{
	return smp_round(part_kmalloc_batch, SMP_OPS);
}

static u64 smp_kmalloc_remote_64(void)
{
	return smp_round(part_kmalloc_remote, SMP_OPS);
}

static u64 smp_vmalloc_pair_4k(void)
{
	vm_unmap_aliases(); /* the last round's lazily freed areas, outside the timed region */
	return smp_round(part_vmalloc_pair, SMP_VMALLOC_OPS);
}

const struct benchmark smp_benchmarks[] = {
	{"smp_page_pair_o0", smp_page_pair_o0},
	{"smp_kmalloc_pair_64", smp_kmalloc_pair_64},
	{"smp_kmalloc_batch_256", smp_kmalloc_batch_256},
	{"smp_kmalloc_remote_64", smp_kmalloc_remote_64},
	{"smp_vmalloc_pair_4k", smp_vmalloc_pair_4k},
};

const unsigned int nr_smp_benchmarks = ARRAY_SIZE(smp_benchmarks);
