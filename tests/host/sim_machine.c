// SPDX-License-Identifier: MIT
/*
 * The simulated machine of the allocator host tests and fuzz targets: see
 * tests/host/sim_machine.h. It owns the globals of mm/mem_map.c (mem_map,
 * max_pfn, ram_pages, totalram_pages, mem_map_bytes) in those programs; the buddy
 * allocator (mm/page_alloc.c) runs on top.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/memblock.h"
#include "mm/mmzone.h"
#include "mm/page_info.h"
#include "tests/host/kernel_shim.h"
#include "tests/host/sim_machine.h"

struct page *mem_map;
pfn_t max_pfn;
u64 ram_pages;
u64 totalram_pages;
u64 mem_map_bytes;
u8 *sim_ram;
static u64 sim_start, sim_bytes; /* the shape sim_ram and mem_map were made for */

void sim_machine_reset(u64 start, u64 bytes)
{
	pfn_t start_pfn = start >> PAGE_SHIFT;

	if (!sim_ram || start != sim_start || bytes != sim_bytes) {
		free(mem_map);
		free(sim_ram);
		max_pfn = (start + bytes) >> PAGE_SHIFT;
		mem_map = calloc(max_pfn, sizeof(struct page));
		/*
		 * Aligned like the kernel's direct map, so a buddy block's
		 * address is aligned to its size, as the slab's fast paths
		 * rely on (slab_object_near() in mm/slab_internal.h).
		 */
		sim_ram = aligned_alloc(PAGE_SIZE << MAX_ORDER,
					ALIGN_UP(bytes, PAGE_SIZE << MAX_ORDER));
		if (!mem_map || !sim_ram) {
			fprintf(stderr, "sim_machine_reset: out of host memory\n");
			exit(2);
		}
		sim_start = start;
		sim_bytes = bytes;
		host_page_offset = (unsigned long)sim_ram - start;
	}
	memset(mem_map, 0, max_pfn * sizeof(struct page));
	for (pfn_t p = 0; p < start_pfn; p++)
		mem_map[p].flags = PG_reserved;
	memblock_reset();
	memblock_add(start, bytes);
	ram_pages = bytes >> PAGE_SHIFT;
	zones_init(max_pfn);
	buddy_free_range(start_pfn, max_pfn);
	shim_log_clear();
}

bool sim_buddy_ok(void)
{
	char why[200];

	if (buddy_check_invariants(why, sizeof(why)))
		return true;
	printf("    # buddy invariant: %s\n", why);
	fflush(stdout);
	return false;
}
