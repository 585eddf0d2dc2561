// SPDX-License-Identifier: MIT
/*
 * The allocator benchmarks (README's Performance table sets them beside
 * Linux 6.1 running the same benchmarks as a module). An operation is one
 * allocation plus its free; every allocation is touched (first byte
 * written). Each round function times only its loop, via bench_start() and
 * bench_stop(), and returns its number of allocations, or 0 when one failed:
 * it then stops, frees what it took and bench_run() reports the benchmark
 * as skipped. The check costs one compare per allocation.
 */
#include "bench/bench.h"
#include "arch/x86_64/cpu.h"
#include "mm/gfp.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

static u64 bench_t0;

static void bench_start(void)
{
	bench_t0 = rdtsc();
}

static void bench_stop(void)
{
	bench_ticks = rdtsc() - bench_t0;
}

#define BATCH_MAX 10000
static void *batch[BATCH_MAX];

static u64 page_pair_o0(void)
{
	int i;

	bench_start();
	for (i = 0; i < 10000; i++) {
		struct page *p = alloc_pages(GFP_KERNEL, 0);

		if (!p)
			break;
		bench_touch(page_address(p));
		__free_pages(p, 0);
	}
	bench_stop();
	return i == 10000 ? 10000 : 0;
}

/* n allocations of one order into batch[], then free them all (all it got, if one failed). */
static u64 page_batch(unsigned int order, int n)
{
	int got;

	bench_start();
	for (got = 0; got < n; got++) {
		struct page *p = alloc_pages(GFP_KERNEL, order);

		if (!p)
			break;
		bench_touch(page_address(p));
		batch[got] = p;
	}
	for (int i = 0; i < got; i++)
		__free_pages(batch[i], order);
	bench_stop();
	return got == n ? (u64)n : 0;
}

static u64 page_batch_o0(void)
{
	return page_batch(0, 10000);
}

static u64 page_batch_o3(void)
{
	return page_batch(3, 1000);
}

static u64 page_batch_o9(void)
{
	return page_batch(9, 64);
}

static u64 kmalloc_pair_64(void)
{
	int i;

	bench_start();
	for (i = 0; i < 10000; i++) {
		void *p = kmalloc(64, GFP_KERNEL);

		if (!p)
			break;
		bench_touch(p);
		kfree(p);
	}
	bench_stop();
	return i == 10000 ? 10000 : 0;
}

/* 10000 kmalloc(size) into batch[], then kfree them all (all it got, if one failed). */
static u64 kmalloc_batch(size_t size)
{
	int got;

	bench_start();
	for (got = 0; got < 10000; got++) {
		void *p = kmalloc(size, GFP_KERNEL);

		if (!p)
			break;
		bench_touch(p);
		batch[got] = p;
	}
	for (int i = 0; i < got; i++)
		kfree(batch[i]);
	bench_stop();
	return got == 10000 ? 10000 : 0;
}

static u64 kmalloc_batch_16(void)
{
	return kmalloc_batch(16);
}

static u64 kmalloc_batch_64(void)
{
	return kmalloc_batch(64);
}

static u64 kmalloc_batch_256(void)
{
	return kmalloc_batch(256);
}

static u64 kmalloc_batch_1024(void)
{
	return kmalloc_batch(1024);
}

static u64 kmalloc_batch_4096(void)
{
	return kmalloc_batch(4096);
}

/* 10000 allocations from a fresh cache (created and destroyed outside the timed region). */
static u64 cache_batch(const char *name, slab_flags_t flags)
{
	struct kmem_cache *s = kmem_cache_create(name, 64, 0, flags, NULL);
	int got;

	if (!s)
		return 0;
	bench_start();
	for (got = 0; got < 10000; got++) {
		void *p = kmem_cache_alloc(s, GFP_KERNEL);

		if (!p)
			break;
		bench_touch(p);
		batch[got] = p;
	}
	for (int i = 0; i < got; i++)
		kmem_cache_free(s, batch[i]);
	bench_stop();
	kmem_cache_destroy(s);
	return got == 10000 ? 10000 : 0;
}

static u64 cache_batch_64(void)
{
	return cache_batch("bench64", 0);
}

/* Not in SPEC.md: the cost of slub_debug=FPZU, printed rather than hidden. */
static u64 cache_batch_64_debug(void)
{
	return cache_batch("bench64-debug", SLAB_DEBUG_FLAGS);
}

/* n times: vmalloc(size), touch, vfree. */
static u64 vmalloc_pair(unsigned long size, int n)
{
	int i;

	bench_start();
	for (i = 0; i < n; i++) {
		void *p = vmalloc(size);

		if (!p)
			break;
		bench_touch(p);
		vfree(p);
	}
	bench_stop();
	return i == n ? (u64)n : 0;
}

static u64 vmalloc_pair_4k(void)
{
	return vmalloc_pair(4096, 1000);
}

static u64 vmalloc_pair_64k(void)
{
	return vmalloc_pair(65536, 1000);
}

static u64 vmalloc_pair_1m(void)
{
	return vmalloc_pair(1 * MiB, 100);
}

static u64 vmalloc_batch_4k(void)
{
	int got;

	bench_start();
	for (got = 0; got < 1000; got++) {
		void *p = vmalloc(4096);

		if (!p)
			break;
		bench_touch(p);
		batch[got] = p;
	}
	for (int i = 0; i < got; i++)
		vfree(batch[i]);
	bench_stop();
	return got == 1000 ? 1000 : 0;
}

const struct benchmark benchmarks[] = {
	{"page_pair_o0", page_pair_o0},
	{"page_batch_o0", page_batch_o0},
	{"page_batch_o3", page_batch_o3},
	{"page_batch_o9", page_batch_o9},
	{"kmalloc_pair_64", kmalloc_pair_64},
	{"kmalloc_batch_16", kmalloc_batch_16},
	{"kmalloc_batch_64", kmalloc_batch_64},
	{"kmalloc_batch_256", kmalloc_batch_256},
	{"kmalloc_batch_1024", kmalloc_batch_1024},
	{"kmalloc_batch_4096", kmalloc_batch_4096},
	{"cache_batch_64", cache_batch_64},
	{"cache_batch_64_debug", cache_batch_64_debug},
	{"vmalloc_pair_4k", vmalloc_pair_4k},
	{"vmalloc_pair_64k", vmalloc_pair_64k},
	{"vmalloc_pair_1m", vmalloc_pair_1m},
	{"vmalloc_batch_4k", vmalloc_batch_4k},
};

const unsigned int nr_benchmarks = ARRAY_SIZE(benchmarks);
