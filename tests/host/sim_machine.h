/* SPDX-License-Identifier: MIT */
/*
 * The simulated machine of the host tests and fuzz targets that run the
 * allocator cores (tests/host/test_buddy.c, test_slab.c, tests/fuzz/
 * fuzz_buddy.c, fuzz_slab.c): RAM as one host buffer at a chosen physical
 * address, the kernel's page array over it, memblock and the zones, and
 * every RAM page free in the buddy allocator, as after boot.
 *
 *   pfn 0 ............ start >> PAGE_SHIFT ............. max_pfn
 *   | hole (PG_reserved) | RAM: sim_ram, bytes long          |
 *
 * The direct map is host_page_offset (tests/host/kernel_shim.c):
 * phys_to_virt(start) == sim_ram. What the kernel prints goes to the shim's
 * log; the shims of printk, panic and the command line are there too.
 */
#ifndef STRATA_SIM_MACHINE_H
#define STRATA_SIM_MACHINE_H

#include <stdbool.h>

#include "lib/types.h"

extern u8 *sim_ram; /* the simulated RAM, page aligned; NULL before the first reset */

/*
 * (Re)build the machine with RAM at [start, start + bytes) (both page
 * aligned): mem_map cleared up to the RAM's end with the hole below it
 * reserved, memblock holding the RAM, zones_init(), buddy_free_range() of
 * all of it (page poisoning as page_poison_enabled says), the shim's log
 * cleared. The buffers are kept across resets of the same shape; the RAM's
 * contents are not cleared. Exits the process if the host has no memory.
 */
void sim_machine_reset(u64 start, u64 bytes);

/* buddy_check_invariants(); when one is broken, print it as a KTAP diagnostic. */
bool sim_buddy_ok(void);

#endif /* STRATA_SIM_MACHINE_H */
