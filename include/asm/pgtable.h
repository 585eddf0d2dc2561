/* SPDX-License-Identifier: MIT */
/*
 * <asm/pgtable.h> for modules: the kernel's virtual address regions
 * (VMALLOC_START/END, MODULES_VADDR/END, PAGE_OFFSET: strata's
 * mm/memlayout.h, with Linux's x86_64 values and names) and the page
 * protections (PAGE_KERNEL, PAGE_KERNEL_RO... from mm/pgtable.h), as a
 * chapter 7 module that prints the kernel's layout reads them.
 */
#ifndef _ASM_PGTABLE_H
#define _ASM_PGTABLE_H

#include "mm/memlayout.h"
#include "mm/pgtable.h"

#endif /* _ASM_PGTABLE_H */
