// SPDX-License-Identifier: MIT
/*
 * memblock: the early boot allocator (Linux's mm/memblock.c in spirit).
 *
 * Owns two static range lists, memory and reserved (format and primitives in
 * mm/memmap.h). Free memory is memory minus reserved and is never stored: it
 * is computed by walking both sorted lists together. kmain() fills memory
 * from memmap_usable(), reserves what the boot left in use, allocates early
 * page tables and per-CPU data here, then hands every free range to the buddy
 * allocator (mm/page_alloc.c) and calls memblock_mark_handed_over().
 *
 * Invariants: both tables are sorted, merged range lists whose bounds are
 * multiples of PAGE_SIZE; page 0 is always reserved, so the address 0 can
 * mean "allocation failed"; nothing changes after the handover.
 */
#include "mm/memblock.h"

#include "lib/errno.h"
#include "mm/memmap.h"

/* RAM the kernel may use; page-aligned sorted merged ranges. */
static struct boot_range memblock_memory[MEMBLOCK_MAX_REGIONS];
static u32 memblock_nr_memory;

/* Taken ranges (may reach outside memory); page 0 is always the first. */
static struct boot_range memblock_reserved[MEMBLOCK_MAX_REGIONS] = {
	{.start = 0, .end = PAGE_SIZE},
};
static u32 memblock_nr_reserved = 1;

/* Allocations must end at or below this page-aligned address. */
static u64 memblock_limit = MEMBLOCK_ALLOC_ANYWHERE;

/* Set once the buddy allocator owns the free memory. */
static bool memblock_handed_over;

/* Allocation direction: false (the default, as Linux) takes the highest fit. */
static bool memblock_bottom_up_mode;

void memblock_reset(void)
{
	memblock_nr_memory = 0;
	memblock_reserved[0].start = 0;
	memblock_reserved[0].end = PAGE_SIZE;
	memblock_nr_reserved = 1;
	memblock_limit = MEMBLOCK_ALLOC_ANYWHERE;
	memblock_handed_over = false;
	memblock_bottom_up_mode = false;
}

void memblock_set_bottom_up(bool enable)
{
	memblock_bottom_up_mode = enable;
}

bool memblock_bottom_up(void)
{
	return memblock_bottom_up_mode;
}

/*
 * Add [base, base + size) to one of the two lists, rounded to whole pages:
 * inward for memory (part of a page is no usable page), outward for
 * reserved (a page partly in use is in use).
 */
static int memblock_insert(struct boot_range *list, u32 *nr, u64 base, u64 size, bool outward)
{
	u64 start, end;
	int n;

	if (memblock_handed_over)
		return -EINVAL;
	if (size == 0)
		return 0;
	/* memmap_end() keeps the end <= MEMMAP_ADDR_LIMIT: ALIGN_UP is safe. */
	end = memmap_end(base, size);
	if (outward) {
		start = ALIGN_DOWN(base, PAGE_SIZE);
		end = ALIGN_UP(end, PAGE_SIZE);
	} else {
		end = ALIGN_DOWN(end, PAGE_SIZE);
		if (base > end)
			return 0;
		start = ALIGN_UP(base, PAGE_SIZE);
	}
	n = memmap_insert(list, *nr, MEMBLOCK_MAX_REGIONS, start, end);
	if (n < 0)
		return n;
	*nr = (u32)n;
	return 0;
}

int memblock_add(u64 base, u64 size)
{
	return memblock_insert(memblock_memory, &memblock_nr_memory, base, size, false);
}

int memblock_reserve(u64 base, u64 size)
{
	return memblock_insert(memblock_reserved, &memblock_nr_reserved, base, size, true);
}

/*
 * Walk memory minus reserved from *cursor upward:
 *   for each memory region m ending above cursor:
 *       s = max(m.start, cursor)
 *       for each reserved r (sorted) overlapping [s, m.end):
 *           if r.start > s: the answer is [s, r.start)
 *           s = r.end                       (skip over the reservation)
 *       if s < m.end: the answer is [s, m.end)
 * Reserved ranges are merged, so [s, r.start) is maximal on the right; the
 * cursor is left at the answer's end, which is reserved or outside memory,
 * so the next answer cannot touch this one.
 */
bool memblock_next_free(u64 *cursor, u64 *start, u64 *end)
{
	for (u32 i = 0; i < memblock_nr_memory; i++) {
		const struct boot_range *m = &memblock_memory[i];
		u64 s;

		if (m->end <= *cursor)
			continue;
		s = MAX(m->start, *cursor);
		for (u32 j = 0; j < memblock_nr_reserved && s < m->end; j++) {
			const struct boot_range *r = &memblock_reserved[j];

			if (r->end <= s)
				continue;
			if (r->start >= m->end)
				break;
			if (r->start > s) {
				*start = s;
				*end = r->start;
				*cursor = r->start;
				return true;
			}
			s = r->end;
		}
		if (s < m->end) {
			*start = s;
			*end = m->end;
			*cursor = m->end;
			return true;
		}
	}
	return false;
}

