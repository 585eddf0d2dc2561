/* SPDX-License-Identifier: MIT */
/*
 * The kernel's virtual address layout: the single source of truth for every
 * fixed virtual address. linker.ld uses the same numbers and ASSERTs them.
 *
 * strata uses the bases of Linux 6.1's x86_64 4-level map
 * (Documentation/x86/x86_64/mm.rst) without KASLR: the book's printouts,
 * from KASLR kernels, match these addresses only on a Linux booted with
 * nokaslr (docs/boot-and-paging.md):
 *
 *  start              | end                | size    | use
 *  -------------------+--------------------+---------+---------------------------
 *  0000000000000000   | 00007fffffffffff   | 128 TiB | user space (each process's own; empty in the kernel's tables)
 *  0000800000000000   | ffff7fffffffffff   |         | non-canonical hole
 *  ffff888000000000   | ffffc87fffffffff   |  64 TiB | direct map of all RAM
 *  ffffc90000000000   | ffffe8ffffffffff   |  32 TiB | vmalloc / vmap area
 *  ffffec0000000000   | fffffbffffffffff   |  16 TiB | KASAN shadow (KASAN builds)
 *  ffffffff80000000   | ffffffff9fffffff   | 512 MiB | kernel image (phys 0 + offset)
 *  ffffffffa0000000   | fffffffffeffffff   |1520 MiB | modules (module_alloc)
 *  ffffffffff7f0000   | ffffffffff7fffff   |  64 KiB | fixmap: local APIC, IOAPIC registers
 *
 * The fixmap (mm/fixmap.h) holds pages whose virtual address is fixed at
 * build time and whose physical page is chosen at boot: the MMIO register
 * pages of the local APIC and the IOAPICs, mapped uncached. Slot i is at
 * FIXADDR_TOP - i * 4 KiB, Linux's FIXADDR_TOP (the 2 MiB above it hold
 * Linux's vsyscall page, unused here); Linux's fixmap is bigger and its
 * slots differ.
 *
 * Per-CPU areas (kernel/percpu.h, mm/percpu.c) have no region of their
 * own: the template is the first part of the image's .data
 * (__per_cpu_start .. __per_cpu_end, page aligned, at most 64 KiB, ASSERTed
 * in linker.ld), and each possible CPU's copy is a page-rounded block from
 * memblock, reached through the direct map:
 *
 *  .data..percpu (image)       CPU 0's area (direct map)  CPU 1's area ...
 *  __per_cpu_start + x   -->   __per_cpu_offset[0] + __per_cpu_start + x
 *
 *  GS base of CPU n = __per_cpu_offset[n] = (its area) - __per_cpu_start
 *  (0 until setup_per_cpu_areas(): the template serves the boot CPU)
 *
 * So %gs:x is CPU n's copy of variable x. Linux 6.1 on x86_64 links the
 * template at 0 instead and its GS base is the area's address.
 *
 * The direct map base is 512 GiB aligned (it is PML4 slot 273), which lets
 * the boot code alias its identity tables there: phys_to_virt() works from
 * the first instruction of kmain() for the low 4 GiB.
 */
#ifndef STRATA_MEMLAYOUT_H
#define STRATA_MEMLAYOUT_H

#ifdef STRATA_HOST_TEST
/*
 * Host unit tests (tests/host/) run the allocator cores over a simulated RAM
 * array: there the "direct map" is wherever that array was allocated.
 */
extern unsigned long host_page_offset;
#define PAGE_OFFSET host_page_offset
#else
#define PAGE_OFFSET 0xffff888000000000UL /* direct map base */
#endif
#define DIRECT_MAP_SIZE (64UL << 40)
#define VMALLOC_START 0xffffc90000000000UL
#define VMALLOC_END 0xffffe8ffffffffffUL /* inclusive, like Linux */
#define KASAN_SHADOW_START 0xffffec0000000000UL
#define KASAN_SHADOW_END 0xfffffbffffffffffUL
#define KERNEL_VMA 0xffffffff80000000UL /* __START_KERNEL_map */
#define KERNEL_IMAGE_SIZE (512UL << 20)
#define KERNEL_LOAD_PHYS 0x100000UL /* where the loaders put the image */
/*
 * Loadable modules, as Linux's x86_64 (asm/pgtable_64_types.h): right after
 * the image's 512 MiB, up to where Linux's fixmap begins, so module code is
 * within 2 GiB of the kernel and its PC32/32S relocations reach.
 */
#define MODULES_VADDR (KERNEL_VMA + KERNEL_IMAGE_SIZE)
#define MODULES_END 0xffffffffff000000UL /* exclusive */
#define MODULES_LEN (MODULES_END - MODULES_VADDR)
#define FIXADDR_TOP 0xffffffffff7ff000UL   /* fixmap slot 0; slots grow down */
#define FIXADDR_START 0xffffffffff7f0000UL /* 16 slots: the lowest is slot 15 */
#define FIXADDR_END 0xffffffffff7fffffUL   /* inclusive: the end of slot 0 */

/* The early boot tables identity-map (and alias at PAGE_OFFSET) this much. */
#define EARLY_MAP_LIMIT (4UL << 30)

#ifndef __ASSEMBLER__
#include "lib/types.h"

static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(pa + PAGE_OFFSET);
}

/* Only for direct-map and kernel-image addresses (not vmalloc). */
static inline phys_addr_t virt_to_phys(const void *va)
{
	u64 a = (u64)va;

	if (a >= KERNEL_VMA)
		return a - KERNEL_VMA;
	return a - PAGE_OFFSET;
}

static inline bool is_direct_map_addr(u64 a)
{
	return a >= PAGE_OFFSET && a < PAGE_OFFSET + DIRECT_MAP_SIZE;
}
#endif

#endif /* STRATA_MEMLAYOUT_H */
