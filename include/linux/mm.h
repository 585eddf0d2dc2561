/* SPDX-License-Identifier: MIT */
/*
 * <linux/mm.h> for modules: the page allocator and struct page helpers
 * (page_address, virt_to_page, page_to_pfn, pfn_to_page, pfn_valid),
 * the direct-map conversions, is_vmalloc_addr() and vmalloc_to_page(), and
 * the page-rounding macros; all strata's own, with Linux's names.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include "errno.h"
#include "gfp.h"
#include "mm_types.h"
#include "mmzone.h"
#include "pfn.h"
#include "../asm/page.h"
#include "mm/vmalloc.h"

/* addr rounded up to a page boundary. */
#define PAGE_ALIGN(addr) ALIGN_UP((addr), PAGE_SIZE)
/* The offset of p within its page. */
#define offset_in_page(p) ((unsigned long)(p) & ~PAGE_MASK)
/* The direct-map address of page frame pfn. */
#define pfn_to_virt(pfn) __va(PFN_PHYS(pfn))
/* The struct page of a direct-map address. */
#define virt_to_head_page(addr) virt_to_page(addr)
/*
 * Linux's high_memory: the direct-map address just past the last frame with
 * a struct page (a variable in Linux, computed here from max_pfn).
 */
#define high_memory pfn_to_virt(max_pfn)

#endif /* _LINUX_MM_H */
