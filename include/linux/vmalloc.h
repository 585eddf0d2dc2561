/* SPDX-License-Identifier: MIT */
/*
 * <linux/vmalloc.h> for modules: vmalloc, vzalloc, __vmalloc, vfree, vmap,
 * vunmap, vmalloc_to_page, vmalloc_to_pfn and is_vmalloc_addr, strata's own
 * (mm/vmalloc.h), and the PAGE_KERNEL protections vmap() takes
 * (mm/pgtable.h), with Linux's names and meanings.
 */
#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H

#include "gfp.h"
#include "mm/pgtable.h"
#include "mm/vmalloc.h"

#endif /* _LINUX_VMALLOC_H */
