/* SPDX-License-Identifier: MIT */
/*
 * Bringing up the buddy allocator at boot (mm/mem_map.c).
 */
#ifndef STRATA_MEM_MAP_H
#define STRATA_MEM_MAP_H

/*
 * Place mem_map[] (one struct page per frame up to the end of RAM) with
 * memblock, mark reserved frames, release memblock's free ranges into the
 * buddy allocator in the largest aligned blocks, retire memblock, and move
 * page-table allocation to the buddy. After paging_init().
 */
void mem_map_init(void);

#endif /* STRATA_MEM_MAP_H */
