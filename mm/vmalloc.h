/* SPDX-License-Identifier: MIT */
/*
 * vmalloc: memory that is contiguous in kernel virtual addresses but made of
 * scattered physical pages, mapped page by page into the vmalloc region
 * (VMALLOC_START..VMALLOC_END, mm/memlayout.h). Linux's names and meanings
 * (linux/vmalloc.h). docs/vmalloc.md explains it all.
 *
 *   mm/vmap_area.c    which virtual range (the augmented rb-tree allocator)
 *   mm/vmalloc.c      areas: the allocation side, vmap(), vmalloc_to_page()
 *   mm/vfree.c        vfree(), vunmap(): unmapping, TLB flushes, page tables
 *   mm/vmap_purge.c   lazy purging of vfree()d areas, vfree() from interrupts
 *   mm/vmalloc_fault.c  fault reports in the region, refused vfree/vunmap
 *   mm/vmallocinfo.c  /proc/vmallocinfo and vmalloc_dump()
 *   mm/kvmalloc.c     kvmalloc(): kmalloc first, vmalloc as the fallback
 *
 * Every area is followed by one unmapped guard page. Context of every
 * function here: task (might_sleep() reports any other; vmap_area_lock is
 * taken with interrupts on), except vfree() and vfree_atomic(), deferred
 * from interrupt context; nothing sleeps. mm/vmap_purge.c frees lazily.
 */
#ifndef STRATA_VMALLOC_H
#define STRATA_VMALLOC_H

#include "mm/gfp.h"
#include "mm/pgtable.h"

/* vm_struct.flags, Linux's values. */
#define VM_ALLOC 0x00000002UL /* vmalloc(): the area owns its pages */
#define VM_MAP 0x00000004UL   /* vmap(): the caller owns the pages */

/* One live area, as Linux's struct vm_struct (its vmap_area is the range). */
struct vm_struct {
	struct vm_struct *next; /* Linux's vmlist link; here: the purge list (mm/vmap_purge.c) */
	void *addr;		/* first mapped byte; page aligned */
	unsigned long size;	/* bytes of the range, the guard page included */
	unsigned long flags;	/* VM_ALLOC or VM_MAP */
	unsigned int nr_pages;	/* pages mapped at addr: (size - PAGE_SIZE) / PAGE_SIZE */
	const void *caller;	/* return address of the vmalloc()/vmap() call */
	u32 held;		/* lazily freed: its pages, a pfn list held until the purge */
	unsigned int nr_held;	/* lazily freed: how many pages are on held */
};

/*
 * Allocate size bytes (rounded up to whole pages) of virtually contiguous
 * memory from order-0 pages of the buddy allocator, mapped PAGE_KERNEL.
 * Not zeroed. Returns NULL, with one line naming the caller, if size is 0
 * or larger than all of RAM, or if pages, page tables or a range run out
 * (then nothing is left behind: no page, mapping or table).
 */
void *vmalloc(unsigned long size);
/* vmalloc() with zeroed memory. */
void *vzalloc(unsigned long size);
/*
 * vmalloc() with gfp for the backing pages: the zone (GFP_DMA32 for pages
 * below 4 GiB), __GFP_ZERO, __GFP_NOWARN (no failure line).
 */
void *__vmalloc(unsigned long size, gfp_t gfp);
/*
 * The general form: like __vmalloc(), but the area starts at a multiple of
 * align (a power of two; below PAGE_SIZE means PAGE_SIZE) and caller is
 * recorded as the allocating call (vmallocinfo, fault reports). node is
 * ignored (one NUMA node).
 */
void *__vmalloc_node(unsigned long size, unsigned long align, gfp_t gfp, int node,
		     const void *caller);

/*
 * Linux's most general form: __vmalloc_node() in [start, end], mapped with
 * prot. strata has two ranges, each its own range allocator: the vmalloc
 * region (VMALLOC_START, VMALLOC_END) and the modules area (MODULES_VADDR,
 * MODULES_END: module_alloc(), mm/module_alloc.c); [start, end] must be one
 * of them (end inclusive or exclusive), anything else is refused with one
 * line. vm_flags is ignored (Linux's VM_FLUSH_RESET_PERMS etc.).
 */
void *__vmalloc_node_range(unsigned long size, unsigned long align, u64 start, u64 end, gfp_t gfp,
			   u64 prot, unsigned long vm_flags, int node, const void *caller);

/*
 * Free what vmalloc() returned. NULL is a no-op. An address that is not
 * the start of a live vmalloc area (inside one, freed already, a vmap()
 * area, anything else) is reported with the caller and refused.
 * The area's page-table entries are cleared at once; the TLB flush, the
 * range and the pages wait for the next lazy purge (mm/vmap_purge.c): the
 * pages stay allocated, held by the purge list, until every CPU has
 * flushed, so no CPU can reach them through a stale entry once they are
 * free. From interrupt context the free is deferred as Linux's is (Linux
 * 6.1 __vfree_deferred): the area goes on a per-CPU list that the CPU's
 * worker empties, or the next vmalloc(), vfree() or purge in task context.
 */
