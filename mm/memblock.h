/* SPDX-License-Identifier: MIT */
/*
 * memblock: the early boot physical memory allocator.
 *
 * Two static range lists describe physical memory before the buddy allocator
 * exists: "memory" (RAM the kernel may use) and "reserved" (parts of it, or of
 * anything else, that are taken: page 0, the kernel image, the multiboot
 * information, modules, early page tables, earlier memblock allocations).
 * Free memory is memory minus reserved. Everything is page-granular.
 *
 * Context: single CPU, interrupts off, before the buddy allocator; no locks.
 * The kernel hands the free ranges to the buddy allocator with
 * memblock_next_free() and then calls memblock_mark_handed_over().
 */
#ifndef STRATA_MEMBLOCK_H
#define STRATA_MEMBLOCK_H

#include "boot/bootinfo.h"
#include "lib/types.h"

/* Capacity of each region table. */
#define MEMBLOCK_MAX_REGIONS 128

/* memblock_phys_alloc() never returns memory below this: see memblock.c. */
#define MEMBLOCK_LOW_LIMIT (1 * MiB)

/* "No upper limit", for memblock_set_limit() and max_addr. */
#define MEMBLOCK_ALLOC_ANYWHERE (~(u64)0)

/* Which table memblock_region_count() and memblock_region() look at. */
enum memblock_type {
	MEMBLOCK_MEMORY,
	MEMBLOCK_RESERVED,
};

/*
 * Forget everything and start again: no memory, reserved = { page 0 }, no
 * limit, top-down, not handed over. Called once before the first
 * memblock_add() (the tables start out that way already) and by host tests
 * between cases.
 */
void memblock_reset(void);

/*
 * Add RAM [base, base + size), shrunk inward to whole pages (an end that
 * wraps is clamped to MEMMAP_ADDR_LIMIT). Overlapping or adjacent regions
 * merge. Returns 0, -ENOSPC if the memory table is full, or -EINVAL after
 * memblock_mark_handed_over().
 */
int memblock_add(u64 base, u64 size);

/*
 * Mark [base, base + size) taken, grown outward to whole pages. It need not
 * lie inside memory. Returns 0, -ENOSPC if the reserved table is full, or
 * -EINVAL after memblock_mark_handed_over().
 */
int memblock_reserve(u64 base, u64 size);

/*
 * Allocate size bytes (rounded up to whole pages) aligned to align (a power
 * of two; anything below PAGE_SIZE means PAGE_SIZE), lying entirely inside
 * [min_addr, max_addr) and below the limit from memblock_set_limit(). Takes
 * the highest address that fits (top-down, the default, as Linux) or the
 * lowest (after memblock_set_bottom_up(true)) and reserves it. The memory
 * is not zeroed (it may not even be mapped yet).
 * Returns the physical address, or 0 on failure (size 0, bad align, no fit,
 * reserved table full, or after the handover): page 0 is always reserved,
 * so 0 is never a valid result.
 */
u64 memblock_alloc_range(u64 size, u64 align, u64 min_addr, u64 max_addr);

/*
 * memblock_alloc_range(size, align, MEMBLOCK_LOW_LIMIT, limit): the usual
 * early allocation. Returns a physical address or 0.
 */
u64 memblock_phys_alloc(u64 size, u64 align);

/*
 * Allocations end at or below max_addr (rounded down to a page) from now on;
 * MEMBLOCK_ALLOC_ANYWHERE lifts the limit. The kernel sets this to the end of
 * the early identity map so early page tables can be written through it.
 */
void memblock_set_limit(u64 max_addr);

/* The current limit from memblock_set_limit(). */
u64 memblock_get_limit(void);

/* Allocate from the bottom (true) or, as by default, from the top (false). */
void memblock_set_bottom_up(bool enable);
/* The current direction: true for bottom-up. */
bool memblock_bottom_up(void);

/*
 * Iterate over free ranges (memory minus reserved) in ascending order. Start
 * with *cursor = 0; each call stores the next free range [*start, *end) and
 * advances *cursor past it. Returns false when there are no more. Ranges are
 * page-aligned and maximal (two returned ranges never touch). Do not
 * add/reserve/allocate between calls of one walk.
 */
bool memblock_next_free(u64 *cursor, u64 *start, u64 *end);

/* Number of free pages: pages in memory and not in reserved. */
u64 memblock_free_pages(void);

/* Total bytes in the reserved table, whether or not inside memory. */
u64 memblock_reserved_bytes(void);

/* Number of regions in table which (for a dump). */
u32 memblock_region_count(enum memblock_type which);

/* Region i of table which, i < memblock_region_count(which); {0, 0} if not. */
struct boot_range memblock_region(enum memblock_type which, u32 i);

/*
 * The free memory now belongs to the buddy allocator: from here on every
 * allocation returns 0 and add/reserve return -EINVAL. The tables stay
 * readable for dumps.
 */
void memblock_mark_handed_over(void);

#endif /* STRATA_MEMBLOCK_H */
