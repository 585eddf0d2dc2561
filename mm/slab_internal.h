/* SPDX-License-Identifier: MIT */
/*
 * What the files of the slab allocator share: the slab lists, the encoded
 * free pointers, object geometry, and the debug hooks. Not for other
 * layers: they use mm/slab.h.
 *
 * A slab is 2^order pages starting at a pfn aligned to 2^order. Every page
 * has PG_slab and slab_cache; the first (head) page also holds:
 *   freelist  the first free object (a plain pointer), or NULL;
 *   inuse     objects handed out; objects: objects in the slab;
 *   next/prev pfn links of the cache list the slab is on (full, partial,
 *             empty), chosen by inuse: == objects, in between, == 0.
 * A broken slab (its freelist was found corrupted) has PG_slab_broken on
 * its head and stays on the full list, never allocated from again.
 */
#ifndef STRATA_SLAB_INTERNAL_H
#define STRATA_SLAB_INTERNAL_H

#include "mm/slab.h"
#include "mm/pfn_list.h"

/* Empty slabs each cache keeps before giving them back to the buddy. */
#define SLAB_EMPTY_RESERVE 2
/* Head page flag: the freelist was corrupt; the slab is no longer used. */
#define PG_slab_broken (1U << 7)

/* The list of every cache, newest first. */
extern struct kmem_cache *slab_caches;
/* Guards slab_caches (mm/slab_cache.c); the report walks (slabinfo.c, slab_leaks.c) hold it too. */
extern spinlock_t slab_caches_lock;
/* slub_debug= flags applied to every cache created (mm/slab_debug.c). */
extern slab_flags_t slub_debug_flags;

/* The head page of the slab holding page. */
static inline struct page *slab_head(const struct kmem_cache *s, struct page *page)
{
	return page - (page_to_pfn(page) & ((1UL << s->order) - 1));
}

/* The first object of the slab whose head page is head. */
static inline u8 *slab_first_object(const struct kmem_cache *s, const struct page *head)
{
	return (u8 *)page_address(head) + s->red_left_pad;
}

/* The address where the free pointer of object obj is stored. */
static inline void **freeptr_addr(const struct kmem_cache *s, void *obj)
{
	return (void **)((u8 *)obj + s->offset);
}

/*
 * The hardened free pointer, as Linux 6.1 stores it with
 * CONFIG_SLAB_FREELIST_HARDENED (freelist_ptr() in mm/slub.c):
 *   stored = next ^ s->random ^ swab(address it is stored at)
 * swab() reverses the address's bytes, so its varying low bits land on the
 * high bits a kernel pointer shares with every other one: a stray write
 * of a plausible pointer decodes to garbage, and the same next pointer is
 * stored differently in every object and every cache.
 */
static inline void *freeptr_encode(const struct kmem_cache *s, void *ptr, void **at)
{
	return (void *)((u64)ptr ^ s->random ^ __builtin_bswap64((u64)at));
}

static inline void freeptr_set(const struct kmem_cache *s, void *obj, void *next)
{
	void **at = freeptr_addr(s, obj);

	*at = freeptr_encode(s, next, at);
}

static inline void *freeptr_get(const struct kmem_cache *s, void *obj)
{
	void **at = freeptr_addr(s, obj);

	return freeptr_encode(s, *at, at);
}

/* Is obj an object start inside the slab with head page head? */
static inline bool slab_object_valid(const struct kmem_cache *s, const struct page *head,
				     const void *obj)
{
	u64 off = (u64)obj - (u64)slab_first_object(s, head);

	return off < (u64)s->objects * s->size && off % s->size == 0;
}

/* The fast paths (mm/slab.c), shared with kmalloc, which records its own caller. */
void *slab_alloc(struct kmem_cache *s, gfp_t gfp, u64 caller);
/* Free obj of the slab with head page head: checked, then pushed on its freelist. */
void slab_free(struct kmem_cache *s, struct page *head, void *obj, u64 caller);
/* The head page of the slab holding obj, or NULL if obj is not in a slab page. */
struct page *slab_of(const void *obj);

/* Give a slab that is on no list back to the buddy allocator. */
void slab_discard(struct kmem_cache *s, struct page *head);

