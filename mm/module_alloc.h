/* SPDX-License-Identifier: MIT */
/*
 * Memory for loadable modules (mm/module_alloc.c): module_alloc() places a
 * module in the modules area (MODULES_VADDR .. MODULES_END, mm/memlayout.h)
 * with the vmalloc machinery, and set_memory_*() change the protection of
 * its pages once it is relocated, as Linux's x86 does. The loader is
 * kernel/module/loader.c; mm_report_module_allocations() is the leak report it
 * prints at rmmod.
 */
#ifndef STRATA_MODULE_ALLOC_H
#define STRATA_MODULE_ALLOC_H

#include "lib/types.h"

/*
 * size bytes (whole pages) of zeroed memory in the modules area, mapped
 * PAGE_KERNEL (RW, NX) until set_memory_*() says otherwise; followed by a
 * guard page, listed by vmallocinfo. NULL (one line) if size is 0 or too big
 * for the area, or memory ran out.
 */
void *module_alloc(unsigned long size);
/* Free what module_alloc() returned (any protection); NULL is a no-op. */
void module_memfree(void *addr);

/*
 * Change numpages pages from addr (page aligned, in the modules area) to
 * read-only, read-write, executable or not executable, and flush their TLB
 * entries. Return 0, or -EINVAL (nothing changed) if a page is not mapped.
 */
int set_memory_ro(unsigned long addr, int numpages);
int set_memory_rw(unsigned long addr, int numpages);
int set_memory_x(unsigned long addr, int numpages);
int set_memory_nx(unsigned long addr, int numpages);

/*
 * Print one line for each allocation still live whose recorded caller lies
 * in [start, end): buddy blocks (page->caller), slab objects of the caches
 * that record callers (slub_debug=U) and vmalloc areas (the area's caller),
 * each with its call site; owner names the module in each line.
 * Then the caller of each is cleared (0: the code is gone, and a module
 * loaded later at the same address must not be blamed). Returns the number
 * of lines printed.
 */
unsigned long mm_report_module_allocations(u64 start, u64 end, const char *owner);

#endif /* STRATA_MODULE_ALLOC_H */