/*
 * The fit in one free range [fs, fe) clipped to [min_addr, max_addr), size
 * and align already page-rounded: the lowest aligned start when bottom-up,
 * the highest when top-down; 0 if size does not fit (0 is never free).
 */
static u64 fit_in_range(u64 fs, u64 fe, u64 size, u64 align, u64 min_addr, u64 max_addr)
{
	u64 lo = MAX(fs, min_addr);
	u64 hi = MIN(fe, max_addr);
	u64 cand;

	if (lo >= hi || hi - lo < size)
		return 0;
	if (!memblock_bottom_up_mode) {
		cand = ALIGN_DOWN(hi - size, align);
		return cand >= lo ? cand : 0;
	}
	cand = ALIGN_UP(lo, align);
	if (cand < lo || cand > hi || hi - cand < size)
		return 0; /* (cand < lo: aligning wrapped past 2^64) */
	return cand;
}

/*
 * First fit over the free ranges, from the bottom or from the top:
 *   for each free [fs, fe) in ascending order, below max_addr and the limit:
 *       cand = fit_in_range(...)     lowest (bottom-up) or highest (top-down)
 *       bottom-up: the first cand is the answer
 *       top-down:  the last cand is the answer (later ranges lie higher)
 *   reserve [answer, answer + size)
 *
 * Why top-down by default, as Linux's memblock (mm/memblock.c, 6.1: x86
 * goes bottom-up only with movable_node, until the NUMA layout is known):
 * large early allocations (mem_map is 1/128 of RAM, KASAN's shadow 1/8)
 * then come from the top of RAM and leave ZONE_DMA and ZONE_DMA32 below
 * 4 GiB to the devices that need them; at 255 GiB a 2 GiB mem_map placed
 * bottom-up from 16 MiB took most of DMA32. What must stay low is bounded from above instead: early
 * page tables by memblock_set_limit() (the boot alias of the low 4 GiB),
 * and the first 1 MiB is never used unless asked (MEMBLOCK_LOW_LIMIT).
 */
u64 memblock_alloc_range(u64 size, u64 align, u64 min_addr, u64 max_addr)
{
	u64 cursor = 0, fs, fe, found = 0;

	if (memblock_handed_over || size == 0 || size > MEMMAP_ADDR_LIMIT)
		return 0;
	if (align & (align - 1))
		return 0;
	align = MAX(align, PAGE_SIZE);
	size = ALIGN_UP(size, PAGE_SIZE);
	max_addr = ALIGN_DOWN(MIN(max_addr, memblock_limit), PAGE_SIZE);

	while (memblock_next_free(&cursor, &fs, &fe) && fs < max_addr) {
		u64 cand = fit_in_range(fs, fe, size, align, min_addr, max_addr);

		if (!cand)
			continue;
		found = cand;
		if (memblock_bottom_up_mode)
			break;
	}
	if (!found || memblock_reserve(found, size) < 0)
		return 0;
	return found;
}

u64 memblock_phys_alloc(u64 size, u64 align)
{
	return memblock_alloc_range(size, align, MEMBLOCK_LOW_LIMIT, MEMBLOCK_ALLOC_ANYWHERE);
}

void memblock_set_limit(u64 max_addr)
{
	memblock_limit = ALIGN_DOWN(max_addr, PAGE_SIZE);
}

u64 memblock_get_limit(void)
{
	return memblock_limit;
}

u64 memblock_free_pages(void)
{
	u64 cursor = 0, s, e, pages = 0;

	while (memblock_next_free(&cursor, &s, &e))
		pages += (e - s) / PAGE_SIZE;
	return pages;
}

u64 memblock_reserved_bytes(void)
{
	u64 bytes = 0;

	for (u32 i = 0; i < memblock_nr_reserved; i++)
		bytes += memblock_reserved[i].end - memblock_reserved[i].start;
	return bytes;
}

u32 memblock_region_count(enum memblock_type which)
{
	return which == MEMBLOCK_MEMORY ? memblock_nr_memory : memblock_nr_reserved;
}

struct boot_range memblock_region(enum memblock_type which, u32 i)
{
	struct boot_range none = {0, 0};

	if (i >= memblock_region_count(which))
		return none;
	return which == MEMBLOCK_MEMORY ? memblock_memory[i] : memblock_reserved[i];
}

void memblock_mark_handed_over(void)
{
	memblock_handed_over = true;
}
