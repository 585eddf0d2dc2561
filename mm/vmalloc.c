// SPDX-License-Identifier: MIT
/*
 * vmalloc areas: a range from the vmap range allocator (mm/vmap_area.c),
 * pages mapped into it one by one with the page-table API (mm/pgtable.h).
 * The reverse, vfree()/vunmap(), is mm/vfree.c, finished lazily by
 * mm/vmap_purge.c. Fault and misuse reports live in mm/vmalloc_fault.c,
 * vmallocinfo in mm/vmallocinfo.c, kvmalloc() in mm/kvmalloc.c; the pages
 * come from the buddy allocator (mm/page_alloc.c).
 *
 * An area of n pages, at the range [start, start + (n + 1) * PAGE_SIZE):
 *
 *   start                                        start + n * PAGE_SIZE
 *   | page 0 | page 1 | ... | page n-1 | guard page (never mapped) |
 *
 * Invariants:
 *  - a busy vmap_area's owner is its vm_struct; its first nr_pages pages are
 *    mapped (PAGE_KERNEL for vmalloc, the caller's prot for vmap), its last
 *    page never is; nothing else in the region is mapped;
 *  - a range goes back to the range allocator only after its pages are
 *    unmapped and their TLB entries flushed, so a range handed out again
 *    has no stale translation anywhere;
 *  - vmalloc pages go back to the buddy allocator only after that flush;
 *    vfree() leaves both to the lazy purge (mm/vmap_purge.c): the area
 *    stays in the busy tree with VM_UNPURGED until then;
 *  - VM_UNPURGED is set under vmap_area_lock by the one vfree()/vunmap()
 *    that claims the area: a second free of it is refused;
 *  - page tables: those of the region's first 2 MiB (the "hot window",
 *    where small areas land first) are made at boot and kept; any other
 *    table is freed by the release that leaves its whole span free.
 *    So outside the hot window a table exists only under a live area.
 *
 * Locking: vmap_area_lock guards both range trees (vmap_space and
 * module_space, Linux 6.1 splits this into vmap_area_lock and
 * free_vmap_area_lock) and the page tables a release frees. The tree
 * nodes come from a slab cache under it. Mapping and unmapping an area's
 * own pages happen outside it: the range is the caller's alone.
 * Lock order: vmap_purge_lock -> vmap_area_lock -> s->list_lock -> zone->lock.
 * Context: vmalloc and vmap are for task context, checked by
 * might_sleep(). The fault and report paths
 * (vmalloc_fault.c, vmallocinfo.c) read the trees without the lock: only
 * CPU 0 changes them, and a fault may come under it.
 */
#include "mm/vmalloc_internal.h"
#include "mm/kasan.h"
#include "mm/page_info.h"
#include "mm/slab.h"
#include "mm/tlbflush.h"
#include "kernel/might_sleep.h"
#include "kernel/panic.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "lib/compiler.h"

struct vmap_space vmap_space;
struct vmap_space module_space;
DEFINE_SPINLOCK(vmap_area_lock);
static struct kmem_cache *vmap_area_cachep; /* the nodes of both trees */
struct kmem_cache *vm_struct_cachep;	    /* one vm_struct per live area */

/* Under vmap_area_lock: may not sleep (Linux 6.1 preloads, then GFP_NOWAIT). */
static void *vmap_node_alloc(void)
{
	return kmem_cache_alloc(vmap_area_cachep, GFP_ATOMIC);
}

static void vmap_node_free(void *node)
{
	kmem_cache_free(vmap_area_cachep, node);
}

void vmalloc_init(void)
{
	u64 size;
	int err;

	vmap_area_cachep =
		kmem_cache_create("vmap_area", sizeof(struct vmap_area), 0, SLAB_PANIC, NULL);
	vm_struct_cachep =
		kmem_cache_create("vm_struct", sizeof(struct vm_struct), 0, SLAB_PANIC, NULL);
	/* KASAN builds have shadow for the start of the region only: vmalloc stays there. */
	err = vmap_space_init(&vmap_space, VMALLOC_START, kasan_vmalloc_end(), vmap_node_alloc,
			      vmap_node_free);
	if (!err)
		err = vmap_space_init(&module_space, MODULES_VADDR, MODULES_END, vmap_node_alloc,
				      vmap_node_free);
	if (err)
		panic("%s: cannot set up the vmalloc region: %d", __func__, err);
	/*
	 * Make the hot window's tables (pud, pmd, pte) by mapping one page
	 * and unmapping it: pt_unmap_page() leaves the tables in place.
	 */
	err = pt_map_page(kernel_pgd, VMALLOC_START, 0, PAGE_KERNEL);
	if (err)
		panic("%s: no page tables for the vmalloc region: %d", __func__, err);
	pt_unmap_page(kernel_pgd, VMALLOC_START);
	flush_tlb_page(VMALLOC_START);
	size = vmap_space.end - VMALLOC_START;
	pr_info("vmalloc: region %#llx-%#llx (%llu %s), guard page after every area\n",
		(unsigned long long)VMALLOC_START, (unsigned long long)vmap_space.end - 1,
		(unsigned long long)(size >= (1ULL << 40) ? size >> 40 : size >> 20),
		size >= (1ULL << 40) ? "TiB" : "MiB");
}

