/* SPDX-License-Identifier: MIT */
/*
 * TLB shootdown of kernel mappings (Linux's flush_tlb_kernel_range(),
 * arch/x86/mm/tlb.c, 6.1). Every CPU runs on the kernel's one set of page
 * tables, so a kernel mapping removed or weakened (vunmap, vfree, a
 * permission change, a page-table page freed) may still sit in any online
 * CPU's TLB: each must flush it before the page or the permission is
 * reused. With one CPU online it is a local flush.
 */
#ifndef STRATA_TLBFLUSH_H
#define STRATA_TLBFLUSH_H

#include "lib/types.h"

/*
 * Up to this many pages each CPU flushes each page with invlpg; more, and
 * it reloads CR3 (Linux's tlb_single_page_flush_ceiling): an invlpg costs
 * about as much as refilling a few TLB entries, so past ~33 pages throwing
 * the whole TLB away is cheaper. strata's kernel mappings that change are
 * never _PAGE_GLOBAL, so the reload does flush them.
 */
#define TLB_SINGLE_PAGE_FLUSH_CEILING 33

/*
 * Flush [start, end) from every online CPU's TLB, this one's included, and
 * return when all have. Context: task or interrupts off, never a hardirq
 * handler (it waits for the other CPUs).
 */
void flush_tlb_kernel_range(u64 start, u64 end);

#endif /* STRATA_TLBFLUSH_H */
