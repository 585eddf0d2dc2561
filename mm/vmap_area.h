/* SPDX-License-Identifier: MIT */
/*
 * vmap_area: the virtual-range allocator under vmalloc (mm/vmap_area.c, its
 * self-check in mm/vmap_check.c). It hands out page-aligned ranges of one
 * region [start, end) of virtual addresses (VMALLOC_START..VMALLOC_END in the
 * kernel; any range in the host tests) and knows nothing of page tables or
 * pages: vmalloc() and vmap(), which sit on top, map the pages.
 *
 * A struct vmap_space keeps two red-black trees (lib/rbtree.h) of struct
 * vmap_area nodes, both ordered by address:
 *   - the free tree: the free ranges, fully merged (no two touch), each node
 *     augmented with the largest free size in its subtree, so the search for
 *     a range of a given size is O(log n);
 *   - the busy tree: the allocated areas, so a lookup by address (vfree, a
 *     page fault in the region) is O(log n).
 * Together they tile the region exactly.
 *
 * Guard pages: this layer does not add any. The caller asks for the size it
 * wants including its guard page (vmalloc asks for size + PAGE_SIZE and maps
 * only the first size bytes), so a busy area's size includes the guard, and
 * vmap_area_find_containing() on a guard-page address returns the area it
 * guards (the fault report names it: "vmalloc out of bounds").
 *
 * Node memory comes from the node_alloc/node_free callbacks given at init (a
 * slab cache in the kernel, malloc on the host). An operation that cannot get
 * a node fails without changing anything.
 *
 * Context: no locking here; the caller serialises all calls on one space
 * (strata runs on one CPU without interrupts, so vmalloc takes no lock;
 * Linux 6.1 takes free_vmap_area_lock and vmap_area_lock). Nothing sleeps
 * unless node_alloc does.
 */
#ifndef STRATA_VMAP_AREA_H
#define STRATA_VMAP_AREA_H

#include "lib/types.h"
#include "lib/rbtree.h"

/* Which tree a node is in; zeroed memory is neither, on purpose. */
enum vmap_area_state {
	VMAP_AREA_FREE = 1, /* in s->free_root: a free range */
	VMAP_AREA_BUSY = 2, /* in s->busy_root: an allocated area */
};

struct vmap_area {
	struct rb_node rb_node;	    /* link in the free or the busy tree */
	u64 va_start;		    /* first address; page aligned; the tree key */
	u64 va_end;		    /* one past the last; page aligned; > va_start */
	enum vmap_area_state state; /* which tree holds this node */
	union {
		/* FREE: max (va_end - va_start) over the subtree rooted here. */
		u64 subtree_max_size;
		struct {
			/* BUSY: the user's record of the area (vmalloc's
			 * vm_struct); NULL after vmap_area_alloc(). */
			void *owner;
			/* BUSY: who asked (a return address) for vmallocinfo
			 * and fault reports; NULL after vmap_area_alloc(). */
			const void *caller;
		};
	};
};

struct vmap_space {
	u64 start;		       /* first address of the region; page aligned */
	u64 end;		       /* one past the last; page aligned; > start */
	struct rb_tree free_root;      /* FREE nodes by va_start, augmented */
	struct rb_tree busy_root;      /* BUSY nodes by va_start */
	void *(*node_alloc)(void);     /* memory for one struct vmap_area or NULL */
	void (*node_free)(void *node); /* give back what node_alloc gave */
	u64 nr_busy;		       /* nodes in busy_root */
	u64 nr_free;		       /* nodes in free_root */
	u64 free_bytes;		       /* sum of the free ranges' sizes */
	u64 search_visits;	       /* nodes the last search looked at (tests, bench) */
};

/* A snapshot of the counters, for dumps and tests. */
struct vmap_stats {
	u64 nr_busy;	  /* live areas */
	u64 nr_free;	  /* free ranges (free-tree nodes) */
	u64 busy_bytes;	  /* region size - free_bytes */
	u64 free_bytes;	  /* sum of the free ranges */
	u64 largest_free; /* size of the largest free range; 0 if none */
};

/* Size of an area or free range in bytes, guard page included. */
static inline u64 vmap_area_size(const struct vmap_area *va)
{
	return va->va_end - va->va_start;
}

