// SPDX-License-Identifier: MIT
/*
 * Giving vmalloc areas back: vfree() (lazily: mm/vmap_purge.c finishes the
 * job), vfree_atomic(), vunmap() (at once), and what both share: clearing
 * an area's ptes, the eager unmap-flush-free, and releasing ranges and the
 * page tables they leave empty. The allocation side is mm/vmalloc.c.
 *
 * Invariants (with mm/vmalloc.c's):
 *  - an area is claimed for its free under vmap_area_lock (VM_UNPURGED):
 *    one free of it proceeds, any other is reported and refused;
 *  - pages go back to the buddy allocator only after every CPU flushed
 *    their translations; a range goes back only after that flush too;
 *  - page tables outside the hot window are freed by the release that
 *    leaves their whole span free, and only then.
 *
 * Locking: vmap_area_lock (mm/vmalloc.c) guards the claim and the release.
 * Lock order: vmap_purge_lock -> vmap_area_lock -> s->list_lock -> zone->lock.
 * Context: task, except vfree() and vfree_atomic() from interrupt context,
 * which only queue the address (mm/vmap_purge.c).
 */
#include "mm/vmalloc_internal.h"
#include "mm/kasan.h"
#include "mm/pfn_list.h"
#include "mm/slab.h"
#include "mm/tlbflush.h"
#include "kernel/might_sleep.h"
#include "kernel/panic.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "lib/compiler.h"

/*
 * The span whose page tables a release left without purpose: [lo, hi) is
 * the free range the area [start, end) merged into; a table whose whole
 * span lies in it maps nothing (nothing outside busy areas is mapped):
 *   lo = lo rounded up to 2 MiB, not below the hot window's end
 *   hi = hi rounded down to 2 MiB
 *   clip [lo, hi) to the 512 GiB slots around the area (the only tables
 *       a release can have emptied)
 * False (nothing to free) unless a whole 2 MiB became free.
 */
static bool vmalloc_table_span(u64 start, u64 end, u64 *lo, u64 *hi)
{
	*lo = MAX(ALIGN_UP(*lo, PMD_SIZE), VMALLOC_HOT_END);
	*lo = MAX(*lo, ALIGN_DOWN(start, PGDIR_SIZE));
	*hi = ALIGN_DOWN(*hi, PMD_SIZE);
	/* The modules area is in the last slot, whose end wraps to 0. */
	if (ALIGN_UP(end, PGDIR_SIZE))
		*hi = MIN(*hi, ALIGN_UP(end, PGDIR_SIZE));
	return *lo < *hi && ALIGN_UP(end, PMD_SIZE) > *lo && ALIGN_DOWN(start, PMD_SIZE) < *hi;
}

/*
 * Spans of free page tables waiting to be freed, while a purge releases
 * its batch: touching spans merge, so the batch costs one table walk (and
 * one flush) per run of freed areas instead of one per area. Every span
 * recorded is free and stays free (vmap_area_lock is held throughout).
 */
struct table_spans {
	u64 lo, hi; /* the pending span; lo == hi: none */
};

static void table_spans_flush(struct table_spans *t)
{
	if (t->lo < t->hi)
		pt_free_empty_tables(kernel_pgd, t->lo, t->hi);
	t->lo = t->hi = 0;
}

static void table_spans_add(struct table_spans *t, u64 lo, u64 hi)
{
	if (t->lo < t->hi && lo <= t->hi && hi >= t->lo) {
		t->lo = MIN(t->lo, lo);
		t->hi = MAX(t->hi, hi);
		return;
	}
	table_spans_flush(t);
	t->lo = lo;
	t->hi = hi;
}

/*
 * Give back the range and vm_struct of an area whose pages are unmapped and
 * flushed; the page tables left empty go on t, or are freed now if t is NULL.
 */
static void vmalloc_area_put_locked(struct vmap_area *va, struct table_spans *t)
{
	struct vmap_space *s = vmalloc_space_of(va->va_start);
	struct rb_node *prev, *next;
	u64 lo, hi, start = va->va_start, end = va->va_end;
	struct table_spans now = {0, 0};
	int err;

	lockdep_assert_held(&vmap_area_lock);
	kmem_cache_free(vm_struct_cachep, vmap_area_vm(va));
	prev = rb_prev(&va->rb_node);
	next = rb_next(&va->rb_node);
	lo = prev ? rb_entry(prev, struct vmap_area, rb_node)->va_end : s->start;
	hi = next ? rb_entry(next, struct vmap_area, rb_node)->va_start : s->end;
	err = vmap_area_free(s, va); /* a busy area the tree lost is corruption */
	BUG_ON(err);
	if (!vmalloc_table_span(start, end, &lo, &hi))
		return;
	table_spans_add(t ? t : &now, lo, hi);
	table_spans_flush(&now);
}

void vmalloc_area_put(struct vmap_area *va)
{
	spin_lock(&vmap_area_lock);
	vmalloc_area_put_locked(va, NULL);
	spin_unlock(&vmap_area_lock);
}

void vmalloc_areas_release(struct vm_struct *list)
{
	struct table_spans t = {0, 0};
	struct vm_struct *next;

	spin_lock(&vmap_area_lock);
	for (; list; list = next) {
		struct vmap_area *va =
			vmap_area_find(vmalloc_space_of((u64)list->addr), (u64)list->addr);

		next = list->next;
		BUG_ON(!va || vmap_area_vm(va) != list); /* the purge list lost its area */
		vmalloc_area_put_locked(va, &t);
	}
	table_spans_flush(&t);
	spin_unlock(&vmap_area_lock);
}

