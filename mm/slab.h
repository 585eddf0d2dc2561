/* SPDX-License-Identifier: MIT */
/*
 * The slab allocator's API, with Linux's names (linux/slab.h): object
 * caches (kmem_cache_*) and kmalloc(). The caches live in mm/slab.c, their
 * debugging in mm/slab_debug.c, kmalloc in mm/kmalloc.c and the reports
 * (slabinfo, kmalloc waste) in mm/slabinfo.c. docs/slab.md explains it all.
 *
 * Context: allocation and free may be called from any context, hardirq
 * included (with GFP_ATOMIC, or any gfp: nothing here sleeps); they take
 * the cache's list_lock with interrupts off. Creating, shrinking and
 * destroying a cache: task context only (slab_caches_lock, then
 * list_lock). Lock order: slab_caches_lock -> list_lock -> zone->lock.
 */
#ifndef STRATA_SLAB_H
#define STRATA_SLAB_H

#include "kernel/spinlock.h"
#include "mm/gfp.h"

typedef unsigned int slab_flags_t;

/* Flags of kmem_cache_create(), Linux's names and meanings. */
#define SLAB_CONSISTENCY_CHECKS 0x00000100U /* slub_debug=F: full checks on free */
#define SLAB_RED_ZONE 0x00000400U	    /* slub_debug=Z: red zones around each object */
#define SLAB_POISON 0x00000800U		    /* slub_debug=P: poison free objects, check on alloc */
#define SLAB_HWCACHE_ALIGN 0x00002000U	    /* align objects to the 64-byte cache line */
#define SLAB_STORE_USER 0x00010000U	    /* slub_debug=U: remember the last alloc/free caller */
#define SLAB_PANIC 0x00040000U		    /* panic if kmem_cache_create() fails */
#define SLAB_DEBUG_FLAGS (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

/* Linux's poison bytes (linux/poison.h), so hexdumps read as in the book. */
#define POISON_INUSE 0x5a      /* unused tail of a slab (debug caches) */
#define POISON_FREE 0x6b       /* every byte of a free object but the last */
#define POISON_END 0xa5	       /* the last byte of a free object */
#define SLUB_RED_INACTIVE 0xbb /* red zone of a free object */
#define SLUB_RED_ACTIVE 0xcc   /* red zone of an allocated object */

#define KMEM_CACHE_NAME_LEN 32

/*
 * One object cache. Layout of one object slot of `size` bytes (offsets from
 * the slot start; the pointer handed out is slot + red_left_pad):
 *
 *   [left red zone][object: object_size][right red zone][free ptr][track][padding]
 *
 * Only debug caches have red zones, a track and a padding word (with red
 * zones; alignment may add more padding); the free pointer lies
 * inside the object (at `offset`) unless a constructor or poisoning needs
 * the free object's bytes, then it lies after the object.
 */
struct kmem_cache {
	char name[KMEM_CACHE_NAME_LEN]; /* for slabinfo and reports */
	unsigned int object_size;	/* bytes the user asked for */
	unsigned int size;		/* bytes per slot, a multiple of align */
	unsigned int align;		/* object alignment, a power of two >= 8 */
	unsigned int offset;		/* free pointer: object + offset */
	unsigned int red_left_pad; /* bytes before the object in its slot (0 without red zone) */
	unsigned int inuse;	   /* end of object, right red zone and free pointer in the slot */
	unsigned int order;	   /* a slab is 2^order pages */
	unsigned int objects;	   /* objects per slab */
	slab_flags_t flags;	   /* SLAB_* given, plus slub_debug= flags */
	void (*ctor)(void *);	   /* run once per object when its slab is made, or NULL */
	u64 random;		   /* freelist encoding key, from RDRAND/TSC at creation */
	/*
	 * Guards the three lists, every slab's freelist and inuse, and the
	 * counters below (Linux's kmem_cache_node.list_lock; strata has one
	 * node). Taken with interrupts off; one lock class for every cache.
	 */
	spinlock_t list_lock;
	u32 partial;		/* pfn of the first slab with free and used objects, or PFN_NONE */
	u32 full;		/* pfn of the first slab with no free object */
	u32 empty;		/* pfn of the first slab with no used object (the reserve) */
	unsigned int nr_empty;	/* slabs on the empty list, at most SLAB_EMPTY_RESERVE */
	unsigned long nr_slabs; /* slabs on all three lists */
	unsigned long active_objs; /* objects allocated by callers */
	u64 reports;		   /* misuse and corruption reports about this cache */
	struct kmem_cache *next;   /* the list of all caches (slab_caches, slab_caches_lock) */
};

/*
 * Create a cache of objects of `size` bytes aligned to `align` (0: 8;
 * SLAB_HWCACHE_ALIGN: at least 64 if the object is larger than half a line).
 * ctor, if given, runs on each object once, when its slab is created.
 * The name is copied. Returns the cache, or NULL (panic if SLAB_PANIC).
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *));
/*
 * Destroy an empty cache. If objects are still allocated, report each one's
 * address, keep the cache, and return -EBUSY; else free its slabs, return 0.
 */