u64 vmalloc_region_end(void)
{
	return vmap_space.end;
}

unsigned long vmalloc_nr_areas(void)
{
	return vmap_space.nr_busy + module_space.nr_busy - vmap_lazy_areas();
}

struct vmap_space *vmalloc_space_of(u64 addr)
{
	return addr >= MODULES_VADDR && addr < MODULES_END ? &module_space : &vmap_space;
}

bool vmalloc_check(char *why, size_t why_size)
{
	return vmap_space_check(&vmap_space, why, why_size) &&
	       vmap_space_check(&module_space, why, why_size);
}

/* Is a request of size bytes (or pages << PAGE_SHIFT) sane? Else one line. */
static bool vmalloc_size_ok(const char *fn, unsigned long size, gfp_t gfp, const void *caller)
{
	if (size && (size >> PAGE_SHIFT) <= totalram_pages)
		return true;
	if (!(gfp & __GFP_NOWARN)) {
		if (!size)
			pr_warn("%s: size 0 refused (from %pS)\n", fn, caller);
		else
			pr_warn("%s: %lu bytes refused: more than all of RAM (%llu pages) (from %pS)\n",
				fn, size, (unsigned long long)totalram_pages, caller);
	}
	return false;
}

/*
 * A range of size bytes plus the guard page, at align, with its vm_struct:
 * the busy area, or NULL (nothing taken).
 */
static struct vmap_area *vmalloc_area_get(struct vmap_space *s, unsigned long size,
					  unsigned long align, unsigned long flags,
					  const void *caller)
{
	struct vm_struct *vm = kmem_cache_alloc(vm_struct_cachep, GFP_KERNEL);
	struct vmap_area *va;

	if (!vm)
		return NULL;
	spin_lock(&vmap_area_lock);
	va = vmap_area_alloc(s, size + PAGE_SIZE, align);
	spin_unlock(&vmap_area_lock);
	if (!va) {
		kmem_cache_free(vm_struct_cachep, vm);
		return NULL;
	}
	vm->addr = (void *)va->va_start;
	vm->size = size + PAGE_SIZE;
	vm->flags = flags;
	vm->nr_pages = (unsigned int)(size >> PAGE_SHIFT);
	vm->caller = caller;
	vm->next = NULL;
	vm->held = PFN_NONE;
	vm->nr_held = 0;
	va->owner = vm;
	va->caller = caller;
	return va;
}

/*
 * Map nr pages from addr on with prot: pages[i] if pages is given, else a
 * fresh page from alloc_pages(gfp, 0):
 *   for each page: if first or at a 2 MiB boundary: pte = pt_pte_slot(a),
 *                  allocating missing tables (one walk per pte table)
 *                  set_pte(pte++, page | prot)
 * No TLB flush: the entries were not present. Returns NULL, or the failure's
 * cause with *mapped pages mapped (the caller unmaps, frees and releases).
 */
static const char *vmalloc_map_pages(u64 addr, unsigned int nr, struct page **pages, gfp_t gfp,
				     u64 prot, unsigned int *mapped)
{
	pte_t *pte = NULL;

	prot &= __supported_pte_mask;
	for (*mapped = 0; *mapped < nr; (*mapped)++) {
		u64 a = addr + ((u64)*mapped << PAGE_SHIFT);
		struct page *page;

		if (!pte || IS_ALIGNED(a, PMD_SIZE)) {
			pte = pt_pte_slot(kernel_pgd, a, true);
			if (unlikely(!pte))
				return "out of memory for page tables";
		}
		page = pages ? pages[*mapped] : alloc_pages(gfp | __GFP_NOWARN, 0);
		if (unlikely(!page))
			return "out of pages";
		BUG_ON(*pte & _PAGE_PRESENT);
		set_pte(pte++, page_to_phys(page) | prot);
	}
	return NULL;
}

static void vmalloc_fail(const char *fn, unsigned long size, const char *why, gfp_t gfp,
			 const void *caller)
{
	if (!(gfp & __GFP_NOWARN))
		pr_warn("%s: allocation failure: %lu bytes, %s (from %pS); nothing was kept\n", fn,
			size, why, caller);
}

/*
 * One try: a range of size + guard page at align, fresh pages mapped into
 * it one by one. Returns the area, or NULL with *why set and nothing kept.
 */
