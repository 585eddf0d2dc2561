// SPDX-License-Identifier: MIT
/*
 * The torture test's patterns: what an object must hold between its
 * allocation and its free, and the report when it does not.
 *
 * Pattern: an object of n bytes holds, as 64-bit words, the run's seed, its
 * serial number and its size, then a mix of the three and the word's index,
 * so a word copied from another object or another offset differs; the last
 * n % 8 bytes hold the low bytes of the next word. Objects above two pages
 * carry it at both ends of each page only (patterned_run()). A cache object, while
 * free, holds its constructor's pattern (every byte CTOR_BYTE(cache)): the
 * constructor writes it once per slab, the test checks it at each
 * allocation and writes it back before each free, as Linux's contract for
 * constructed caches asks.
 */
#include "tests/torture_internal.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "lib/string.h"

#define CTOR_BYTE(cache) ((u8)(0xc0 + (cache)))
#define MAX_REPORTS 8			 /* errors printed in full; the rest are counted */
#define FULL_PATTERN_MAX (2 * PAGE_SIZE) /* larger objects: both ends of each page */
#define SAMPLE_BYTES 64

static const unsigned int cache_sizes[TORTURE_NR_CACHES] = {24, 192, 1000};
static const slab_flags_t cache_flags[TORTURE_NR_CACHES] = {0, SLAB_HWCACHE_ALIGN, 0};

static void ctor_fill(void *obj, unsigned int cache)
{
	memset(obj, CTOR_BYTE(cache), cache_sizes[cache]);
}

static void torture_ctor0(void *obj)
{
	ctor_fill(obj, 0);
}

static void torture_ctor1(void *obj)
{
	ctor_fill(obj, 1);
}

static void torture_ctor2(void *obj)
{
	ctor_fill(obj, 2);
}

static void (*const ctors[TORTURE_NR_CACHES])(void *) = {torture_ctor0, torture_ctor1,
							 torture_ctor2};
static const char *const cache_names[TORTURE_NR_CACHES] = {"torture_24", "torture_192",
							   "torture_1000"};

int torture_caches_create(struct torture_run *run)
{
	for (unsigned int i = 0; i < TORTURE_NR_CACHES; i++) {
		run->cache[i] = kmem_cache_create(cache_names[i], cache_sizes[i], 0, cache_flags[i],
						  ctors[i]);
		if (!run->cache[i]) {
			torture_caches_destroy(run);
			return -1;
		}
	}
	return 0;
}

void torture_caches_destroy(struct torture_run *run)
{
	for (unsigned int i = 0; i < TORTURE_NR_CACHES; i++) {
		if (run->cache[i] && kmem_cache_destroy(run->cache[i]) != 0) {
			pr_err("torture: FAIL: cache %s still holds objects at the end\n",
			       cache_names[i]);
			torture_error(run);
		}
		run->cache[i] = NULL;
	}
}

size_t torture_cache_size(unsigned int cache)
{
	return cache_sizes[cache];
}

void torture_ctor_restore(struct torture_obj *o)
{
	ctor_fill(o->addr, o->order);
}

bool torture_expect_constructed(struct torture_run *run, const struct torture_obj *o)
{
	return torture_expect_bytes(run, o, o->addr, 0, o->size, CTOR_BYTE(o->order),
				    "constructor pattern at allocation");
}

bool torture_error(struct torture_run *run)
{
	return __atomic_fetch_add(&run->errors, 1, __ATOMIC_RELAXED) < MAX_REPORTS;
}

/* Word i of o's pattern in a run of seed. */
static u64 pattern_word(u64 seed, const struct torture_obj *o, size_t i)
{
	u64 x;

	if (i == 0)
		return seed;
	if (i == 1)
		return o->serial;
	if (i == 2)
		return o->size;
	x = seed ^ (o->serial * 0x9e3779b97f4a7c15ULL) ^ (i * 0xbf58476d1ce4e5b9ULL);
	return x ^ (x >> 29);
}

