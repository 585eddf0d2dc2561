// SPDX-License-Identifier: MIT
/*
 * The address layout table. The big regions come from mm/memlayout.h; the
 * kernel image is split by section using the linker's symbols, so a fault
 * report can say "kernel .rodata" or "boot stack guard page". mm's fault
 * describer lives here too: the trap code (arch/x86_64/traps.c) calls it
 * through a hook and includes nothing of mm.
 */
#include "mm/layout.h"
#include "mm/memlayout.h"
#include "mm/vmalloc.h"
#include "arch/x86_64/traps.h"
#include "kernel/printk.h"
#include "lib/vsprintf.h"

extern char __kernel_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __data_end[], __bss_start[], __kernel_end[];
extern char __boot_stack_guard[], boot_stack_bottom[], boot_stack_top[];
extern char __df_stack_guard[], df_stack_bottom[], df_stack_top[];

struct layout_region {
	u64 start;
	u64 end; /* inclusive, like Linux's table */
	const char *use;
};

/* Room for every row layout_regions() writes (16 today). */
#define LAYOUT_MAX_REGIONS 20

/* Fill r[LAYOUT_MAX_REGIONS] with the layout, most specific regions first; returns count. */
static int layout_regions(struct layout_region *r)
{
	int n = 0;

	r[n++] = (struct layout_region){
		0, 0x00007fffffffffffUL,
		"user space (each process's own; empty in the kernel's tables)"};
	r[n++] = (struct layout_region){0x0000800000000000UL, 0xffff7fffffffffffUL,
					"non-canonical hole"};
	r[n++] = (struct layout_region){PAGE_OFFSET, PAGE_OFFSET + DIRECT_MAP_SIZE - 1,
					"direct map of all RAM (page_offset_base)"};
	r[n++] = (struct layout_region){VMALLOC_START, VMALLOC_END, "vmalloc/vmap area"};
	r[n++] = (struct layout_region){KASAN_SHADOW_START, KASAN_SHADOW_END,
					"KASAN shadow (unused unless built with KASAN)"};
	r[n++] = (struct layout_region){(u64)__kernel_start, (u64)__text_end - 1, "kernel .text"};
	r[n++] = (struct layout_region){(u64)__rodata_start, (u64)__rodata_end - 1,
					"kernel .rodata"};
	r[n++] = (struct layout_region){(u64)__data_start, (u64)__bss_start - 1, "kernel .data"};
	r[n++] = (struct layout_region){(u64)__bss_start, (u64)__boot_stack_guard - 1,
					"kernel .bss"};
	r[n++] = (struct layout_region){(u64)__boot_stack_guard, (u64)boot_stack_bottom - 1,
					"boot stack guard page (unmapped)"};
	r[n++] = (struct layout_region){(u64)boot_stack_bottom, (u64)boot_stack_top - 1,
					"boot stack"};
	r[n++] = (struct layout_region){(u64)__df_stack_guard, (u64)df_stack_bottom - 1,
					"double-fault stack guard page (unmapped)"};
	r[n++] = (struct layout_region){(u64)df_stack_bottom, (u64)df_stack_top - 1,
					"double-fault IST stack"};
	r[n++] = (struct layout_region){KERNEL_VMA, KERNEL_VMA + KERNEL_IMAGE_SIZE - 1,
					"kernel image window (phys 0 + offset)"};
	r[n++] = (struct layout_region){MODULES_VADDR, MODULES_END - 1,
					"modules (module_alloc, insmod)"};
	r[n++] = (struct layout_region){FIXADDR_START, FIXADDR_END,
					"fixmap (local APIC, IOAPIC registers)"};
	return n;
}

static void format_size(u64 bytes, char *buf, size_t size)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	int u = 0;

	while (bytes >= 1024 && u < 4 && bytes % 1024 == 0) {
		bytes /= 1024;
		u++;
	}
	snprintf(buf, size, "%llu %s", (unsigned long long)bytes, units[u]);
}

void layout_print(void)
{
	struct layout_region r[LAYOUT_MAX_REGIONS];
	int n = layout_regions(r);

	pr_info("Kernel virtual address layout:\n");
	pr_info("  %-18s | %-18s | %-9s | %s\n", "start", "end", "size", "use");
	for (int i = 0; i < n; i++) {
		char sz[16] = "";

		if (r[i].end - r[i].start < (1UL << 62))
			format_size(r[i].end - r[i].start + 1, sz, sizeof(sz));
		pr_info("  %016llx   | %016llx   | %9s | %s\n", (unsigned long long)r[i].start,
			(unsigned long long)r[i].end, sz, r[i].use);
	}
}

void layout_describe(u64 addr, char *buf, size_t size)
{
	struct layout_region r[LAYOUT_MAX_REGIONS];
	int n = layout_regions(r);
	const char *best = "unused hole in the kernel half";
	u64 best_span = ~0UL;

	for (int i = 0; i < n; i++) {
		if (addr >= r[i].start && addr <= r[i].end && r[i].end - r[i].start < best_span) {
			best = r[i].use;
			best_span = r[i].end - r[i].start;
		}
	}
	if (addr < PAGE_SIZE)
		best = "NULL page (user space, unmapped)";
	snprintf(buf, size, "%s", best);
}

/*
 * The fault describer mm registers with the trap code: vmalloc's words in
 * its region (the area, its guard page, a use after vfree), the layout
 * table's elsewhere. Safe before vmalloc_init(): no area is known then.
 */
static bool mm_describe_fault(u64 addr, char *buf, size_t size)
{
	if (!vmalloc_describe_fault(addr, buf, size))
		layout_describe(addr, buf, size);
	return true;
}

void layout_init(void)
{
	trap_set_fault_describer(mm_describe_fault);
}
