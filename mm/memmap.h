/* SPDX-License-Identifier: MIT */
/*
 * Cleaning up the loader's memory map, and the sorted range-list primitives
 * that do it.
 *
 * A "range list" is an array of struct boot_range kept sorted by start, with
 * every range non-empty (start < end) and no two ranges overlapping or
 * touching (r[i].end < r[i + 1].start). mm/memblock.c keeps its two region
 * tables in this form and uses the same primitives.
 */
#ifndef STRATA_MEMMAP_H
#define STRATA_MEMMAP_H

#include "boot/bootinfo.h"
#include "lib/types.h"

/*
 * The highest end address any range may have: 2^64 - PAGE_SIZE. An entry
 * whose addr + len wraps past 2^64 is clamped here, so that rounding an end
 * up to a page boundary can never wrap to 0.
 */
#define MEMMAP_ADDR_LIMIT ((u64)0 - PAGE_SIZE)

/*
 * Turn the loader's raw entries e[0..n) into the usable RAM in out[]: sorted,
 * merged, page-aligned, with every non-usable entry cut out (the non-usable
 * type wins where entries overlap). Zero-length entries are ignored; RAM
 * above 4 GiB is kept. e is not modified.
 * Returns the number of ranges written to out, or -ENOSPC if more than
 * max_out ranges were needed at any step (out[] is scratch space then).
 */
int memmap_usable(const struct boot_mem_entry *e, u32 n, struct boot_range *out, u32 max_out);

/*
 * Add [start, end) to the range list r[0..n) (capacity max), merging it with
 * every range it overlaps or touches. Byte-exact: no page rounding.
 * Returns the new count, or -ENOSPC (r unchanged) if a new slot was needed
 * and none was free. An empty range (start >= end) is a no-op.
 */
int memmap_insert(struct boot_range *r, u32 n, u32 max, u64 start, u64 end);

/*
 * Remove [start, end) from the range list r[0..n) (capacity max): ranges
 * inside it disappear, ranges overlapping an edge are trimmed, and a range
 * strictly containing it is split in two. Byte-exact: pass page-rounded
 * bounds (start down, end up) to keep a page-aligned list page-aligned.
 * Returns the new count, or -ENOSPC (r unchanged) if a split needed a slot
 * and none was free. An empty range is a no-op.
 */
int memmap_subtract(struct boot_range *r, u32 n, u32 max, u64 start, u64 end);

/*
 * The end of [addr, addr + len), clamped to MEMMAP_ADDR_LIMIT when the sum
 * wraps past 2^64 or lies above the limit.
 */
u64 memmap_end(u64 addr, u64 len);

#endif /* STRATA_MEMMAP_H */
