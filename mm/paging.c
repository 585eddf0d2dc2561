// SPDX-License-Identifier: MIT
/*
 * The kernel's own page tables, built once at boot to replace the early
 * tables of boot/head.S.
 *
 *   PAGE_OFFSET + pa  -> pa      every RAM range, RW NX, largest pages that fit
 *   KERNEL_VMA + pa   -> pa      the image only, 4 KiB pages:
 *        .text            R X
 *        .rodata          R  NX
 *        .data .bss       RW NX
 *        stack guards     not mapped (a touch faults: overflow is caught)
 *
 * Nothing else is mapped: no identity map, so a NULL dereference faults.
 * W^X holds because no leaf has both _PAGE_RW and no _PAGE_NX.
 */
#include "mm/paging.h"
#include "mm/pgtable.h"
#include "mm/memlayout.h"
#include "mm/memblock.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "arch/x86_64/cpu.h"

extern char __kernel_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __kernel_end[];
extern char __boot_stack_guard[], __df_stack_guard[];

pte_t *kernel_pgd;
phys_addr_t kernel_pgd_phys;
u64 __supported_pte_mask = ~0UL;
struct direct_map_stats direct_map_stats;

/* Linux's x86_report_nx() words these lines the same way (6.1). */
void paging_enable_nx(void)
{
	if (boot_cpu.nx) {
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
		pr_info("NX (Execute Disable) protection: active\n");
	} else {
		__supported_pte_mask &= ~_PAGE_NX;
		pr_notice("Notice: NX (Execute Disable) protection missing in CPU! Data, stacks "
			  "and the direct map stay executable: W^X is not enforced\n");
	}
}

static phys_addr_t early_table_alloc(void)
{
	phys_addr_t pa = memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);

	if (pa)
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
	return pa;
}

/* The largest page size that maps pa..end from pa, given alignment. */
static u64 direct_map_page_size(phys_addr_t pa, phys_addr_t end)
{
	if (boot_cpu.pdpe1gb && IS_ALIGNED(pa, PUD_SIZE) && end - pa >= PUD_SIZE)
		return PUD_SIZE;
	if (IS_ALIGNED(pa, PMD_SIZE) && end - pa >= PMD_SIZE)
		return PMD_SIZE;
	return PAGE_SIZE;
}

static void direct_map_range(phys_addr_t start, phys_addr_t end)
{
	for (phys_addr_t pa = start; pa < end;) {
		u64 size = direct_map_page_size(pa, end);
		int err = pt_map(kernel_pgd, PAGE_OFFSET + pa, pa, size, PAGE_KERNEL);

		if (err)
			panic("%s: mapping %llx failed (%d)", __func__, (unsigned long long)pa,
			      err);
		if (size == PUD_SIZE)
			direct_map_stats.bytes_1g += size;
		else if (size == PMD_SIZE)
			direct_map_stats.bytes_2m += size;
		else
			direct_map_stats.bytes_4k += size;
		pa += size;
	}
}

static void kernel_map_section(const char *start, const char *end, u64 prot)
{
	for (u64 va = (u64)start; va < (u64)end; va += PAGE_SIZE) {
		int err;

		if (va == (u64)__boot_stack_guard || va == (u64)__df_stack_guard)
			continue;
		err = pt_map_page(kernel_pgd, va, va - KERNEL_VMA, prot);
		if (err)
			panic("%s: mapping %llx failed (%d)", __func__, (unsigned long long)va,
			      err);
	}
}

void paging_init(void)
{
	struct boot_range r;

	pt_set_table_allocator(early_table_alloc, NULL);
	kernel_pgd = pgd_alloc();
	if (!kernel_pgd)
		panic("%s: no memory for the page directory", __func__);
	kernel_pgd_phys = virt_to_phys(kernel_pgd);

	for (u32 i = 0; i < memblock_region_count(MEMBLOCK_MEMORY); i++) {
		r = memblock_region(MEMBLOCK_MEMORY, i);
		direct_map_range(r.start, r.end);
	}

	kernel_map_section(__kernel_start, __text_end, PAGE_KERNEL_RX);
	kernel_map_section(__rodata_start, __rodata_end, PAGE_KERNEL_RO);
	kernel_map_section(__data_start, __kernel_end, PAGE_KERNEL);

	write_cr3(kernel_pgd_phys);
	/* From here on, phys_to_virt() is the real direct map. */
}
