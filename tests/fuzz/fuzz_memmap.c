// SPDX-License-Identifier: MIT
/*
 * Fuzz target: memmap_usable() (mm/memmap.c), the loader memory map's
 * clean-up, against a brute-force oracle.
 *
 * Input: one byte for the output capacity (so -ENOSPC paths run too), then
 * entries of 17 bytes: addr (8), len (8), type (1: 1 usable, else 2..6).
 * Addresses are kept small or near 2^64 by the bytes themselves, so
 * overlaps, wrap-around and the clamp at MEMMAP_ADDR_LIMIT all occur.
 *
 * Checked on every success: the output is a range list (sorted, non-empty,
 * page-aligned, no two touching), and a page is in it exactly when every
 * byte of it lies in some usable entry and in no other entry (zero-length
 * entries ignored), tested at every page an entry or output edge falls in
 * or next to.
 */
#include "mm/memmap.h"
#include "lib/errno.h"
#include "tests/fuzz/fuzz.h"

#define MAX_ENTRIES 48

static struct boot_mem_entry e[MAX_ENTRIES];
static u32 n;

/* Is every byte of [s, t) inside the union of the usable entries? */
static bool covered_by_usable(u64 s, u64 t)
{
	u64 cur = s;
	bool moved = true;

	while (cur < t && moved) {
		moved = false;
		for (u32 i = 0; i < n; i++) {
			u64 end = memmap_end(e[i].addr, e[i].len);

			if (e[i].type != BOOT_MEM_USABLE || !e[i].len)
				continue;
			if (e[i].addr <= cur && cur < end) {
				cur = end;
				moved = true;
			}
		}
	}
	return cur >= t;
}

static bool touches_unusable(u64 s, u64 t)
{
	for (u32 i = 0; i < n; i++) {
		u64 end = memmap_end(e[i].addr, e[i].len);

		if (e[i].type == BOOT_MEM_USABLE || !e[i].len)
			continue;
		if (e[i].addr < t && s < end)
			return true;
	}
	return false;
}

static bool in_output(const struct boot_range *out, int nr, u64 page)
{
	for (int i = 0; i < nr; i++)
		if (out[i].start <= page && page + PAGE_SIZE <= out[i].end)
			return true;
	return false;
}

/* Compare the oracle and the output for the page containing addr. */
static void check_page(const struct boot_range *out, int nr, u64 addr)
{
	u64 page = ALIGN_DOWN(addr, PAGE_SIZE);
	bool want;

	if (page >= MEMMAP_ADDR_LIMIT)
		return; /* beyond every range by definition */
	want = covered_by_usable(page, page + PAGE_SIZE) &&
	       !touches_unusable(page, page + PAGE_SIZE);
	FUZZ_CHECK(in_output(out, nr, page) == want, "page %#llx: oracle says %s",
		   (unsigned long long)page, want ? "usable" : "not usable");
}

static void check_near(const struct boot_range *out, int nr, u64 addr)
{
	check_page(out, nr, addr);
	if (addr >= PAGE_SIZE)
		check_page(out, nr, addr - PAGE_SIZE);
	if (addr < MEMMAP_ADDR_LIMIT - PAGE_SIZE)
		check_page(out, nr, addr + PAGE_SIZE);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_input in = {data, size};
	u32 max_out = fuzz_u8(&in) % 64 + 1;
	struct boot_range *out = malloc(max_out * sizeof(*out));
	int nr;

	n = 0;
	while (in.left >= 17 && n < MAX_ENTRIES) {
		e[n].addr = fuzz_u64(&in);
		e[n].len = fuzz_u64(&in);
		e[n].type = fuzz_u8(&in) % 6 + 1;
		n++;
	}
	nr = memmap_usable(e, n, out, max_out);
	FUZZ_CHECK(nr == -ENOSPC || (nr >= 0 && (u32)nr <= max_out), "returned %d", nr);
	if (nr < 0)
		goto out;
	for (int i = 0; i < nr; i++) {
		FUZZ_CHECK(out[i].start < out[i].end, "range %d empty", i);
		FUZZ_CHECK(IS_ALIGNED(out[i].start | out[i].end, PAGE_SIZE),
			   "range %d not page aligned", i);
		FUZZ_CHECK(out[i].end <= MEMMAP_ADDR_LIMIT, "range %d past the limit", i);
		FUZZ_CHECK(i == 0 || out[i - 1].end < out[i].start,
			   "ranges %d and %d overlap or touch", i - 1, i);
	}
	for (u32 i = 0; i < n; i++) {
		check_near(out, nr, e[i].addr);
		check_near(out, nr, memmap_end(e[i].addr, e[i].len));
	}
	for (int i = 0; i < nr; i++) {
		check_near(out, nr, out[i].start);
		check_near(out, nr, out[i].end);
	}
out:
	free(out);
	return 0;
}
