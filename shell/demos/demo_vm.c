// SPDX-License-Identifier: MIT
/*
 * Demos of the kernel address space, run by `demo NAME` (cmd_demo.c):
 *
 *   vas           the kernel segment top down as the book's kernel_vas
 *                 module shows it, with the regions only Linux has named,
 *                 then one real address in each of strata's regions: where
 *                 a function, a constant, a variable, the stack and a page
 *                 of RAM live (mm/layout.c names them), and the frame behind
 *   phys ADDR LEN VA -> PA -> PFN page by page through the page tables
 *                 (mm/pgtable.c), and whether the range is physically
 *                 contiguous: always in the direct map, rarely in the
 *                 vmalloc region (mm/vmalloc.c maps one page at a time)
 */
#include "shell/shell_internal.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"
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

/*
 * The x86_64 region of Linux 6.1 that strata does not have, from its 4-level
 * map (Documentation/x86/x86_64/mm.rst), with KASLR off: KASLR moves the
 * direct map, vmalloc and vmemmap bases and the image, and with it on
 * (CONFIG_RANDOMIZE_BASE) the image window is 1 GiB, so modules start at
 * 0xffffffffc0000000 instead of strata's (and nokaslr Linux's) MODULES_VADDR.
 */
#define LINUX_VMEMMAP_START 0xffffea0000000000UL
#define LINUX_VMEMMAP_END 0xffffeaffffffffffUL

/*
 * "32 TiB", "1520 MiB": a larger unit while the size is a whole number of
 * it or at least 16 of it; "~255 MiB" when rounded down.
 */
static void vas_size(u64 size, char *buf, size_t len)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	int u = 0;

	while (u < 4 && size >> (10 * (u + 1)) &&
	       (!(size & ((1ULL << (10 * (u + 1))) - 1)) || size >> (10 * (u + 1)) >= 16))
		u++;
	snprintf(buf, len, "%s%llu %s", size & ((1ULL << (10 * u)) - 1) ? "~" : "",
		 (unsigned long long)(size >> (10 * u)), units[u]);
}

/* One row of the kernel segment table, [start, end], its explanation below it. */
static void vas_row_at(u64 start, u64 end, const char *what, const char *why)
{
	char size[16];

	vas_size(end - start + 1, size, sizeof(size));
	shell_printf("  %016llx   %016llx   %9s  %s\n", (unsigned long long)start,
		     (unsigned long long)end, size, what);
	shell_printf("  %-18s %-18s %9s    %s\n", "", "", "", why);
}

/*
 * The book's kernel_vas view: the kernel segment by descending address,
 * lowmem sized to the RAM there is, the regions strata lacks named.
 */
static void vas_kernel_segment(void)
{
	u64 lowmem_end = PAGE_OFFSET + (max_pfn << PAGE_SHIFT) - 1;

	shell_printf("The kernel segment top down, as the book's kernel_vas module shows it. "
		     "The bases are\nLinux 6.1's x86_64 4-level map with KASLR off "
		     "(Documentation/x86/x86_64/mm.rst), which\nstrata uses; \"Linux only\" "
		     "marks what strata does not have.\n");
	shell_printf("  %-18s %-18s %9s  %s\n", "start", "end", "size", "region");
	vas_row_at(FIXADDR_START, FIXADDR_END, "fixmap",
		   "addresses fixed at build time: the APIC registers (Linux's has more slots)");
	vas_row_at(MODULES_VADDR, MODULES_END - 1, "modules (module_alloc)",
		   "insmod's code and data, within 2 GiB of the kernel for its 32-bit calls");
	vas_row_at(KERNEL_VMA, KERNEL_VMA + KERNEL_IMAGE_SIZE - 1,
		   "kernel image (__START_KERNEL_map)",
		   "strata's .text .rodata .data .bss, from phys 1 MiB ('layout' lists them)");
	vas_row_at(KASAN_SHADOW_START, KASAN_SHADOW_END, "KASAN shadow",
		   "in strata only in the 'make kasan' kernel");
	vas_row_at(LINUX_VMEMMAP_START, LINUX_VMEMMAP_END, "vmemmap (Linux only)",
		   "Linux's struct page array; strata's mem_map[] is a plain array in lowmem");
	vas_row_at(VMALLOC_START, VMALLOC_END, "vmalloc/ioremap (vmalloc_base)",
		   "virtually contiguous areas made of scattered pages");
	vas_row_at(PAGE_OFFSET, lowmem_end, "lowmem: the direct map of RAM (page_offset_base)",
		   "PAGE_OFFSET up to the end of RAM; the region reserves 64 TiB");
	vas_row_at(0, 0x00007fffffffffffUL, "user space",
		   "per process: empty in the kernel's own tables (demo uservas shows one)");
}

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
	vas_kernel_segment();
	shell_printf("Real addresses, and the region and frame each lives in:\n");
	vas_sample("function demo_vas()", (const void *)demo_vas);
	vas_sample("constant string (.rodata)", vas_rodata_sample);
	vas_sample("initialised static (.data)", &vas_data_sample);
	vas_sample("zeroed static (.bss)", &vas_bss_sample);
	vas_sample("local variable (stack)", &local);
	vas_sample("mem_map[0] (struct page)", mem_map);
	vas_sample("first page of RAM, direct map", phys_to_virt(0));
	vas_sample("start of the vmalloc area", (const void *)VMALLOC_START);
	vas_sample("user space (not the kernel's)", (const void *)0x400000UL);
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
