// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/memblock.c: directed cases for add/reserve/alloc and the
 * handover, and a seeded random sequence checked page by page against a
 * brute-force bitmap model (memory, reserved, free = memory & ~reserved, and
 * the exact bottom-up or top-down fit every allocation must return).
 */
#include <stdlib.h>
#include <time.h>

#include "lib/errno.h"
#include "mm/memblock.h"
#include "mm/memmap.h"
#include "tests/host/htest.h"

/* Sum of free range lengths, via the iterator. */
static u64 free_bytes(void)
{
	u64 cursor = 0, s, e, sum = 0;

	while (memblock_next_free(&cursor, &s, &e))
		sum += e - s;
	return sum;
}

static void add_and_reserve(void)
{
	struct boot_range r;

	memblock_reset();
	EXPECT_EQ(memblock_region_count(MEMBLOCK_RESERVED), 1); /* page 0 */
	EXPECT_EQ(memblock_add(0x100800, 0x1ff800), 0);		/* -> [1M+4K, 3M) */
	EXPECT_EQ(memblock_add(0x300000, 0x100000), 0);		/* adjacent: merged */
	EXPECT_EQ(memblock_add(0x0, 0x9fc00), 0);		/* -> [0, 0x9f000) */
	ASSERT_EQ(memblock_region_count(MEMBLOCK_MEMORY), 2);
	r = memblock_region(MEMBLOCK_MEMORY, 1);
	EXPECT_EQ(r.start, 0x101000);
	EXPECT_EQ(r.end, 0x400000);
	r = memblock_region(MEMBLOCK_MEMORY, 7);
	EXPECT_EQ(r.end, 0); /* out of range: {0, 0} */

	/* Reservations grow outward to pages and may lie outside memory. */
	EXPECT_EQ(memblock_reserve(0x200010, 0x10), 0);
	EXPECT_EQ(memblock_reserve(0xfee00000, 0x1000), 0);
	ASSERT_EQ(memblock_region_count(MEMBLOCK_RESERVED), 3);
	r = memblock_region(MEMBLOCK_RESERVED, 1);
	EXPECT_EQ(r.start, 0x200000);
	EXPECT_EQ(r.end, 0x201000);
	EXPECT_EQ(memblock_reserved_bytes(), 3 * PAGE_SIZE);
	EXPECT_EQ(memblock_free_pages(), (0x9f000 - 0x1000 + 0x2ff000 - 0x1000) / PAGE_SIZE);
	EXPECT_EQ(free_bytes(), memblock_free_pages() * PAGE_SIZE);
	/* Zero sizes are no-ops. */
	EXPECT_EQ(memblock_add(0x5000000, 0), 0);
	EXPECT_EQ(memblock_reserve(0x5000, 0), 0);
	EXPECT_EQ(memblock_region_count(MEMBLOCK_MEMORY), 2);
	memblock_reset();
}

static void free_iteration(void)
{
	u64 cursor = 0, s, e;

	memblock_reset();
	memblock_add(0, 0x10000);
	memblock_add(0x100000, 0x10000);
	memblock_reserve(0x3000, 0x2000);
	memblock_reserve(0xe000, 0xf4000); /* spans the gap between regions */
	ASSERT_TRUE(memblock_next_free(&cursor, &s, &e));
	EXPECT_EQ(s, 0x1000);
	EXPECT_EQ(e, 0x3000);
	ASSERT_TRUE(memblock_next_free(&cursor, &s, &e));
	EXPECT_EQ(s, 0x5000);
	EXPECT_EQ(e, 0xe000);
	ASSERT_TRUE(memblock_next_free(&cursor, &s, &e));
	EXPECT_EQ(s, 0x102000);
	EXPECT_EQ(e, 0x110000);
	EXPECT_FALSE(memblock_next_free(&cursor, &s, &e));
	EXPECT_FALSE(memblock_next_free(&cursor, &s, &e)); /* stays done */
	memblock_reset();
}

