// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/memmap.c: memmap_usable() on hand-made loader maps, the
 * range-list primitives, and a seeded random comparison against a
 * brute-force byte-granular model.
 */
#include <stdlib.h>
#include <time.h>

#include "lib/errno.h"
#include "mm/memmap.h"
#include "tests/host/htest.h"

#define R BOOT_MEM_USABLE
#define X BOOT_MEM_RESERVED

static struct boot_range out[BOOTINFO_MAX_MMAP];

/* Expect out[0..n) == want[0..n). */
#define EXPECT_RANGES(n, ...)                                      \
	do {                                                       \
		const struct boot_range want_[] = {__VA_ARGS__};   \
		ASSERT_EQ(n, (int)ARRAY_SIZE(want_));              \
		for (u32 k_ = 0; k_ < ARRAY_SIZE(want_); k_++) {   \
			EXPECT_EQ(out[k_].start, want_[k_].start); \
			EXPECT_EQ(out[k_].end, want_[k_].end);     \
		}                                                  \
	} while (0)

static int usable(const struct boot_mem_entry *e, u32 n)
{
	return memmap_usable(e, n, out, ARRAY_SIZE(out));
}

static void overlapping_entries(void)
{
	const struct boot_mem_entry e[] = {
		{0x100000, 0x300000, R},
		{0x200000, 0x400000, R},
		{0x50000, 0x10000, R},
	};
	int n = usable(e, ARRAY_SIZE(e));

	EXPECT_RANGES(n, {0x50000, 0x60000}, {0x100000, 0x600000});
}

static void hole_cut_out(void)
{
	/* A reserved entry inside, and one overlapping the end, of RAM. */
	const struct boot_mem_entry e[] = {
		{0x200000, 0x100000, X},
		{0x100000, 0x400000, R},
		{0x480000, 0x100000, BOOT_MEM_ACPI_NVS},
		{0x90000, 0x10000, 77}, /* unknown types are reserved too */
		{0x0, 0xa0000, R},
	};
	int n = usable(e, ARRAY_SIZE(e));

	EXPECT_RANGES(n, {0x0, 0x90000}, {0x100000, 0x200000}, {0x300000, 0x480000});
}

static void unaligned_entries(void)
{
	const struct boot_mem_entry e[] = {
		{0x1001, 0x3000, R},  /* -> [0x2000, 0x4000) */
		{0x10000, 0xfff, R},  /* less than a page: dropped */
		{0x20800, 0x1000, R}, /* straddles two pages: dropped */
		{0x30800, 0x800, R},  /* two halves meeting at a page */
		{0x31000, 0x800, R},  /*   boundary make no whole page... */
		{0x40800, 0x800, R},  /* ...but these two halves */
		{0x40000, 0x800, R},  /*   make exactly one */
	};
	int n = usable(e, ARRAY_SIZE(e));

	EXPECT_RANGES(n, {0x2000, 0x4000}, {0x40000, 0x41000});
}

static void zero_length_ignored(void)
{
	const struct boot_mem_entry e[] = {
		{0x100000, 0, R},
		{0x200000, 0x100000, R},
		{0x250000, 0, X}, /* an empty hole cuts nothing */
	};
	int n = usable(e, ARRAY_SIZE(e));

	EXPECT_RANGES(n, {0x200000, 0x300000});
}

static void wraparound_clamped(void)
{
	const struct boot_mem_entry e[] = {
		{0xfffffff000000000, 0x2000000000, R}, /* wraps past 2^64 */
		{0xfffffffffffff800, 0x1000, R},       /* starts in the last page */
	};
	int n = usable(e, ARRAY_SIZE(e));

	EXPECT_RANGES(n, {0xfffffff000000000, MEMMAP_ADDR_LIMIT});
	EXPECT_EQ(memmap_end(1, ~0ULL), MEMMAP_ADDR_LIMIT);
	EXPECT_EQ(memmap_end(0x1000, 0x1000), 0x2000);
}

static void ram_above_4g(void)
{
	const struct boot_mem_entry e[] = {
		{0x100000000, 0x40000000, R},
		{0x100000, 0xbff00000, R},
		{0xfee00000, 0x1000, X},
		{0x13fff0000, 0x20000, X},
	};
	int n = usable(e, ARRAY_SIZE(e));

	EXPECT_RANGES(n, {0x100000, 0xc0000000}, {0x100000000, 0x13fff0000});
}

static void many_entries(void)
{
	static struct boot_mem_entry e[BOOTINFO_MAX_MMAP];
	int n;

	/* 128 page-sized RAM entries, every other page: 64 ranges... */
	for (u32 i = 0; i < ARRAY_SIZE(e); i++) {
		e[i].addr = (u64)(2 * (i / 2) + 1) * 0x100000 + (i % 2) * 0x1000;
		e[i].len = 0x1000;
		e[i].type = R;
	}
	n = usable(e, ARRAY_SIZE(e));
	ASSERT_EQ(n, 64);
	/* ...each two adjacent pages merged: [odd MiB, odd MiB + 8 KiB). */
	for (int i = 0; i < n; i++) {
		EXPECT_EQ(out[i].start, (u64)(2 * i + 1) * 0x100000);
		EXPECT_EQ(out[i].end, (u64)(2 * i + 1) * 0x100000 + 0x2000);
	}
}