void vfree(const void *addr);
/* Linux's vfree_atomic(): vfree() deferred as from interrupt context. */
void vfree_atomic(const void *addr);

/*
 * Map count pages (the caller keeps them) at consecutive addresses with
 * protection prot (PAGE_KERNEL, PAGE_KERNEL_RO...). flags: VM_MAP. Returns
 * the address, or NULL (nothing left behind) for count 0, too many pages,
 * or no range or page table.
 */
void *vmap(struct page **pages, unsigned int count, unsigned long flags, u64 prot);
/*
 * Unmap what vmap() returned; the pages stay the caller's. NULL is a no-op;
 * anything but the start of a live vmap() area is reported and refused.
 * Eager, unlike Linux's lazy vunmap(): the caller may free its pages the
 * moment this returns, so every CPU flushes before it does. Task context
 * only: from interrupt context it is reported and refused.
 */
void vunmap(const void *addr);

/*
 * Lazy purging (mm/vmap_purge.c), Linux 6.1's names and threshold.
 * vm_unmap_aliases(): run every deferred vfree, then purge every lazily
 * freed area now (one flush_tlb_kernel_range over their span on every
 * CPU, then their pages and ranges are freed). Task context.
 */
void vm_unmap_aliases(void);
/*
 * Lazily freed pages (guard pages included) that trigger a purge:
 * fls(num_online_cpus()) * 32 MiB worth, as Linux 6.1, unless
 * vmap_set_lazy_max_pages() set another value.
 */
unsigned long lazy_max_pages(void);
/* Set that threshold in pages (tests, the demo); 0 restores Linux's. */
void vmap_set_lazy_max_pages(unsigned long pages);
/* The purge list now, for vmallocinfo, the demo and the tests. */
struct vmap_lazy_stats {
	unsigned long areas;	  /* lazily freed areas waiting for the purge */
	unsigned long lazy_pages; /* their pages, guard pages included (vmap_lazy_nr) */
	unsigned long held_pages; /* their vmalloc pages, allocated until the purge */
	unsigned long purges;	  /* purges run since boot */
	unsigned long deferred;	  /* vfree()s from interrupt context deferred since boot */
};
void vmap_lazy_stats(struct vmap_lazy_stats *st);

/* The page mapped at a vmalloc address, or NULL if none is. Any address in a page. */
struct page *vmalloc_to_page(const void *addr);
/* Its pfn, or 0 if nothing is mapped there. */
unsigned long vmalloc_to_pfn(const void *addr);

/* Does addr lie in the vmalloc region (mapped or not)? */
static inline bool is_vmalloc_addr(const void *addr)
{
	u64 a = (u64)addr;

	return a >= VMALLOC_START && a <= VMALLOC_END;
}

/*
 * kvmalloc (mm/kvmalloc.c), as Linux 6.1: kmalloc() first for any size;
 * if it fails and size > PAGE_SIZE and gfp may block, vmalloc(); else NULL.
 * kvfree() frees either kind; NULL is a no-op.
 */
void *kvmalloc(size_t size, gfp_t gfp);
void *kvzalloc(size_t size, gfp_t gfp);
void kvfree(const void *addr);

/* Boot: the node caches, the range allocator, the region's first tables. After kmem_cache_init().
 */
void vmalloc_init(void);

/*
 * The end of the range vmalloc hands out, [VMALLOC_START, this): VMALLOC_END
 * + 1, except in KASAN builds, which keep vmalloc where they have shadow.
 */
u64 vmalloc_region_end(void);
/* Live areas (vmalloc and vmap): the MM_VMALLOC_AREAS counter. */
unsigned long vmalloc_nr_areas(void);
/*
 * Check the range allocator's invariants (vmap_space_check): true if all
 * hold, else false with the first broken one in why (why_size bytes).
 */
bool vmalloc_check(char *why, size_t why_size);

/* Introspection (mm/vmallocinfo.c). */
/* Print every live area as /proc/vmallocinfo does (nothing if none is). */
void vmallocinfo_print(void);
/* Print the allocator's state: counters, free ranges, recent frees, areas. */
void vmalloc_dump(void);
/*
 * If addr lies in the vmalloc region, write what it is (an area, its guard
 * page, a use after vfree, nothing) and return true; else false. For fault
 * reports, through mm's describer in mm/layout.c (mm/vmalloc_fault.c).
 */
bool vmalloc_describe_fault(u64 addr, char *buf, size_t size);
/*
 * Call fn(pfn, arg) for every page a vmalloc() area owns (VM_ALLOC), in
 * area order; not for vmap() pages, which stay their caller's. For
 * `memmap` (mm/frame_owner.c). Allocates nothing; fn runs under
 * vmap_area_lock, so it must not change areas nor call vmalloc. Task context.
 */
void vmalloc_for_each_page(void (*fn)(pfn_t pfn, void *arg), void *arg);

#endif /* STRATA_VMALLOC_H */