static void alloc_alignment_bottom_up(void)
{
	u64 a, b, c;

	memblock_reset();
	memblock_set_bottom_up(true);
	memblock_add(0, 64 * MiB);
	a = memblock_phys_alloc(100, 0); /* one page, at 1 MiB */
	EXPECT_EQ(a, MEMBLOCK_LOW_LIMIT);
	b = memblock_phys_alloc(3 * PAGE_SIZE, PAGE_SIZE);
	EXPECT_EQ(b, a + PAGE_SIZE); /* bottom-up: right after a */
	c = memblock_phys_alloc(PAGE_SIZE, 2 * MiB);
	EXPECT_EQ(c, 2 * MiB);
	EXPECT_EQ(memblock_alloc_range(PAGE_SIZE, 1 * GiB, 0, MEMBLOCK_ALLOC_ANYWHERE),
		  0); /* no 1 GiB-aligned free page but 0, which is reserved */
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, 3), 0); /* not a power of 2 */
	EXPECT_EQ(memblock_phys_alloc(0, PAGE_SIZE), 0);
	EXPECT_EQ(memblock_phys_alloc(~0ULL, PAGE_SIZE), 0);
	/* Allocations are reserved: memory minus reserved shrank by 5 pages. */
	EXPECT_EQ(memblock_reserved_bytes(), 6 * PAGE_SIZE);
	memblock_reset();
}

/* The default, as Linux: the highest fit, under the limit and max_addr. */
static void alloc_top_down(void)
{
	memblock_reset();
	EXPECT_FALSE(memblock_bottom_up());
	memblock_add(0, 64 * MiB);
	EXPECT_EQ(memblock_phys_alloc(100, 0), 64 * MiB - PAGE_SIZE);
	EXPECT_EQ(memblock_phys_alloc(3 * PAGE_SIZE, 0), 64 * MiB - 4 * PAGE_SIZE);
	/* Aligned down inside the highest free range that holds it. */
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, 2 * MiB), 62 * MiB);
	EXPECT_EQ(memblock_alloc_range(2 * PAGE_SIZE, 0, 5 * MiB + 1, 6 * MiB),
		  6 * MiB - 2 * PAGE_SIZE);
	memblock_set_limit(4 * MiB + 0x123);
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, 0), 4 * MiB - PAGE_SIZE);
	/* Between MEMBLOCK_LOW_LIMIT and the limit: 3 MiB less one page. */
	EXPECT_EQ(memblock_phys_alloc(3 * MiB, 0), 0);
	EXPECT_EQ(memblock_phys_alloc(3 * MiB - PAGE_SIZE, 0), 1 * MiB);
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, 0), 0);
	/* Below 1 MiB only on request; page 0 never. */
	EXPECT_EQ(memblock_alloc_range(PAGE_SIZE, 0, 0, 2 * PAGE_SIZE), PAGE_SIZE);
	EXPECT_EQ(memblock_alloc_range(PAGE_SIZE, 0, 0, 2 * PAGE_SIZE), 0);
	memblock_reset();
}

/*
 * 255 GiB as a PC lays it out: RAM below the PCI hole at 3 GiB and from
 * 4 GiB up. The early page tables stay under the boot alias's 4 GiB limit;
 * mem_map (1/128 of RAM) and KASAN-sized allocations, asked for above
 * 16 MiB as mm/mem_map.c does, come from the top and leave DMA32 whole.
 */
static void large_allocations_spare_dma32(void)
{
	const u64 low_end = 3 * GiB, high_end = 256 * GiB;
	u64 mem_map_bytes = (255 * GiB / PAGE_SIZE) * 32, table, mem_map;
	u64 cursor = 0, s, e, free_low_before = 0, free_low_after = 0;

	memblock_reset();
	memblock_add(0, low_end);
	memblock_add(4 * GiB, high_end - 4 * GiB);
	memblock_reserve(0, 1 * MiB);
	memblock_reserve(1 * MiB, 2 * MiB); /* the kernel image */
	memblock_set_limit(4 * GiB);
	table = memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);
	EXPECT_EQ(table, low_end - PAGE_SIZE); /* reachable through the boot alias */
	while (memblock_next_free(&cursor, &s, &e) && s < 4 * GiB)
		free_low_before += MIN(e, 4 * GiB) - s;

	memblock_set_limit(MEMBLOCK_ALLOC_ANYWHERE);
	mem_map = memblock_alloc_range(mem_map_bytes, PAGE_SIZE, 16 * MiB, MEMBLOCK_ALLOC_ANYWHERE);
	EXPECT_EQ(mem_map, high_end - mem_map_bytes);
	EXPECT_EQ(memblock_alloc_range(32 * GiB, PAGE_SIZE, 16 * MiB, MEMBLOCK_ALLOC_ANYWHERE),
		  high_end - mem_map_bytes - 32 * GiB);
	cursor = 0;
	while (memblock_next_free(&cursor, &s, &e) && s < 4 * GiB)
		free_low_after += MIN(e, 4 * GiB) - s;
	EXPECT_EQ(free_low_after, free_low_before);
	EXPECT_EQ(free_low_after, low_end - 3 * MiB - PAGE_SIZE);
	memblock_reset();
}

