// SPDX-License-Identifier: MIT
/*
 * Memory-map cleanup: from the loader's raw entries to one sorted, merged,
 * page-aligned list of usable RAM.
 *
 * Loaders report E820-style entries that may overlap, be unaligned, be empty,
 * run off the end of the address space, or mark a hole inside a usable
 * block. boot/multiboot.c copies them verbatim into struct bootinfo; this file
 * is the only place that interprets them. mm/memblock.c sits on top and uses
 * the same range-list primitives (memmap_insert, memmap_subtract) for its
 * memory and reserved tables.
 *
 * Invariant of every range list produced here (see mm/memmap.h): sorted by
 * start, each range non-empty, no two ranges overlapping or touching. All the
 * routines are O(n^2) at worst; n is at most a few hundred.
 */
#include "mm/memmap.h"

#include "lib/errno.h"

u64 memmap_end(u64 addr, u64 len)
{
	u64 end = addr + len;

	if (end < addr || end > MEMMAP_ADDR_LIMIT)
		return MEMMAP_ADDR_LIMIT;
	return end;
}

/* Open slot i in r[0..n) by moving r[i..n) up one; the caller checked room. */
static void range_open_slot(struct boot_range *r, u32 n, u32 i)
{
	for (u32 j = n; j > i; j--)
		r[j] = r[j - 1];
}

/* Close slot i in r[0..n) by moving r[i+1..n) down one. */
static void range_close_slot(struct boot_range *r, u32 n, u32 i)
{
	for (u32 j = i; j + 1 < n; j++)
		r[j] = r[j + 1];
}

/*
 * Insert with merge:
 *   i = first range whose end >= start    (it may touch or overlap us)
 *   if no such range, or r[i].start > end: open a slot at i, store [start,end)
 *   else: r[i] = union(r[i], [start,end)); then swallow every following
 *         range whose start <= r[i].end (it overlaps or touches the union).
 * Only the "open a slot" path needs room, and it is checked before anything
 * is written, so -ENOSPC leaves r unchanged.
 */
int memmap_insert(struct boot_range *r, u32 n, u32 max, u64 start, u64 end)
{
	u32 i = 0;

	if (start >= end)
		return (int)n;
	while (i < n && r[i].end < start)
		i++;
	if (i == n || r[i].start > end) {
		if (n >= max)
			return -ENOSPC;
		range_open_slot(r, n, i);
		r[i].start = start;
		r[i].end = end;
		return (int)(n + 1);
	}
	r[i].start = MIN(r[i].start, start);
	r[i].end = MAX(r[i].end, end);
	while (i + 1 < n && r[i + 1].start <= r[i].end) {
		r[i].end = MAX(r[i].end, r[i + 1].end);
		range_close_slot(r, n, i + 1);
		n--;
	}
	return (int)n;
}

/*
 * Subtract [start, end) from each range [s, e) it overlaps:
 *   start <= s && e <= end : the range vanishes
 *   s < start && end < e   : split into [s, start) and [end, e)
 *   s < start              : trim to [s, start)
 *   otherwise              : trim to [end, e)
 * A split happens only when the cut lies strictly inside one range, and then
 * no other range is touched, so checking room for it first keeps -ENOSPC
 * side-effect free.
 */
int memmap_subtract(struct boot_range *r, u32 n, u32 max, u64 start, u64 end)
{
	u32 i = 0;

	if (start >= end)
		return (int)n;
	while (i < n) {
		u64 s = r[i].start, e = r[i].end;

		if (e <= start || s >= end) {
			i++;
			continue;
		}
		if (start <= s && e <= end) {
			range_close_slot(r, n, i);
			n--;
			continue;
		}
		if (s < start && end < e) {
			if (n >= max)
				return -ENOSPC;
			range_open_slot(r, n, i + 1);
			r[i].end = start;
			r[i + 1].start = end;
			r[i + 1].end = e;
			return (int)(n + 1);
		}
		if (s < start)
			r[i].end = start;
		else
			r[i].start = end;
		i++;
	}
	return (int)n;
}

/*
 * Algorithm:
 *   1. Union: insert every usable (type 1), non-empty entry into out[], exact
 *      to the byte. Merging before rounding matters: two entries that meet
 *      mid-page together cover that page, and each rounded alone would not.
 *   2. Holes: subtract every non-usable, non-empty entry from out[]. Which
 *      order entries arrive in does not matter: a byte is usable iff some
 *      usable entry covers it and no other entry does.
 *   3. Round: each range's start up and end down to PAGE_SIZE, so a page
 *      that is even partly reserved (or partly missing) is never usable;
 *      drop ranges that become empty. Rounding inward only widens the gaps
 *      between ranges, so nothing needs merging again.
 * Entry ends are clamped by memmap_end(), so rounding can never wrap.
 * NOTE: -ENOSPC is judged on the unrounded list, so a map with more than
 * max_out usable fragments fails even if some would vanish when rounded.
 */
int memmap_usable(const struct boot_mem_entry *e, u32 n, struct boot_range *out, u32 max_out)
{
	int nr = 0;
	u32 i, kept = 0;

	for (i = 0; i < n; i++) {
		if (e[i].type != BOOT_MEM_USABLE || e[i].len == 0)
			continue;
		nr = memmap_insert(out, (u32)nr, max_out, e[i].addr,
				   memmap_end(e[i].addr, e[i].len));
		if (nr < 0)
			return nr;
	}
	for (i = 0; i < n; i++) {
		if (e[i].type == BOOT_MEM_USABLE || e[i].len == 0)
			continue;
		nr = memmap_subtract(out, (u32)nr, max_out, e[i].addr,
				     memmap_end(e[i].addr, e[i].len));
		if (nr < 0)
			return nr;
	}
	for (i = 0; i < (u32)nr; i++) {
		u64 s = ALIGN_UP(out[i].start, PAGE_SIZE);
		u64 t = ALIGN_DOWN(out[i].end, PAGE_SIZE);

		if (s < t) {
			out[kept].start = s;
			out[kept].end = t;
			kept++;
		}
	}
	return (int)kept;
}