static void reserved_inside_usable(void)
{
	const struct boot_mem_entry e[] = {{0x100000, 0x700000, R}};
	int n = usable(e, ARRAY_SIZE(e));

	ASSERT_EQ(n, 1);
	/* The kernel image, unaligned: whole pages go. */
	n = memmap_subtract(out, (u32)n, ARRAY_SIZE(out), 0x200000, 0x280800);
	n = memmap_subtract(out, (u32)n, ARRAY_SIZE(out), 0x700000, 0x900000);
	EXPECT_RANGES(n, {0x100000, 0x200000}, {0x280800, 0x700000});
	n = memmap_subtract(out, (u32)n, ARRAY_SIZE(out), ALIGN_DOWN(0x280800, PAGE_SIZE),
			    ALIGN_UP(0x280801, PAGE_SIZE));
	EXPECT_RANGES(n, {0x100000, 0x200000}, {0x281000, 0x700000});
	/* Covering everything empties the list. */
	n = memmap_subtract(out, (u32)n, ARRAY_SIZE(out), 0, ~0ULL);
	EXPECT_EQ(n, 0);
}

static void out_of_space(void)
{
	const struct boot_mem_entry e[] = {
		{0x1000, 0x1000, R},
		{0x3000, 0x1000, R},
		{0x5000, 0x1000, R},
	};
	struct boot_range small[2];

	EXPECT_EQ(memmap_usable(e, 3, small, 2), -ENOSPC);
	EXPECT_EQ(memmap_usable(e, 2, small, 2), 2);
	/* A split of a full list fails and leaves the list unchanged. */
	EXPECT_EQ(memmap_subtract(small, 2, 2, 0x1400, 0x1800), -ENOSPC);
	EXPECT_EQ(small[0].start, 0x1000);
	EXPECT_EQ(small[0].end, 0x2000);
	/* A merge needs no slot, so it succeeds even when full. */
	EXPECT_EQ(memmap_insert(small, 2, 2, 0x2000, 0x3000), 1);
	EXPECT_EQ(small[0].end, 0x4000);
}

static void insert_merges(void)
{
	struct boot_range r[8];
	int n = 0;

	n = memmap_insert(r, (u32)n, 8, 0x5000, 0x6000);
	n = memmap_insert(r, (u32)n, 8, 0x1000, 0x2000);
	n = memmap_insert(r, (u32)n, 8, 0x3000, 0x4000);
	n = memmap_insert(r, (u32)n, 8, 0x9000, 0x9000); /* empty: no-op */
	ASSERT_EQ(n, 3);
	/* One range touching the first and overlapping the next two. */
	n = memmap_insert(r, (u32)n, 8, 0x2000, 0x5800);
	ASSERT_EQ(n, 1);
	EXPECT_EQ(r[0].start, 0x1000);
	EXPECT_EQ(r[0].end, 0x6000);
}

/*
 * Random maps over [0, 256 KiB) at 256-byte granularity, checked against a
 * byte-unit model: a page is usable iff every unit in it is covered by a
 * usable entry and by no other entry.
 */
#define MODEL_UNIT 256
#define MODEL_UNITS (256 * KiB / MODEL_UNIT)

static void random_vs_model(void)
{
	unsigned seed = (unsigned)time(NULL);
	const char *env = getenv("HTEST_SEED");
	static bool ram[MODEL_UNITS], hole[MODEL_UNITS];
	struct boot_mem_entry e[24];

	if (env)
		seed = (unsigned)strtoul(env, NULL, 0);
	htest_diag("random_vs_model: seed %u (set HTEST_SEED to replay)", seed);
	srand(seed);
	for (int round = 0; round < 500 && !htest_case_failed(); round++) {
		u32 ne = 1 + (u32)rand() % ARRAY_SIZE(e);
		int n;

		memset(ram, 0, sizeof(ram));
		memset(hole, 0, sizeof(hole));
		for (u32 i = 0; i < ne; i++) {
			u64 a = (u64)(rand() % MODEL_UNITS);
			u64 l = (u64)(rand() % (MODEL_UNITS / 4));

			if (a + l > MODEL_UNITS)
				l = MODEL_UNITS - a;
			e[i].addr = a * MODEL_UNIT;
			e[i].len = l * MODEL_UNIT;
			e[i].type = rand() % 3 ? R : X;
			for (u64 u = a; u < a + l; u++)
				*(e[i].type == R ? &ram[u] : &hole[u]) = true;
		}
		n = usable(e, ne);
		ASSERT_TRUE(n >= 0);
		for (u32 p = 0; p < 256 * KiB / PAGE_SIZE; p++) {
			bool want = true, got = false;

			for (u32 u = 0; u < PAGE_SIZE / MODEL_UNIT; u++) {
				u32 k = p * (PAGE_SIZE / MODEL_UNIT) + u;

				want = want && ram[k] && !hole[k];
			}
			for (int i = 0; i < n; i++)
				got = got ||
				      (out[i].start <= p * PAGE_SIZE && p * PAGE_SIZE < out[i].end);
			EXPECT_EQ(got, want);
		}
		/* Output is sorted, aligned, and maximal (nothing touches). */
		for (int i = 0; i < n; i++) {
			EXPECT_TRUE(IS_ALIGNED(out[i].start, PAGE_SIZE));
			EXPECT_TRUE(IS_ALIGNED(out[i].end, PAGE_SIZE));
			EXPECT_TRUE(out[i].start < out[i].end);
			if (i)
				EXPECT_TRUE(out[i - 1].end < out[i].start);
		}
	}
}

static const struct htest_case cases[] = {
	HTEST_CASE(overlapping_entries), HTEST_CASE(hole_cut_out),
	HTEST_CASE(unaligned_entries),	 HTEST_CASE(zero_length_ignored),
	HTEST_CASE(wraparound_clamped),	 HTEST_CASE(ram_above_4g),
	HTEST_CASE(many_entries),	 HTEST_CASE(reserved_inside_usable),
	HTEST_CASE(out_of_space),	 HTEST_CASE(insert_merges),
	HTEST_CASE(random_vs_model),
};

HTEST_MAIN("memmap", cases)
