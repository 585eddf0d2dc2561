/* SPDX-License-Identifier: MIT */
/*
 * The fixmap: virtual pages at addresses fixed when the kernel is built,
 * pointed at a physical page chosen at boot (Linux's
 * arch/x86/include/asm/fixmap.h). strata keeps the MMIO register pages of
 * the local APIC and the IOAPICs there, uncached. The region and its place
 * in the address table are in mm/memlayout.h.
 */
#ifndef STRATA_FIXMAP_H
#define STRATA_FIXMAP_H

#include "lib/types.h"
#include "mm/memlayout.h"

#define MAX_IO_APICS 8

/* The slots, counted down from FIXADDR_TOP, as Linux counts them. */
enum fixed_addresses {
	FIX_HOLE, /* never mapped: a stray small index faults */
	FIX_APIC_BASE,
	FIX_IO_APIC_BASE_0,
	FIX_IO_APIC_BASE_END = FIX_IO_APIC_BASE_0 + MAX_IO_APICS - 1,
	__end_of_fixed_addresses
};

_Static_assert(FIXADDR_START == FIXADDR_TOP - 15 * PAGE_SIZE, "16 fixmap slots");
_Static_assert(FIXADDR_END == FIXADDR_TOP + PAGE_SIZE - 1, "slot 0 ends the region");
_Static_assert(__end_of_fixed_addresses <= 16, "the slots fit the region");

static inline u64 fix_to_virt(enum fixed_addresses idx)
{
	return FIXADDR_TOP - ((u64)idx << PAGE_SHIFT);
}

/*
 * Map slot idx to the physical page of phys, uncached (PCD | PWT: strong
 * uncacheable under the power-on PAT, as device registers need), and
 * return the virtual address of phys itself (its offset in the page kept).
 * A slot mapped before is re-pointed (and its TLB entry flushed). Returns 0
 * if a page table could not be allocated, after a report.
 * Context: boot, after the buddy allocator is up (it may allocate a table).
 */
u64 set_fixmap_nocache(enum fixed_addresses idx, phys_addr_t phys);

#endif /* STRATA_FIXMAP_H */