static void page0_never_returned(void)
{
	memblock_reset();
	memblock_add(0, 4 * PAGE_SIZE);
	EXPECT_EQ(memblock_alloc_range(3 * PAGE_SIZE, 0, 0, MEMBLOCK_ALLOC_ANYWHERE), PAGE_SIZE);
	/* Memory that is only page 0 has nothing to give. */
	memblock_reset();
	memblock_add(0, PAGE_SIZE);
	EXPECT_EQ(memblock_alloc_range(PAGE_SIZE, 0, 0, MEMBLOCK_ALLOC_ANYWHERE), 0);
	memblock_reset();
}

static void alloc_limits(void)
{
	memblock_reset();
	memblock_set_bottom_up(true);
	memblock_add(0, 16 * MiB);
	memblock_set_limit(2 * MiB + 0x123);
	EXPECT_EQ(memblock_get_limit(), 2 * MiB);
	/* Only 1 MiB lies between MEMBLOCK_LOW_LIMIT and the limit. */
	EXPECT_EQ(memblock_phys_alloc(1 * MiB + PAGE_SIZE, 0), 0);
	EXPECT_EQ(memblock_phys_alloc(1 * MiB, 0), 1 * MiB);
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, 0), 0);
	memblock_set_limit(MEMBLOCK_ALLOC_ANYWHERE);
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, 0), 2 * MiB);
	/* An explicit window. */
	EXPECT_EQ(memblock_alloc_range(2 * PAGE_SIZE, 0, 5 * MiB + 1, 6 * MiB),
		  5 * MiB + PAGE_SIZE);
	EXPECT_EQ(memblock_alloc_range(PAGE_SIZE, 0, 6 * MiB, 6 * MiB), 0);
	/* Below 1 MiB only on request. */
	EXPECT_EQ(memblock_alloc_range(PAGE_SIZE, 0, 0, 1 * MiB), PAGE_SIZE);
	memblock_reset();
}

static void exhaustion(void)
{
	u64 n = 0, a;

	memblock_reset();
	memblock_set_bottom_up(true);
	memblock_add(1 * MiB, 256 * KiB);
	while ((a = memblock_phys_alloc(PAGE_SIZE, 0)) != 0) {
		EXPECT_EQ(a, 1 * MiB + n * PAGE_SIZE);
		n++;
	}
	EXPECT_EQ(n, 64);
	EXPECT_EQ(memblock_free_pages(), 0);
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, 0), 0);
	/* All merged into one reserved region plus page 0. */
	EXPECT_EQ(memblock_region_count(MEMBLOCK_RESERVED), 2);
	memblock_reset();
}

