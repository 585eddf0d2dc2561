// SPDX-License-Identifier: MIT
/*
 * Module memory: module_alloc() on the vmalloc machinery (mm/vmalloc.c, its
 * second range allocator over the modules area), set_memory_*() on the page
 * tables (mm/pgtable.h), and the report of what a module left allocated
 * (its slab part in mm/slab_leaks.c).
 *
 * Invariant: every page of a module area is mapped by a 4 KiB pte (vmalloc
 * maps nothing larger), so a protection change rewrites whole ptes and
 * flushes them on every CPU; the ptes keep their frame, only the RW and NX
 * bits change.
 */
#include "mm/module_alloc.h"
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/pgtable.h"
#include "mm/tlbflush.h"
#include "mm/slab_internal.h"
#include "mm/vmalloc_internal.h"
#include "kernel/printk.h"
#include "lib/errno.h"

void *module_alloc(unsigned long size)
{
	if (ALIGN_UP(size, PAGE_SIZE) > MODULES_LEN) {
		pr_warn("module_alloc: %lu bytes do not fit the modules area\n", size);
		return NULL;
	}
	return __vmalloc_node_range(size, PAGE_SIZE, MODULES_VADDR, MODULES_END,
				    GFP_KERNEL | __GFP_ZERO, PAGE_KERNEL, 0, 0,
				    __builtin_return_address(0));
}

/*
 * Linux 6.1 allocates module memory VM_FLUSH_RESET_PERMS: its vfree()
 * purges the lazily freed areas at once (_vm_unmap_aliases()), so no
 * executable mapping of the module lingers. strata does the same.
 */
void module_memfree(void *addr)
{
	vfree(addr);
	vm_unmap_aliases();
}

/*
 * Set, then clear, the given bits in the ptes of numpages pages from addr:
 *   first pass: every page must be a present 4 KiB page of the modules area
 *   second pass: rewrite each pte; then flush the range on every CPU
 */
static int change_page_attr(unsigned long addr, int numpages, u64 set, u64 clear)
{
	set &= __supported_pte_mask;
	clear &= __supported_pte_mask;
	if (numpages < 0 || !IS_ALIGNED(addr, PAGE_SIZE) || addr < MODULES_VADDR ||
	    addr + (u64)numpages * PAGE_SIZE > MODULES_END)
		return -EINVAL;
	for (int i = 0; i < numpages; i++) {
		pte_t *pte = pt_pte_slot(kernel_pgd, addr + (u64)i * PAGE_SIZE, false);

		if (!pte || !(*pte & _PAGE_PRESENT))
			return -EINVAL;
	}
	for (int i = 0; i < numpages; i++) {
		u64 a = addr + (u64)i * PAGE_SIZE;
		pte_t *pte = pt_pte_slot(kernel_pgd, a, false);

		set_pte(pte, (*pte | set) & ~clear);
	}
	flush_tlb_kernel_range(addr, addr + (u64)numpages * PAGE_SIZE);
	return 0;
}

int set_memory_ro(unsigned long addr, int numpages)
{
	return change_page_attr(addr, numpages, 0, _PAGE_RW);
}

int set_memory_rw(unsigned long addr, int numpages)
{
	return change_page_attr(addr, numpages, _PAGE_RW, 0);
}

int set_memory_x(unsigned long addr, int numpages)
{
	return change_page_attr(addr, numpages, 0, _PAGE_NX);
}

int set_memory_nx(unsigned long addr, int numpages)
{
	return change_page_attr(addr, numpages, _PAGE_NX, 0);
}

/*
 * Blocks from the buddy allocator (alloc_pages, kmalloc too large for a
 * cache). Reads mem_map without a lock: it is never freed, and a block
 * whose caller lies in the module is the module's, which no other CPU frees.
 */
static unsigned long report_pages(u64 start, u64 end, const char *owner)
{
	unsigned long n = 0;

	for (pfn_t pfn = 0; pfn < max_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (!(page->flags & PG_head) || (page->flags & PG_slab) || page->caller < start ||
		    page->caller >= end)
			continue;
		pr_warn("%s: leaked %s: %lu page%s (order %u) at pfn %#llx, allocated at %pS\n",
			owner, page->flags & PG_kmalloc ? "kmalloc" : "pages", 1UL << page->order,
			page->order ? "s" : "", page->order, (unsigned long long)pfn,
			(void *)page->caller);
		page->caller = 0;
		n++;
	}
	return n;
}

/* vmalloc and vmap areas. */
static unsigned long report_areas(u64 start, u64 end, const char *owner)
{
	struct vmap_area *va;
	unsigned long n = 0;

	spin_lock(&vmap_area_lock); /* no other CPU releases an area under the walk */
	for_each_vmap_area (va, &vmap_space) {
		struct vm_struct *vm = vmap_area_vm(va);

		if (!vm || (u64)va->caller < start || (u64)va->caller >= end)
			continue;
		pr_warn("%s: leaked %s area %p (%u pages), allocated at %pS\n", owner,
			vm->flags & VM_ALLOC ? "vmalloc" : "vmap", vm->addr, vm->nr_pages,
			va->caller);
		va->caller = NULL;
		vm->caller = NULL;
		n++;
	}
	spin_unlock(&vmap_area_lock);
	return n;
}

unsigned long mm_report_module_allocations(u64 start, u64 end, const char *owner)
{
	return report_pages(start, end, owner) + slab_report_objects_from(start, end, owner) +
	       report_areas(start, end, owner);
}
