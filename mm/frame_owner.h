/* SPDX-License-Identifier: MIT */
/*
 * Who owns each physical frame (mm/frame_owner.c): the data behind the
 * shell's `memmap` picture and the "owner" line of `page`.
 *
 * struct page tells reserved / free / allocated / slab apart; among the
 * reserved frames this file also tells the kernel image (linker symbols),
 * mem_map (its address) and the page tables (a walk of the kernel's tables)
 * apart from the rest (the first MiB, the loader's data), and the pages of
 * vmalloc() areas (the areas themselves) from other order-0 allocations.
 * mm/memmap.c is something else: the loader's memory map at boot.
 */
#ifndef STRATA_FRAME_OWNER_H
#define STRATA_FRAME_OWNER_H

#include "mm/page.h"

struct kmem_cache;

enum frame_owner {
	FRAME_HOLE,	     /* below max_pfn but not RAM: no struct page state to speak of */
	FRAME_RESERVED,	     /* PG_reserved, none of the three below: first MiB, loader data */
	FRAME_KERNEL,	     /* the kernel image, __kernel_start .. __kernel_end */
	FRAME_MEM_MAP,	     /* the struct page array itself */
	FRAME_PGTABLE_BOOT,  /* a kernel page table from memblock (reserved) */
	FRAME_PGTABLE,	     /* a kernel page table from the buddy allocator */
	FRAME_FREE,	     /* on a buddy free list; the run's order says which */
	FRAME_ALLOC,	     /* alloc_pages() block; the run's order says which */
	FRAME_SLAB,	     /* PG_slab: a slab of some cache */
	FRAME_KMALLOC_LARGE, /* PG_head|PG_kmalloc: kmalloc() beyond the slab caches */
	FRAME_UNKNOWN,	     /* RAM with no state: only a corrupted mem_map gives this */
	FRAME_VMALLOC,	     /* an order-0 page mapped by a vmalloc() area (not vmap()'s) */
	NR_FRAME_OWNERS
};

/* A maximal run of frames with one owner (and, for FREE/ALLOC, one order). */
struct frame_run {
	pfn_t start;
	u64 count;
	enum frame_owner owner;
	unsigned int order; /* FRAME_FREE, FRAME_ALLOC, FRAME_KMALLOC_LARGE: block order */
	const struct kmem_cache *cache; /* FRAME_SLAB: the cache of the slab, else NULL */
};

/*
 * The owner's short name, one word as `memmap` prints it: "hole",
 * "reserved", "kernel", "mem_map", "pgtable-boot", "pgtable", "free",
 * "alloc", "slab", "kmalloc-large", "unknown", "vmalloc".
 */
const char *frame_owner_name(enum frame_owner owner);

/* True if the owner's runs carry a block order (free, alloc, kmalloc-large). */
bool frame_owner_has_order(enum frame_owner owner);

/*
 * Call fn for each maximal run of frames in [start, end) (end clipped to
 * max_pfn), in pfn order; slab frames of different caches are different runs. Reads mem_map and walks the kernel page tables
 * once; allocates nothing. Returns 0, or -ENOSPC if there were more page
 * tables than it can track (the excess then shows as alloc/reserved).
 * Context: any; the allocators must not change while it runs.
 */
int frame_owner_walk(pfn_t start, pfn_t end, void (*fn)(const struct frame_run *run, void *arg),
		     void *arg);

#endif /* STRATA_FRAME_OWNER_H */