/* How many of the left pages from a on share a's pte table (a's 2 MiB). */
static unsigned int vmalloc_run(u64 a, unsigned int left)
{
	u64 in_table = (ALIGN_UP(a + 1, PMD_SIZE) - a) >> PAGE_SHIFT;

	return (unsigned int)MIN((u64)left, in_table);
}

/*
 * Clear the ptes of nr pages from addr on, without a flush; if chain, put
 * each page's struct page on the pfn list at *chain (its links are unused
 * while it is allocated) and count them in *nr_chained:
 *   for each run of pages in one pte table (one walk per run):
 *       ptep_get_and_clear() each pte
 */
static void vmalloc_clear_ptes(u64 addr, unsigned int nr, u32 *chain, unsigned long *nr_chained)
{
	unsigned int run;

	for (unsigned int i = 0; i < nr; i += run) {
		u64 a = addr + ((u64)i << PAGE_SHIFT);
		pte_t *pte = pt_pte_slot(kernel_pgd, a, false);

		run = vmalloc_run(a, nr - i);
		for (unsigned int j = 0; pte && j < run; j++) {
			pte_t old = ptep_get_and_clear(&pte[j]);

			if (chain && (old & _PAGE_PRESENT)) {
				pfn_list_add(chain,
					     pfn_to_page((old & PTE_PFN_MASK) >> PAGE_SHIFT));
				(*nr_chained)++;
			}
		}
	}
}

/*
 * Unmap nr pages from addr on at once; if free_pages, give them to the buddy:
 *   clear the ptes, chaining the pages
 *   flush the range from every online CPU's TLB (flush_tlb_kernel_range:
 *       page by page up to 33 pages, else whole)
 *   free the chained pages: only now, with no translation of them left
 */
void vmalloc_unmap_pages(u64 addr, unsigned int nr, bool free_pages)
{
	u32 chain = PFN_NONE;
	unsigned long chained = 0;
	struct page *page;

	vmalloc_clear_ptes(addr, nr, free_pages ? &chain : NULL, &chained);
	flush_tlb_kernel_range(addr, addr + ((u64)nr << PAGE_SHIFT));
	while ((page = pfn_list_pop(&chain)))
		__free_pages(page, 0);
}

/*
 * Claim the live area of the given kind starting at addr: mark it
 * VM_UNPURGED under the lock, so no other free can claim it. Else report,
 * NULL.
 */
static struct vmap_area *vmalloc_area_claim(const char *fn, const void *addr, unsigned long kind,
					    const void *caller)
{
	struct vm_struct *vm;
	struct vmap_area *va;
	bool ok;

	spin_lock(&vmap_area_lock);
	va = vmap_area_find(vmalloc_space_of((u64)addr), (u64)addr);
	vm = va ? vmap_area_vm(va) : NULL; /* NULL: another CPU is still setting it up */
	ok = vm && (vm->flags & (kind | VM_UNPURGED)) == kind;
	if (ok)
		vm->flags |= VM_UNPURGED;
	spin_unlock(&vmap_area_lock);
	if (ok)
		return va;
	vmalloc_report_bad_free(fn, addr, caller);
	return NULL;
}

void vfree_caller(const void *addr, const void *caller)
{
	struct vmap_area *va = vmalloc_area_claim("vfree", addr, VM_ALLOC, caller);
	struct vm_struct *vm;
	unsigned long nr_held = 0;
	u32 held = PFN_NONE;

	if (!va)
		return;
	vm = vmap_area_vm(va);
	vmalloc_clear_ptes(va->va_start, vm->nr_pages, &held, &nr_held);
	/* A later touch faults on the unmapped page; KASAN leaves it to that. */
	kasan_unpoison((void *)va->va_start, (size_t)vm->nr_pages << PAGE_SHIFT);
	vmalloc_record_free(va, caller);
	free_vmap_area_noflush(vm, held, nr_held);
}

void vfree(const void *addr)
{
	const void *caller = __builtin_return_address(0);

	might_sleep_if(!in_interrupt());
	if (!addr)
		return;
	if (in_interrupt()) {
		vfree_deferred_add(addr, caller);
		return;
	}
	vfree_deferred_run();
	vfree_caller(addr, caller);
}

void vfree_atomic(const void *addr)
{
	if (addr)
		vfree_deferred_add(addr, __builtin_return_address(0));
}

void vunmap(const void *addr)
{
	const void *caller = __builtin_return_address(0);
	struct vmap_area *va;

	if (!addr)
		return;
	if (in_interrupt()) { /* Linux: BUG_ON(in_interrupt()) */
		vmalloc_reports++;
		pr_err("BUG: vunmap(%llx) from interrupt context (from %pS): refused\n",
		       (unsigned long long)addr, caller);
		return;
	}
	might_sleep();
	va = vmalloc_area_claim("vunmap", addr, VM_MAP, caller);
	if (!va)
		return;
	/* Eager: the pages are the caller's from the moment this returns. */
	vmalloc_unmap_pages(va->va_start, vmap_area_vm(va)->nr_pages, false);
	vmalloc_record_free(va, caller);
	vmalloc_area_put(va);
}