/*
 * Set up s to manage [start, end), all free. start < end, both multiples of
 * PAGE_SIZE (end == 0, the top of the address space, is not supported);
 * node_alloc returns zeroed or unzeroed memory for one struct vmap_area, or
 * NULL; node_free takes it back. Returns 0, -EINVAL for bad arguments, or
 * -ENOMEM if the first node cannot be had (s is then empty and unusable).
 */
int vmap_space_init(struct vmap_space *s, u64 start, u64 end, void *(*node_alloc)(void),
		    void (*node_free)(void *node));

/*
 * Give every node (busy and free) back through node_free; s is unusable
 * until vmap_space_init() again. The busy areas' owners are not told.
 */
void vmap_space_destroy(struct vmap_space *s);

/*
 * Allocate a range of size bytes starting at a multiple of align, and return
 * its busy area (owner and caller NULL, for the caller to fill). size: a
 * non-zero multiple of PAGE_SIZE, guard page included. align: a power of two;
 * anything below PAGE_SIZE means PAGE_SIZE.
 * Placement (deterministic, see vmap_area.c): the lowest free range at least
 * size + align - PAGE_SIZE bytes long, which fits whatever its alignment;
 * the area starts at its first aligned address. Only if no range is that big
 * is a smaller range that happens to be aligned well enough used (the lowest
 * such). With align == PAGE_SIZE this is exactly the lowest fit.
 * O(log n) unless the fallback runs. Returns NULL (nothing changed) if size
 * or align is invalid, nothing fits, or node_alloc fails.
 */
struct vmap_area *vmap_area_alloc(struct vmap_space *s, u64 size, u64 align);

/*
 * Release a busy area: its range becomes free and merges with the free
 * neighbours on both sides. va's node is either reused as the free node or
 * given back through node_free: va must not be used after the call.
 * Never allocates a node, so never fails for lack of memory.
 * Returns 0, or -EINVAL (nothing changed) if va is NULL or not a busy area
 * of s. NOTE: a pointer to an area already freed may point to recycled
 * memory; callers that take addresses from outside (vfree) must look the
 * area up with vmap_area_find() first, which is how a double vfree is caught.
 */
int vmap_area_free(struct vmap_space *s, struct vmap_area *va);

/* The busy area starting exactly at addr, or NULL. O(log n). */
struct vmap_area *vmap_area_find(const struct vmap_space *s, u64 addr);

/*
 * The busy area with va_start <= addr < va_end (its guard page included),
 * or NULL if addr is free or outside the region. O(log n).
 */
struct vmap_area *vmap_area_find_containing(const struct vmap_space *s, u64 addr);

/* Busy areas in address order: the first, or NULL. O(log n). */
static inline struct vmap_area *vmap_area_first(const struct vmap_space *s)
{
	return rb_entry_safe(rb_first(&s->busy_root), struct vmap_area, rb_node);
}

/* The busy area after va, or NULL. O(1) amortised. */
static inline struct vmap_area *vmap_area_next(const struct vmap_area *va)
{
	return rb_entry_safe(rb_next(&va->rb_node), struct vmap_area, rb_node);
}

/* Free ranges in address order, read only (dumps, tests): first, or NULL. */
static inline struct vmap_area *vmap_free_first(const struct vmap_space *s)
{
	return rb_entry_safe(rb_first(&s->free_root), struct vmap_area, rb_node);
}

/* The free range after va, or NULL. */
static inline struct vmap_area *vmap_free_next(const struct vmap_area *va)
{
	return rb_entry_safe(rb_next(&va->rb_node), struct vmap_area, rb_node);
}

/* Walk the busy areas in address order; do not free va inside the loop. */
#define for_each_vmap_area(va, s) for ((va) = vmap_area_first(s); (va); (va) = vmap_area_next(va))

/* Fill *st from s's counters. O(1). */
void vmap_space_stats(const struct vmap_space *s, struct vmap_stats *st);

/*
 * Verify every invariant of s: both trees are valid red-black trees; each
 * tree is sorted with page-aligned, non-empty, non-overlapping ranges inside
 * the region, in the right state; free ranges never touch (fully merged);
 * every free node's subtree_max_size is right; busy and free ranges together
 * cover the region exactly; the counters match. O(n) (mm/vmap_check.c).
 * Returns true if all hold; else false, with the first broken invariant
 * (and the address where it broke) written to why (why_size bytes, always
 * NUL-terminated; why may be NULL).
 */
bool vmap_space_check(const struct vmap_space *s, char *why, size_t why_size);

#endif /* STRATA_VMAP_AREA_H */
