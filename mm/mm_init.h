/* SPDX-License-Identifier: MIT */
/*
 * Memory bring-up, in order (called from kmain()):
 *   mm_early_init()  memory map -> memblock, reservations, printed maps
 *   paging_init()    the kernel's own page tables (mm/paging.c)
 */
#ifndef STRATA_MM_INIT_H
#define STRATA_MM_INIT_H

#include "boot/bootinfo.h"

/*
 * Clean the loader's memory map into usable RAM, give it to memblock and
 * reserve what is taken (the first 1 MiB, the kernel image, the boot
 * information, modules). Prints the raw and the usable maps.
 */
void mm_early_init(const struct bootinfo *bi);

#endif /* STRATA_MM_INIT_H */
