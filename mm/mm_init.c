// SPDX-License-Identifier: MIT
/*
 * From the loader's memory map to memblock. The raw map can overlap, be
 * unaligned and contain empty entries; mm/memmap.c turns it into sorted,
 * merged, page-aligned usable ranges, which become memblock's "memory".
 */
#include "mm/mm_init.h"
#include "arch/x86_64/realmode.h"
#include "mm/memblock.h"
#include "mm/memlayout.h"
#include "mm/memmap.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

extern char __kernel_start[], __kernel_end[];

static const char *e820_type_name(u32 type)
{
	switch (type) {
	case BOOT_MEM_USABLE:
		return "usable";
	case BOOT_MEM_ACPI_RECLAIM:
		return "ACPI data";
	case BOOT_MEM_ACPI_NVS:
		return "ACPI NVS";
	case BOOT_MEM_BAD:
		return "unusable";
	default:
		return "reserved";
	}
}

static void print_raw_map(const struct bootinfo *bi)
{
	pr_info("BIOS-provided physical RAM map (%s, %u entries%s):\n", bi->protocol, bi->nr_mmap,
		bi->mmap_truncated ? ", truncated" : "");
	for (u32 i = 0; i < bi->nr_mmap; i++) {
		const struct boot_mem_entry *e = &bi->mmap[i];

		pr_info("  mem: [mem %#018llx-%#018llx] %s\n", (unsigned long long)e->addr,
			(unsigned long long)(e->addr + e->len - (e->len ? 1 : 0)),
			e820_type_name(e->type));
	}
}

void mm_early_init(const struct bootinfo *bi)
{
	static struct boot_range usable[BOOTINFO_MAX_MMAP];
	int n = memmap_usable(bi->mmap, bi->nr_mmap, usable, ARRAY_SIZE(usable));
	u64 total = 0;

	print_raw_map(bi);
	if (n <= 0)
		panic("%s: no usable RAM in the memory map (%d)", __func__, n);

	pr_info("Usable RAM (sorted, merged, page-aligned):\n");
	for (int i = 0; i < n; i++) {
		pr_info("  [%#018llx-%#018llx] %6llu MiB\n", (unsigned long long)usable[i].start,
			(unsigned long long)usable[i].end - 1,
			(unsigned long long)((usable[i].end - usable[i].start) >> 20));
		memblock_add(usable[i].start, usable[i].end - usable[i].start);
		total += usable[i].end - usable[i].start;
	}

	realmode_reserve(); /* the AP trampoline's page, before the first MiB goes */
	/* The first 1 MiB: BIOS data, EBDA, option ROMs, as Linux does. */
	memblock_reserve(0, 1 * MiB);
	memblock_reserve(virt_to_phys(__kernel_start), (u64)__kernel_end - (u64)__kernel_start);
	memblock_reserve(bi->info.start, bi->info.end - bi->info.start);
	for (u32 i = 0; i < bi->nr_modules; i++)
		memblock_reserve(bi->modules[i].start, bi->modules[i].end - bi->modules[i].start);
	/* Early page tables must be reachable through the boot alias of the low 4 GiB. */
	memblock_set_limit(EARLY_MAP_LIMIT);

	pr_info("memblock: %llu MiB usable, %llu KiB reserved, %llu pages free\n",
		(unsigned long long)(total >> 20),
		(unsigned long long)(memblock_reserved_bytes() >> 10),
		(unsigned long long)memblock_free_pages());
}
