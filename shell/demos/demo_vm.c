// SPDX-License-Identifier: MIT
/*
 * Demos of the kernel address space, run by `demo NAME` (cmd_demo.c):
 *
 *   vas           the layout table (mm/layout.c), then one real address in
 *                 each region: where a function, a constant, a variable, the
 *                 stack and a page of RAM live, and the frame behind each
 *   phys ADDR LEN VA -> PA -> PFN page by page through the page tables
 *                 (mm/pgtable.c), and whether the range is physically
 *                 contiguous: always in the direct map, rarely in the
 *                 vmalloc region (mm/vmalloc.c maps one page at a time)
 */
#include "shell/shell_internal.h"
#include "lib/errno.h"
#include "mm/layout.h"
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/pgtable.h"
#include "mm/vmalloc.h"

/* The most pages `demo phys` walks: one line each. */
#define PHYS_DEMO_MAX_PAGES 64

static const char vas_rodata_sample[] = "a constant string";
static int vas_data_sample = 42;
static int vas_bss_sample;

/* One sample line: what, its address, its region, its physical address. */
static void vas_sample(const char *what, const void *addr)
{
	char region[96];
	phys_addr_t pa;

	layout_describe((u64)addr, region, sizeof(region));
	if (pt_translate(kernel_pgd, (u64)addr, &pa))
		shell_printf("  %-30s %p  %-34s phys %#llx\n", what, addr, region,
			     (unsigned long long)pa);
	else
		shell_printf("  %-30s %p  %-34s not mapped\n", what, addr, region);
}

int demo_vas(int argc, char **argv)
{
	int local = 0;

	(void)argc;
	(void)argv;
	shell_printf("The kernel's virtual address space, region by region (mm/memlayout.h):\n");
	layout_print();
	shell_printf("Real addresses, and the region and frame each lives in:\n");
	vas_sample("function demo_vas()", (const void *)demo_vas);
	vas_sample("constant string (.rodata)", vas_rodata_sample);
	vas_sample("initialised static (.data)", &vas_data_sample);
	vas_sample("zeroed static (.bss)", &vas_bss_sample);
	vas_sample("local variable (stack)", &local);
	vas_sample("mem_map[0] (struct page)", mem_map);
	vas_sample("first page of RAM, direct map", phys_to_virt(0));
	vas_sample("start of the vmalloc area", (const void *)VMALLOC_START);
	vas_sample("user space (no processes)", (const void *)0x400000UL);
	shell_printf("The image is mapped twice: at KERNEL_VMA (%#lx + phys, 4 KiB pages, W^X) and "
		     "in the direct map (PAGE_OFFSET %#lx + phys, RW NX, large pages).\n",
		     KERNEL_VMA, PAGE_OFFSET);
	return 0;
}

int demo_phys(int argc, char **argv)
{
	u64 addr, len, first, pages;
	phys_addr_t base = 0;
	bool scattered = false, any = false, vmalloc = false;
	unsigned int holes = 0;

	(void)argc;
	if (!shell_arg_u64("demo phys", argv[1], &addr) ||
	    !shell_arg_u64("demo phys", argv[2], &len))
		return -EINVAL;
	if (!len || len > PHYS_DEMO_MAX_PAGES * PAGE_SIZE || addr + len < addr) {
		shell_printf("demo phys: LEN must be 1 .. %lu (%u pages) and ADDR + LEN must not "
			     "wrap\n",
			     PHYS_DEMO_MAX_PAGES * PAGE_SIZE, PHYS_DEMO_MAX_PAGES);
		return -EINVAL;
	}
	first = addr & PAGE_MASK;
	pages = (ALIGN_UP(addr + len, PAGE_SIZE) - first) >> PAGE_SHIFT;
	shell_printf("%llu page%s from %#llx: VA -> PA -> PFN through the page tables\n",
		     (unsigned long long)pages, pages == 1 ? "" : "s", (unsigned long long)first);
	for (u64 i = 0; i < pages; i++) {
		u64 va = first + i * PAGE_SIZE;
		char region[96];
		phys_addr_t pa;

		layout_describe(va, region, sizeof(region));
		vmalloc |= is_vmalloc_addr((const void *)va);
		if (!pt_translate(kernel_pgd, va, &pa)) {
			shell_printf("  %016llx  not mapped (%s%s)\n", (unsigned long long)va,
				     region,
				     is_vmalloc_addr((const void *)va)
					     ? ": a guard page, or no area there"
					     : "");
			holes++;
			continue;
		}
		if (!any)
			base = pa - i * PAGE_SIZE;
		else if (pa != base + i * PAGE_SIZE)
			scattered = true;
		any = true;
		shell_printf("  %016llx -> phys %#llx -> pfn %#llx  (%s)%s\n",
			     (unsigned long long)va, (unsigned long long)pa,
			     (unsigned long long)(pa >> PAGE_SHIFT), region,
			     pa == base + i * PAGE_SIZE ? "" : "  <- not contiguous");
	}
	if (holes)
		shell_printf("physically contiguous: no, %u of the pages %s not mapped at all; the "
			     "mapped ones %s\n",
			     holes, holes == 1 ? "is" : "are",
			     scattered ? "are scattered" : "follow each other");
	else if (scattered)
		shell_printf("physically contiguous: no (%s)\n",
			     vmalloc ? "vmalloc memory is contiguous only in virtual addresses: "
				       "the pages are scattered"
				     : "the frames are scattered");
	else if (vmalloc && pages > 1)
		shell_printf("physically contiguous: yes, by chance (vmalloc maps single pages "
			     "wherever the buddy has them; it does not try)\n");
	else
		shell_printf("physically contiguous: yes\n");
	return 0;
}
