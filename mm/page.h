/* SPDX-License-Identifier: MIT */
/*
 * struct page: one per physical page frame, in the flat array mem_map[]
 * indexed by pfn (mm/mem_map.c places it with memblock at boot).
 *
 * A page is in exactly one state, told by its flags:
 *
 *   state            flags         meaning of the other fields
 *   ---------------  ------------  ------------------------------------------
 *   reserved         PG_reserved   not managed by the buddy (kernel image,
 *                                  mem_map, firmware, holes in RAM)
 *   free, head       PG_buddy      first page of a free block: order = its
 *                                  order, next/prev link the zone free list
 *   free, inside     0             inside a free block (only the head knows)
 *   free, per-CPU    PG_pcp        an order-0 page on CPU n's per-CPU list
 *                    | n << 16     (mm/page_pcp.c): next/prev link it there,
 *                                  caller = who freed it last
 *   allocated, head  PG_head       first page of an allocation: order = its
 *                                  order, caller = who allocated it
 *   allocated, tail  0             inside an allocation (only the head knows)
 *   slab             PG_slab       every page of a slab (mm/slab.c): the
 *                                  head page (the first) holds the slab state
 *
 * PG_head and the order of every allocated block are strata's addition:
 * Linux 6.1 sets PG_head only on compound (__GFP_COMP) pages and stores no
 * order for a plain alloc_pages() block, so it cannot detect a
 * __free_pages() with the wrong order; strata reports and refuses it.
 *
 * Linux's struct page is 64 bytes and links lists with two pointers. Here
 * the list links are 32-bit pfns, so struct page fits 32 bytes (0.8% of
 * RAM) while still holding a slab's cache, freelist and counts; 32-bit pfns
 * address 16 TiB of RAM.
 */
#ifndef STRATA_PAGE_H
#define STRATA_PAGE_H

#include "lib/types.h"
#include "mm/memlayout.h"

struct kmem_cache;

/* Page state flags (the low bits of page->flags). */
#define PG_reserved (1U << 0)
#define PG_buddy (1U << 1)
#define PG_head (1U << 2)
#define PG_slab (1U << 3)
#define PG_kmalloc (1U << 4) /* with PG_head: a kmalloc() too large for the slab caches */
#define PG_pcp (1U << 5)     /* free, on a per-CPU list; the CPU is in PG_PCP_CPU bits */
#define PG_PCP_CPU_SHIFT 16
#define PG_PCP_CPU_MASK (0xffU << PG_PCP_CPU_SHIFT)
/* "No page" in the 32-bit pfn links. */
#define PFN_NONE 0xffffffffU

struct page {
	u32 flags; /* PG_* state bits (the zone follows from the pfn: mm/mmzone.h) */
	union {
		u32 order; /* PG_buddy or PG_head: the block's order */
		struct {
			u16 inuse;   /* PG_slab head: objects allocated */
			u16 objects; /* PG_slab head: objects in this slab */
		};
	};
	u32 next; /* pfn of the next page in this page's list, or PFN_NONE (mm/pfn_list.h) */
	u32 prev; /* pfn of the previous page, or PFN_NONE */
	union {
		u64 caller; /* PG_head: who allocated it; PG_buddy: who freed it, 0 if split off */
		struct kmem_cache *slab_cache; /* PG_slab: the cache owning the slab */
	};
	void *freelist; /* PG_slab head: first free object (encoded, mm/slab.c) */
};

_Static_assert(sizeof(struct page) == 32,
	       "struct page must stay 32 bytes (mem_map is 0.8% of RAM)");

/* The page array and its extent: mem_map[pfn] for pfn < max_pfn. */
extern struct page *mem_map;
extern pfn_t max_pfn;
/*
 * Set by mem_map_init() (mm/mem_map.c), read-only after: pages of usable
 * RAM in the memory map (managed by the buddy or reserved), and the bytes
 * mem_map[] takes.
 */
extern u64 ram_pages;
extern u64 mem_map_bytes;
/*
 * Pages managed by the buddy allocator (Linux's totalram_pages, meminfo's
 * MemTotal): ram_pages minus what was reserved at boot. Counted by
 * buddy_free_range() (mm/page_alloc.c) as memory is released to it.
 */
extern u64 totalram_pages;

static inline struct page *pfn_to_page(pfn_t pfn)
{
	return &mem_map[pfn];
}

static inline pfn_t page_to_pfn(const struct page *page)
{
	return (pfn_t)(page - mem_map);
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return page_to_pfn(page) << PAGE_SHIFT;
}

/* The direct-map address of a page's memory. */
static inline void *page_address(const struct page *page)
{
	return phys_to_virt(page_to_phys(page));
}

/* The page of a direct-map address (not vmalloc: see vmalloc_to_page). */
static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(virt_to_phys(addr) >> PAGE_SHIFT);
}

/* Is pfn backed by a struct page (RAM or a hole below max_pfn)? */
static inline bool pfn_valid(pfn_t pfn)
{
	return pfn < max_pfn;
}

#endif /* STRATA_PAGE_H */
