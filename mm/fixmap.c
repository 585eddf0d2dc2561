// SPDX-License-Identifier: MIT
/*
 * Pointing fixmap slots (mm/fixmap.h) at device pages, through the
 * page-table API of mm/pgtable.c.
 */
#include "mm/fixmap.h"
#include "mm/pgtable.h"
#include "kernel/printk.h"

/* Linux's PAGE_KERNEL_NOCACHE under the power-on PAT: PCD and PWT give UC. */
#define PAGE_KERNEL_NOCACHE (PAGE_KERNEL | _PAGE_PCD | _PAGE_PWT)

u64 set_fixmap_nocache(enum fixed_addresses idx, phys_addr_t phys)
{
	u64 va = fix_to_virt(idx);
	int err;

	if (pt_unmap_page(kernel_pgd, va))
		flush_tlb_page(va);
	err = pt_map_page(kernel_pgd, va, phys & PAGE_MASK, PAGE_KERNEL_NOCACHE);
	if (err) {
		pr_err("fixmap: cannot map slot %d (%#llx) to phys %#llx: %d\n", (int)idx,
		       (unsigned long long)va, (unsigned long long)phys, err);
		return 0;
	}
	return va + (phys & ~PAGE_MASK);
}