static void tables_full(void)
{
	u32 i;

	memblock_reset();
	for (i = 0; i < MEMBLOCK_MAX_REGIONS; i++)
		ASSERT_EQ(memblock_add((u64)(2 * i + 1) * MiB, PAGE_SIZE), 0);
	EXPECT_EQ(memblock_add(1000 * MiB, PAGE_SIZE), -ENOSPC);
	EXPECT_EQ(memblock_region_count(MEMBLOCK_MEMORY), MEMBLOCK_MAX_REGIONS);
	for (i = 1; i < MEMBLOCK_MAX_REGIONS; i++)
		ASSERT_EQ(memblock_reserve((u64)(2 * i + 1) * MiB, PAGE_SIZE), 0);
	EXPECT_EQ(memblock_reserve(1000 * MiB, PAGE_SIZE), -ENOSPC);
	/* One free page left at 1 MiB, but recording it needs a slot... */
	EXPECT_EQ(memblock_free_pages(), 1);
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, 0), 0);
	/* ...while a reservation that merges with a neighbour needs none. */
	EXPECT_EQ(memblock_reserve(3 * MiB + PAGE_SIZE, PAGE_SIZE), 0);
	memblock_reset();
	memblock_add(1 * MiB, 2 * PAGE_SIZE);
	for (i = 0; i < MEMBLOCK_MAX_REGIONS - 1; i++)
		ASSERT_EQ(memblock_reserve((u64)(2 * i + 10) * MiB, PAGE_SIZE), 0);
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, 0), 0); /* full: no slot */
	EXPECT_EQ(memblock_alloc_range(PAGE_SIZE, 0, 0, 10 * MiB), 0);
	memblock_reset();
}

static void handover(void)
{
	memblock_reset();
	memblock_set_bottom_up(true);
	memblock_add(0, 8 * MiB);
	EXPECT_NE(memblock_phys_alloc(PAGE_SIZE, 0), 0);
	memblock_mark_handed_over();
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, 0), 0);
	EXPECT_EQ(memblock_add(16 * MiB, MiB), -EINVAL);
	EXPECT_EQ(memblock_reserve(4 * MiB, MiB), -EINVAL);
	/* Still readable for the dump and the final free-range walk. */
	EXPECT_EQ(memblock_free_pages(), 8 * MiB / PAGE_SIZE - 2);
	memblock_reset();
	memblock_add(2 * MiB, MiB); /* reset re-enables everything, top-down again */
	EXPECT_FALSE(memblock_bottom_up());
	EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, 0), 3 * MiB - PAGE_SIZE);
	memblock_reset();
}

/* ---- random sequence against a page bitmap ---- */

#define MODEL_PAGES 8192 /* 32 MiB of physical address space */
static bool m_mem[MODEL_PAGES], m_res[MODEL_PAGES];
static u64 m_limit;
static bool m_bottom_up;

static u64 rnd(u64 n)
{
	return ((u64)rand() << 31 ^ (u64)rand()) % n;
}

/* Are pages [p, p + pages) all free in the model? */
static bool model_free(u64 p, u64 pages)
{
	u64 i;

	for (i = 0; i < pages && m_mem[p + i] && !m_res[p + i]; i++)
		;
	return i == pages;
}

/* The lowest (bottom-up) or highest (top-down) fit, by brute force; 0 if none. */
static u64 model_fit(u64 size, u64 align, u64 min, u64 max)
{
	u64 pages = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE;
	u64 step = MAX(align, PAGE_SIZE) / PAGE_SIZE;
	u64 first = ALIGN_UP(ALIGN_UP(min, PAGE_SIZE) / PAGE_SIZE, step);
	u64 end = MIN(MIN(max, m_limit) / PAGE_SIZE, (u64)MODEL_PAGES);

	if (first >= end || end - first < pages)
		return 0;
	if (m_bottom_up) {
		for (u64 p = first; p + pages <= end; p += step)
			if (model_free(p, pages))
				return p * PAGE_SIZE;
		return 0;
	}
	for (u64 p = ALIGN_DOWN(end - pages, step);; p -= step) {
		if (model_free(p, pages))
			return p * PAGE_SIZE;
		if (p < first + step)
			return 0;
	}
}

/* Compare every page, and the iterator's shape, with the model. */
static void model_check(void)
{
	static bool got[MODEL_PAGES];
	u64 cursor = 0, s, e, prev_end = 0, free_pages = 0, res_pages = 0;
	bool first = true;

	memset(got, 0, sizeof(got));
	while (memblock_next_free(&cursor, &s, &e)) {
		EXPECT_TRUE(IS_ALIGNED(s, PAGE_SIZE) && IS_ALIGNED(e, PAGE_SIZE));
		EXPECT_TRUE(s < e && e <= MODEL_PAGES * PAGE_SIZE);
		EXPECT_TRUE(first || prev_end < s); /* sorted, maximal */
		for (u64 p = s / PAGE_SIZE; p < e / PAGE_SIZE && p < MODEL_PAGES; p++)
			got[p] = true;
		prev_end = e;
		first = false;
	}
	for (u32 p = 0; p < MODEL_PAGES; p++) {
		bool want = m_mem[p] && !m_res[p];

		if (got[p] != want) {
			EXPECT_EQ(got[p], want);
			htest_diag("page %#x differs", p);
			return;
		}
		free_pages += want;
		res_pages += m_res[p];
	}
	EXPECT_EQ(memblock_free_pages(), free_pages);
	EXPECT_EQ(memblock_reserved_bytes(), res_pages * PAGE_SIZE);
}

