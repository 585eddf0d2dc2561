/* SPDX-License-Identifier: MIT */
/*
 * <asm/page.h> for modules: the page size, the direct map and the
 * conversions between kernel addresses, physical addresses, frame numbers
 * and struct pages, all strata's own (lib/types.h, mm/memlayout.h,
 * mm/page.h) with Linux's x86_64 names and meanings.
 */
#ifndef _ASM_PAGE_H
#define _ASM_PAGE_H

#include "lib/types.h"
#include "mm/memlayout.h"
#include "mm/page.h"

/* The physical address of a direct-map address, and back. */
#define __pa(x) virt_to_phys((const void *)(x))
#define __va(x) phys_to_virt((phys_addr_t)(x))
/* The direct-map address of page frame pfn. */
#define pfn_to_kaddr(pfn) __va((phys_addr_t)(pfn) << PAGE_SHIFT)

/*
 * True if addr is one virt_to_page() and __pa() are meant for: in the
 * direct map or the kernel image, on a frame with a struct page (as Linux's
 * x86_64 __virt_addr_valid decides). vmalloc and module addresses are not.
 */
static inline bool virt_addr_valid(const void *addr)
{
	u64 a = (u64)addr;

	if (a >= KERNEL_VMA) {
		if (a - KERNEL_VMA >= KERNEL_IMAGE_SIZE)
			return false;
	} else if (!is_direct_map_addr(a)) {
		return false;
	}
	return pfn_valid(virt_to_phys(addr) >> PAGE_SHIFT);
}

#endif /* _ASM_PAGE_H */
