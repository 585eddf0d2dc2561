/* SPDX-License-Identifier: MIT */
/*
 * Building the kernel's own page tables at boot (mm/paging.c).
 */
#ifndef STRATA_PAGING_H
#define STRATA_PAGING_H

#include "lib/types.h"

/*
 * Build the kernel's tables and switch CR3 to them: the direct map of every
 * memblock memory range at PAGE_OFFSET (1 GiB pages where the CPU has them,
 * else 2 MiB, 4 KiB at unaligned edges), the kernel image at KERNEL_VMA with
 * per-section permissions, stack guard pages left unmapped, and no identity
 * map. Requires memblock to hold the memory map and EFER.NXE set.
 */
void paging_init(void);

/*
 * Set EFER.NXE if the CPU has NX (before any entry uses _PAGE_NX), else drop
 * _PAGE_NX from every entry; either way say once in the log which it is.
 */
void paging_enable_nx(void);

/* Bytes of RAM mapped in the direct map with each page size. */
struct direct_map_stats {
	u64 bytes_4k, bytes_2m, bytes_1g;
};
extern struct direct_map_stats direct_map_stats;

#endif /* STRATA_PAGING_H */
