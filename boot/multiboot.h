/* SPDX-License-Identifier: MIT */
/*
 * Reading the multiboot1 or multiboot2 boot information into struct bootinfo.
 * The parser is in boot/multiboot.c; what it produces is described in
 * boot/bootinfo.h.
 */
#ifndef STRATA_MULTIBOOT_H
#define STRATA_MULTIBOOT_H

#include "lib/types.h"
#include "boot/bootinfo.h"

/* The value a loader leaves in EAX, telling which protocol it used. */
#define MULTIBOOT1_BOOTLOADER_MAGIC 0x2BADB002u
#define MULTIBOOT2_BOOTLOADER_MAGIC 0x36d76289u

/*
 * Parse the information structure at physical address info_pa, as magic
 * says, into *bi (cleared first).
 *
 * All loader memory is read through phys_to_ptr(pa, len), which must return
 * a pointer through which [pa, pa + len) can be read, or NULL if it cannot
 * (the kernel passes its early identity-map accessor; host tests pass one
 * over a buffer). Nothing outside the ranges so obtained is ever read.
 *
 * Fills protocol, loader_name (truncated to fit), cmdline and cmdline_len
 * (a multiboot 1 command line loses its leading file name first: see
 * mb1_has_image_name() in multiboot.c), the memory map
 * (copied verbatim; mmap_truncated if it had more than BOOTINFO_MAX_MMAP
 * entries; built from mem_lower/mem_upper or the basic meminfo tag when the
 * loader gave no map, and left empty if it gave neither), up to
 * BOOTINFO_MAX_MODULES modules (further ones are only counted, in
 * nr_modules_ignored), a copy of the
 * ACPI RSDP from multiboot2 tag 15 or 14 (unchecked), and info: the
 * physical hull of the structure (multiboot1: the fixed part, memory map,
 * cmdline, loader name and module list; multiboot2: total_size bytes).
 *
 * Returns 0; -EINVAL for a bad magic or a malformed structure (tag size < 8,
 * tag or entry running past the end, total_size < 16 or > 1 MiB, missing end
 * tag, mmap entry size too small, unterminated string); -EFAULT if
 * phys_to_ptr refused a range. *bi is meaningless after an error.
 * Context: early boot, no allocation, no printing.
 */
int bootinfo_parse(u32 magic, u64 info_pa, const void *(*phys_to_ptr)(u64 pa, u64 len),
		   struct bootinfo *bi);

#endif /* STRATA_MULTIBOOT_H */