static struct vmap_area *vmalloc_try(struct vmap_space *s, unsigned long size, unsigned long align,
				     gfp_t gfp, u64 prot, const void *caller, const char **why)
{
	struct vmap_area *va = vmalloc_area_get(s, size, align, VM_ALLOC, caller);
	unsigned int mapped;

	if (!va) {
		*why = "no virtual range or no memory for its records";
		return NULL;
	}
	*why = vmalloc_map_pages(va->va_start, (unsigned int)(size >> PAGE_SHIFT), NULL, gfp, prot,
				 &mapped);
	if (!*why)
		return va;
	vmalloc_unmap_pages(va->va_start, mapped, true);
	vmalloc_area_put(va);
	return NULL;
}

/*
 * The one allocation path:
 *   might_sleep(); run the vfree()s deferred from interrupt context
 *   check the size; size = whole pages
 *   try: a range, then pages                          (fail: nothing kept)
 *   failed with lazily freed areas pending: purge them, try once more
 *       (Linux 6.1 does so when the range runs out; strata's held pages
 *       may be what is missing too)
 */
void *__vmalloc_node_range(unsigned long size, unsigned long align, u64 start, u64 end, gfp_t gfp,
			   u64 prot, unsigned long vm_flags, int node, const void *caller)
{
	struct vmap_space *s = vmalloc_space_of(start);
	unsigned long asked = size;
	struct vmap_area *va;
	const char *why;

	(void)node;
	(void)vm_flags;
	might_sleep();
	if (!in_interrupt())
		vfree_deferred_run();
	if (start != s->start) {
		pr_warn("vmalloc: range %#llx-%#llx is not the vmalloc region or the modules area "
			"(from %pS)\n",
			(unsigned long long)start, (unsigned long long)end, caller);
		return NULL;
	}
	if (!vmalloc_size_ok("vmalloc", size, gfp, caller))
		return NULL;
	size = ALIGN_UP(size, PAGE_SIZE);
	va = vmalloc_try(s, size, align, gfp, prot, caller, &why);
	if (!va && !in_interrupt() && vmap_purge_if_pending())
		va = vmalloc_try(s, size, align, gfp, prot, caller, &why);
	if (!va) {
		vmalloc_fail("vmalloc", size, why, gfp, caller);
		return NULL;
	}
	kasan_vmalloc_alloc((void *)va->va_start, asked, size); /* no-op outside its shadow */
	return (void *)va->va_start;
}

void *__vmalloc_node(unsigned long size, unsigned long align, gfp_t gfp, int node,
		     const void *caller)
{
	return __vmalloc_node_range(size, align, VMALLOC_START, VMALLOC_END, gfp, PAGE_KERNEL, 0,
				    node, caller);
}

void *vmalloc(unsigned long size)
{
	return __vmalloc_node(size, PAGE_SIZE, GFP_KERNEL, 0, __builtin_return_address(0));
}

void *vzalloc(unsigned long size)
{
	return __vmalloc_node(size, PAGE_SIZE, GFP_KERNEL | __GFP_ZERO, 0,
			      __builtin_return_address(0));
}

void *__vmalloc(unsigned long size, gfp_t gfp)
{
	return __vmalloc_node(size, PAGE_SIZE, gfp, 0, __builtin_return_address(0));
}

void *vmap(struct page **pages, unsigned int count, unsigned long flags, u64 prot)
{
	const void *caller = __builtin_return_address(0);
	unsigned long size = (unsigned long)count << PAGE_SHIFT;
	struct vmap_area *va;
	unsigned int mapped;
	const char *why;

	might_sleep();
	if (!vmalloc_size_ok("vmap", size, 0, caller))
		return NULL;
	va = vmalloc_area_get(&vmap_space, size, PAGE_SIZE, (flags & ~VM_ALLOC) | VM_MAP, caller);
	if (!va) {
		vmalloc_fail("vmap", size, "no virtual range or no memory for its records", 0,
			     caller);
		return NULL;
	}
	why = vmalloc_map_pages(va->va_start, count, pages, 0, prot, &mapped);
	if (why) {
		vmalloc_unmap_pages(va->va_start, mapped, false);
		vmalloc_area_put(va);
		vmalloc_fail("vmap", size, why, 0, caller);
		return NULL;
	}
	return (void *)va->va_start;
}

struct page *vmalloc_to_page(const void *addr)
{
	struct pt_walk w;

	if (!pt_walk(kernel_pgd, (u64)addr, &w) || w.page_size != PAGE_SIZE ||
	    !pfn_valid(w.phys >> PAGE_SHIFT))
		return NULL;
	return pfn_to_page(w.phys >> PAGE_SHIFT);
}

unsigned long vmalloc_to_pfn(const void *addr)
{
	struct page *page = vmalloc_to_page(addr);

	return page ? page_to_pfn(page) : 0;
}