/* Debug hooks (mm/slab_debug.c), called only for caches with SLAB_DEBUG_FLAGS. */
/* Prepare a new slab: poison its objects and tail, set inactive red zones. */
void slab_debug_init_slab(struct kmem_cache *s, struct page *head);
/* Check a free object about to be handed out; repair and report what is wrong. */
void slab_debug_alloc(struct kmem_cache *s, struct page *head, void *obj, u64 caller);
/* Check an object being freed; false (after a report) if the free must be refused. */
bool slab_debug_free(struct kmem_cache *s, struct page *head, void *obj, u64 caller);
/* Check a debug slab about to go back to the buddy (its padding). */
void slab_debug_free_slab(struct kmem_cache *s, struct page *head);
/* Check one slab for kmem_cache_validate(); returns problems found. */
unsigned long slab_debug_validate_slab(struct kmem_cache *s, struct page *head);
/* slub_debug= (mm/slab_cmdline.c). */
/* flags plus what slub_debug= gives the cache called name (at its creation). */
slab_flags_t slub_debug_flags_for(const char *name, slab_flags_t flags);
/* Read slub_debug= from the command line and configure with it (boot). */
void slub_debug_setup(void);
/*
 * Use opt, a slub_debug= value ("" for the bare option, NULL for none), for
 * the caches created from now on; warn once about letters it skips and
 * print "slub_debug: flags ..." saying what it means.
 */
void slub_debug_configure(const char *opt);
/*
 * The flags opt gives caches no list of it names; *lists says whether a
 * block lists caches; letters skipped are copied to skipped (len bytes, NUL
 * terminated) unless it is NULL.
 */
slab_flags_t slub_debug_parse(const char *opt, bool *lists, char *skipped, size_t len);
/* The flags opt gives the cache called name, given global (slub_debug_parse()'s result). */
slab_flags_t slub_debug_cache_flags(const char *opt, slab_flags_t global, const char *name);

/* The caller record of a SLAB_STORE_USER object, at obj + s->inuse. */
struct slab_track {
	u64 alloc_caller; /* return address of the last allocation, 0 if never */
	u64 free_caller;  /* return address of the last free, 0 if never freed */
};

static inline struct slab_track *object_track(const struct kmem_cache *s, const void *obj)
{
	return (struct slab_track *)((u8 *)obj + s->inuse);
}

/*
 * Reports (mm/slab_report.c), in Linux 6.1's shape: "BUG <cache>: <what>",
 * the object (if obj is one of s), the caller (if not 0), a backtrace.
 */
void slab_report(struct kmem_cache *s, const void *obj, u64 caller, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* "FIX <cache>: <what was done>". */
void slab_fix(struct kmem_cache *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Check that the len bytes at start (of object obj, or NULL for a slab's
 * padding) all hold value; if not, report "<what> overwritten" with the
 * first wrong byte, restore them, and return false.
 */
bool slab_check_bytes(struct kmem_cache *s, u8 *obj, const char *what, u8 *start, size_t len,
		      u8 value);
/*
 * Describe the slab object nearest addr, for KASAN reports: where addr is
 * relative to it, its cache, and its last alloc/free callers when tracked;
 * *object is set to its start. Returns false if addr is not in a slab page.
 */
bool slab_describe_object(u64 addr, u64 *object, char *buf, size_t size);
/* Is obj on the freelist of the slab with head page head (bounded walk)? */
bool slab_on_freelist(struct kmem_cache *s, struct page *head, const void *obj);
/*
 * Where the last allocation's caller of obj is recorded (slub_debug=U,
 * SLAB_STORE_USER), or NULL if s does not record it. For the leak report
 * of a module (mm/module_alloc.c).
 */
u64 *slab_alloc_caller_slot(const struct kmem_cache *s, void *obj);
/*
 * Report each allocated object whose recorded caller lies in [start, end)
 * (caches with SLAB_STORE_USER only), one line each naming owner, and clear
 * that caller. Returns the number reported (mm/slab_leaks.c).
 */
unsigned long slab_report_objects_from(u64 start, u64 end, const char *owner);

/* kmalloc statistics for the waste report (mm/kmalloc.c). */
extern struct kmem_cache *kmalloc_caches[NR_KMALLOC_CACHES];
extern const unsigned int kmalloc_sizes[NR_KMALLOC_CACHES];
extern u64 kmalloc_requests[NR_KMALLOC_CACHES];	       /* kmalloc calls served by each class */
extern u64 kmalloc_requested_bytes[NR_KMALLOC_CACHES]; /* bytes those calls asked for */
void kmalloc_init(void);
/* Let the next over-limit kmalloc warn again, as Linux's debugfs clear_warn_once does (tests). */
void kmalloc_clear_warn_once(void);

#endif /* STRATA_SLAB_INTERNAL_H */