int kmem_cache_destroy(struct kmem_cache *s);
/* Allocate one object (NULL if the buddy allocator has no pages). */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp);
/* The same, zero-filled. */
void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp);
/*
 * Free an object of s. A pointer that is not an object start, an object of
 * another cache, or a double free is reported and refused.
 */
void kmem_cache_free(struct kmem_cache *s, void *obj);
/* Give every empty slab of s back to the buddy allocator; returns the pages freed. */
unsigned long kmem_cache_shrink(struct kmem_cache *s);
/* The size of s's objects as created (Linux's: object_size, not the slot). */
static inline unsigned int kmem_cache_size(const struct kmem_cache *s)
{
	return s->object_size;
}
/* Shrink every cache; returns the pages freed. */
unsigned long kmem_cache_shrink_all(void);
/*
 * Check every slab of s: list membership, counts, the freelist, and for
 * debug caches poison and red zones of every object. Each problem is
 * reported (and repaired where possible); returns the number found.
 */
unsigned long kmem_cache_validate(struct kmem_cache *s);

/* Boot: the cache of caches and the kmalloc caches. After mem_map_init(). */
void kmem_cache_init(void);

/*
 * kmalloc (mm/kmalloc.c): sizes above KMALLOC_MAX_CACHE_SIZE come from the
 * buddy. KMALLOC_MAX_SIZE is 4 MiB, one block of the largest order
 * (MAX_ORDER 10 here, inclusive; Linux 6.1 gets the same 4 MiB from
 * 1 << KMALLOC_SHIFT_MAX = 1 << (MAX_ORDER + PAGE_SHIFT - 1) with its
 * exclusive MAX_ORDER 11).
 */
#define KMALLOC_MIN_SIZE 8
#define KMALLOC_MAX_CACHE_SIZE 8192
#define KMALLOC_MAX_SIZE (PAGE_SIZE << MAX_ORDER)
#define NR_KMALLOC_CACHES 13

/*
 * What kmalloc(0) returns, as in Linux (linux/slab.h): not NULL, so the
 * caller does not take it for a failure, but an address in the unmapped
 * first page, so any access through it faults. kfree() and ksize() accept
 * it like NULL; ZERO_OR_NULL_PTR(p) tests for either.
 */
#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(p) ((unsigned long)(p) <= (unsigned long)ZERO_SIZE_PTR)

/*
 * Allocate size bytes, aligned to the size class up to PAGE_SIZE. size 0
 * gives ZERO_SIZE_PTR; above KMALLOC_MAX_SIZE, NULL and (once per boot,
 * unless __GFP_NOWARN) a WARNING with a backtrace, as Linux 6.1 does.
 */
void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
/* n * size bytes; NULL if the product overflows. kcalloc zeroes. */
void *kmalloc_array(size_t n, size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);
/*
 * Resize p to new_size, keeping min(old, new) bytes. krealloc(NULL, n) is
 * kmalloc(n); new_size 0 frees p and returns ZERO_SIZE_PTR (as Linux 6.1).
 * On failure p is untouched and NULL returned.
 */
void *krealloc(const void *p, size_t new_size, gfp_t gfp);
/* Free what kmalloc returned; NULL and ZERO_SIZE_PTR are no-ops; anything else is reported. */
void kfree(const void *p);
/* Bytes usable at p: its size class, or the pages of a large kmalloc; 0 for NULL, ZERO_SIZE_PTR. */
size_t ksize(const void *p);
/* A kmalloc'ed copy of s, or NULL. */
char *kstrdup(const char *s, gfp_t gfp);
/* The cache serving a kmalloc of size bytes (1..8192), or NULL. */
struct kmem_cache *kmalloc_slab(size_t size);

/* Introspection (mm/slabinfo.c). */
/* Print every cache in the shape of /proc/slabinfo, plus waste per slab. */
void slabinfo_print(void);
/* Print bytes requested vs handed out per kmalloc size class. */
void kmalloc_waste_print(void);
/*
 * Print one cache's layout and slabs (for tests on failure and GDB), under
 * its list_lock: not with it held.
 */
void slab_dump(struct kmem_cache *s);

/* The cache named name, or NULL. */
struct kmem_cache *kmem_cache_find(const char *name);
/* Walk every cache: the first if s is NULL, else the one after s; NULL at the end. */
struct kmem_cache *kmem_cache_next(const struct kmem_cache *s);
/* How many caches exist. */
unsigned int kmem_cache_count(void);

/* Objects allocated in all caches (the mm_stats counter). */
extern unsigned long slab_objects;
/* Pages in empty slabs kept in reserve: free memory that kmem_cache_shrink() returns. */
unsigned long slab_reserve_pages(void);
/* Pages in all slabs of all caches, empty or not (the mm_stats free-page counter adds them). */
unsigned long slab_pages(void);

#endif /* STRATA_SLAB_H */