/*
 * Of bytes [off, end) of an object of size bytes, the first run that
 * carries the pattern, as [*off, return value); *off == end if none. A
 * small object is patterned whole; a large one at both ends of every page
 * (SAMPLE_BYTES each): enough to tell its pages from any other object's and
 * any page's place in it, at a cost that does not grow with 4 MiB blocks.
 */
static size_t patterned_run(size_t size, size_t *off, size_t end)
{
	while (size > FULL_PATTERN_MAX && *off < end) {
		size_t in = *off % PAGE_SIZE;

		if (in < SAMPLE_BYTES)
			return MIN(end, *off - in + SAMPLE_BYTES);
		if (in >= PAGE_SIZE - SAMPLE_BYTES)
			return MIN(end, *off - in + PAGE_SIZE);
		*off += PAGE_SIZE - SAMPLE_BYTES - in;
	}
	*off = MIN(*off, end);
	return end;
}

void torture_pattern_fill(u64 seed, const struct torture_obj *o, void *at, size_t from, size_t len)
{
	u8 *p = (u8 *)at - from; /* p + off: byte off of the object */
	size_t off = from, end = from + len;

	for (size_t stop = patterned_run(o->size, &off, end); off < end;
	     stop = patterned_run(o->size, &off, end)) {
		for (; off < stop; off++) {
			if (off % 8 == 0 && off + 8 <= stop) {
				*(u64 *)(p + off) = pattern_word(seed, o, off / 8);
				off += 7;
				continue;
			}
			p[off] = (u8)(pattern_word(seed, o, off / 8) >> (off % 8 * 8));
		}
	}
}

/* Word i of what o must hold: its pattern (want < 0) or the byte want in every byte. */
static u64 expected_word(u64 seed, const struct torture_obj *o, size_t i, int want)
{
	return want < 0 ? pattern_word(seed, o, i) : 0x0101010101010101ULL * (u8)want;
}

static const char *const context_names[2] = {"task", "its timer interrupt"};

/*
 * Compare bytes [from, from + len) of o, seen at `at`, with what they must
 * hold (want: a constant byte; want < 0: the pattern). Reports the first
 * difference and how many bytes differ; returns true if none.
 */
bool torture_expect_bytes(struct torture_run *run, const struct torture_obj *o, const u8 *at,
			  size_t from, size_t len, int want, const char *what)
{
	size_t first = 0, bad = 0;
	u8 found = 0, expected = 0;

	const u8 *p = at - from; /* p + off: byte off of the object */
	size_t off = from, end = from + len;

	for (size_t stop = patterned_run(o->size, &off, end); off < end;
	     stop = patterned_run(o->size, &off, end)) {
		while (off < stop) {
			size_t i = off / 8, word_end = MIN(stop, (i + 1) * 8);
			u64 e = expected_word(run->cfg.seed, o, i, want);

			/* Fast path: a whole word that matches. */
			if (off % 8 == 0 && word_end - off == 8 && *(const u64 *)(p + off) == e) {
				off = word_end;
				continue;
			}
			for (; off < word_end; off++) {
				u8 eb = (u8)(e >> (off % 8 * 8));

				if (p[off] == eb)
					continue;
				if (!bad++) {
					first = off;
					found = p[off];
					expected = eb;
				}
			}
		}
	}
	if (!bad)
		return true;
	if (torture_error(run))
		pr_err("torture: FAIL: %s object %px (%zu bytes, serial %#llx), allocated on CPU "
		       "%u in %s, checked on CPU %d: %s: at offset %zu found %#x, expected %#x "
		       "(%zu bytes differ)\n",
		       torture_kind_names[o->kind], o->addr, o->size, (unsigned long long)o->serial,
		       o->alloc_cpu, context_names[o->in_irq], smp_processor_id(), what, first,
		       found, expected, bad);
	return false;
}