static void random_vs_bitmap(void)
{
	unsigned seed = (unsigned)time(NULL);
	const char *env = getenv("HTEST_SEED");

	if (env)
		seed = (unsigned)strtoul(env, NULL, 0);
	htest_diag("random_vs_bitmap: seed %u (set HTEST_SEED to replay)", seed);
	srand(seed);
	for (int round = 0; round < 200 && !htest_case_failed(); round++) {
		memblock_reset();
		memset(m_mem, 0, sizeof(m_mem));
		memset(m_res, 0, sizeof(m_res));
		m_res[0] = true;
		m_limit = MEMBLOCK_ALLOC_ANYWHERE;
		m_bottom_up = rnd(2);
		memblock_set_bottom_up(m_bottom_up);
		for (int op = 0; op < 60 && !htest_case_failed(); op++) {
			u64 base = rnd(MODEL_PAGES * PAGE_SIZE);
			u64 size = rnd(MODEL_PAGES * PAGE_SIZE / 8);
			u64 top = MODEL_PAGES * PAGE_SIZE;
			u32 kind = (u32)rnd(10);

			if (base + size > top)
				size = top - base;
			if (kind < 3) {
				ASSERT_EQ(memblock_add(base, size), 0);
				for (u64 p = ALIGN_UP(base, PAGE_SIZE) / PAGE_SIZE;
				     (p + 1) * PAGE_SIZE <= base + size; p++)
					m_mem[p] = true;
			} else if (kind < 5) {
				size /= 16;
				ASSERT_EQ(memblock_reserve(base, size), 0);
				for (u64 p = base / PAGE_SIZE; size && p * PAGE_SIZE < base + size;
				     p++)
					m_res[p] = true;
			} else if (kind < 6) {
				m_limit = rnd(2) ? MEMBLOCK_ALLOC_ANYWHERE
						 : ALIGN_DOWN(base, PAGE_SIZE);
				memblock_set_limit(m_limit);
			} else {
				u64 sz = 1 + rnd(rnd(2) ? 64 * KiB : 1 * MiB);
				u64 align = rnd(3) ? 0 : 1ULL << rnd(23);
				u64 min = rnd(2) ? 0 : rnd(top);
				u64 max = rnd(2) ? MEMBLOCK_ALLOC_ANYWHERE : rnd(top);
				u64 want = model_fit(sz, align, min, max);
				u64 got = memblock_alloc_range(sz, align, min, max);

				if (got != want) {
					EXPECT_EQ(got, want);
					htest_diag("round %d op %d: alloc(%#llx, "
						   "%#llx, %#llx, %#llx)",
						   round, op, (unsigned long long)sz,
						   (unsigned long long)align,
						   (unsigned long long)min,
						   (unsigned long long)max);
					return;
				}
				for (u64 p = got / PAGE_SIZE;
				     got && p < (got + sz + PAGE_SIZE - 1) / PAGE_SIZE; p++)
					m_res[p] = true;
			}
			model_check();
		}
	}
	memblock_reset();
}

static const struct htest_case cases[] = {
	HTEST_CASE(add_and_reserve),
	HTEST_CASE(free_iteration),
	HTEST_CASE(alloc_alignment_bottom_up),
	HTEST_CASE(alloc_top_down),
	HTEST_CASE(large_allocations_spare_dma32),
	HTEST_CASE(page0_never_returned),
	HTEST_CASE(alloc_limits),
	HTEST_CASE(exhaustion),
	HTEST_CASE(tables_full),
	HTEST_CASE(handover),
	HTEST_CASE(random_vs_bitmap),
};

HTEST_MAIN("memblock", cases)
