// SPDX-License-Identifier: MIT
/*
 * Slabs and the cache lists: making a slab, giving it back, moving it
 * between the lists, and the list-locked allocation and free that debug
 * caches use. A cache hands out objects of one size from slabs, runs of
 * 2^order pages taken from the buddy allocator (mm/page_alloc.c). The
 * per-CPU fast paths every cache goes through first are mm/slab_cpu.c;
 * kmalloc (mm/kmalloc.c) sits on top; the caches themselves (layout,
 * create, shrink, destroy) are mm/slab_cache.c.
 *
 * Invariants, while s->list_lock is free (the slab head page fields are
 * described in slab_internal.h):
 *  - every slab of a cache is either some CPU's slab (frozen, on no list)
 *    or on exactly one of its lists: full (freelist NULL, or broken),
 *    partial (0 < inuse < objects) or empty (inuse == 0, at most
 *    SLAB_EMPTY_RESERVE of them; more go back to the buddy);
 *  - one exception, for debug caches only (they have no CPU slabs): the
 *    head of the partial list, the slab they allocate from, stays there
 *    when its last object is freed, so alternating alloc/free moves no
 *    slab between lists; it moves to the empty list when another slab
 *    takes its place at the head;
 *  - a slab's freelist chains exactly its objects - inuse free objects
 *    through encoded free pointers (freeptr_set), ending in NULL.
 * Debugging (poison, red zones, tracking) lives in mm/slab_debug.c and
 * costs nothing for a cache without SLAB_DEBUG_FLAGS: such caches never
 * reach the functions here on their fast path.
 *
 * Locking: the *_locked functions expect s->list_lock held with interrupts
 * off. A new slab's pages come from the buddy with no lock held, so a
 * constructor runs unlocked and may allocate from other caches.
 * Lock order: s->list_lock -> zone->lock (mm/page_alloc.c).
 */
#include "mm/slab_internal.h"
#include "mm/mmzone.h"
#include "mm/kasan.h"
#include "kernel/printk.h"
#include "lib/compiler.h"
#include "lib/string.h"

/*
 * A new slab: 2^order pages, each marked PG_slab and pointing at s; then
 * the debug fill, each object's constructor, and the freelist in address
 * order (so a fresh slab hands out objects from its start).
 */
/*
 * A slab's pages, under list_lock with interrupts off, where nothing may
 * block (Linux's SLUB drops the lock instead): never __GFP_DIRECT_RECLAIM,
 * so might_alloc() stays quiet, and for a caller that may block what the
 * page allocator does with interrupts off: this CPU's per-CPU pages
 * drained, then one more try.
 */
static struct page *slab_new_pages(struct kmem_cache *s, gfp_t gfp)
{
	gfp_t flags = gfp & ~(__GFP_ZERO | __GFP_DIRECT_RECLAIM);
	struct page *page;

	if (!gfpflags_allow_blocking(gfp))
		return alloc_pages(flags, s->order);
	page = alloc_pages(flags | __GFP_NOWARN, s->order);
	if (page)
		return page;
	drain_local_pages(NULL);
	return alloc_pages(flags, s->order);
}

struct page *slab_new(struct kmem_cache *s, gfp_t gfp)
{
	struct page *head = slab_new_pages(s, gfp);
	u8 *first;
	void *next = NULL;

	if (!head)
		return NULL;
	for (unsigned long i = 0; i < (1UL << s->order); i++) {
		head[i].flags = PG_slab;
		head[i].slab_cache = s;
	}
	head->inuse = 0;
	head->objects = (u16)s->objects;
	if (s->flags & SLAB_DEBUG_FLAGS)
		slab_debug_init_slab(s, head);
	first = slab_first_object(s, head);
	for (unsigned int i = s->objects; i-- > 0;) {
		void *obj = first + (size_t)i * s->size;

		if (s->ctor)
			s->ctor(obj);
		freeptr_set(s, obj, next);
		next = obj;
	}
	head->freelist = next;
	/* KASAN: nothing in a new slab is accessible until it is allocated. */
	kasan_poison(page_address(head), PAGE_SIZE << s->order, KASAN_SLAB_REDZONE);
	return head;
}

/* Give a slab (on no list) back to the buddy allocator. */
void slab_discard(struct kmem_cache *s, struct page *head)
{
	if (s->flags & SLAB_DEBUG_FLAGS)
		slab_debug_free_slab(s, head);
	for (unsigned long i = 1; i < (1UL << s->order); i++)
		head[i].flags = 0;
	head->flags = PG_head;
	head->order = s->order;
	s->nr_slabs--;
	__free_pages(head, s->order);
}

void slab_became_empty(struct kmem_cache *s, struct page *head)
{
	if (s->nr_empty < SLAB_EMPTY_RESERVE && !(head->flags & PG_slab_broken)) {
		pfn_list_add(&s->empty, head);
		s->nr_empty++;
	} else {
		slab_discard(s, head);
	}
}

/*
 * Make head the first partial slab. An empty slab kept at the head (see
 * the invariants) moves to the empty list first, so at most one empty slab
 * is ever on the partial list.
 */
void slab_partial_push(struct kmem_cache *s, struct page *head)
{
	if (s->partial != PFN_NONE && !pfn_to_page(s->partial)->inuse) {
		struct page *old = pfn_to_page(s->partial);

		pfn_list_del(&s->partial, old);
		slab_became_empty(s, old);
	}
	pfn_list_add(&s->partial, head);
}

/* A partial slab to allocate from: an empty one from the reserve, or NULL. */
static struct page *slab_refill(struct kmem_cache *s)
{
	struct page *head;

	if (s->empty == PFN_NONE)
		return NULL;
	head = pfn_to_page(s->empty);
	pfn_list_del(&s->empty, head);
	s->nr_empty--;
	pfn_list_add(&s->partial, head);
	return head;
}

/*
 * The decoded free pointer after obj is not an object of this slab (or the
 * freelist ends too early): report it and stop using this slab's freelist.
 * The slab is marked broken and moved to the full list; it goes back to the
 * buddy once its allocated objects are freed (its free ones are lost with
 * the freelist, which is the point: a corrupted pointer is never followed).
 */
static void slab_freelist_broken(struct kmem_cache *s, struct page *head, void *obj, void *next)
{
	slab_report(s, obj, 0,
		    "freelist corruption: free pointer after %p decodes to %p, not an object of "
		    "this slab (%u of %u objects in use); the slab's freelist is abandoned",
		    obj, next, head->inuse, head->objects);
	head->flags |= PG_slab_broken;
	head->freelist = NULL;
	pfn_list_del(&s->partial, head);
	pfn_list_add(&s->full, head);
}

/*
 * Allocation from the lists (debug caches, one object at a time, as Linux
 * 6.1's alloc_single_from_partial()):
 *   slab = first partial slab (refill from the reserve; NULL if none: the
 *          caller adds a new slab and calls again)
 *   obj = slab.freelist; next = decode(free pointer in obj); inuse++
 *   next must be an object of slab, or NULL exactly when the slab is now full
 *   slab.freelist = next; a slab that became full moves to the full list
 */
void *slab_alloc_locked(struct kmem_cache *s, gfp_t gfp, u64 caller)
{
	struct page *head;
	void *obj, *next;

	(void)gfp;
	if (unlikely(s->partial == PFN_NONE) && !slab_refill(s))
		return NULL;
	head = pfn_to_page(s->partial);
	obj = head->freelist;
	if (unlikely(s->flags & SLAB_DEBUG_FLAGS))
		slab_debug_alloc(s, head, obj, caller);
	next = freeptr_get(s, obj);
	head->inuse++;
	if (unlikely(next ? !slab_object_valid(s, head, next) : head->inuse != head->objects)) {
		slab_freelist_broken(s, head, obj, next);
	} else {
		head->freelist = next;
		if (!next) {
			pfn_list_del(&s->partial, head);
			pfn_list_add(&s->full, head);
		}
	}
	return obj;
}

/*
 * Free to the lists (debug caches; obj is an object start, checked by
 * slab_free()):
 *   refuse obj unless it is not the freelist head and the slab has objects
 *   in use (debug caches check more: slab_debug_free)
 *   push obj on the freelist; inuse--
 *   full -> partial, or -> empty (kept in reserve or given back) at inuse 0
 */
bool slab_free_locked(struct kmem_cache *s, struct page *head, void *obj, u64 caller)
{
	bool was_full;

	/*
	 * Linux 6.1 with CONFIG_SLAB_FREELIST_HARDENED catches this double free
	 * with BUG_ON(object == fp) in set_freepointer(): an oops. strata
	 * reports and refuses, and the kernel goes on.
	 */
	if (unlikely(obj == head->freelist || !head->inuse)) {
		slab_report(s, obj, caller, "double free of %p (already free)", obj);
		return false;
	}
	if (unlikely(s->flags & SLAB_DEBUG_FLAGS) && !slab_debug_free(s, head, obj, caller))
		return false;
	was_full = head->freelist == NULL;
	head->inuse--;
	if (unlikely(head->flags & PG_slab_broken)) {
		if (!head->inuse) {
			pfn_list_del(&s->full, head);
			slab_discard(s, head);
		}
		return true;
	}
	kasan_poison(obj, s->object_size, KASAN_SLAB_FREE);
	freeptr_set(s, obj, head->freelist);
	head->freelist = obj;
	if (was_full) {
		pfn_list_del(&s->full, head);
		if (head->inuse)
			slab_partial_push(s, head);
		else
			slab_became_empty(s, head);
	} else if (!head->inuse && s->partial != (u32)page_to_pfn(head)) {
		pfn_list_del(&s->partial, head);
		slab_became_empty(s, head);
	}
	return true;
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return slab_alloc(s, gfp, (u64)__builtin_return_address(0));
}

void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp)
{
	return slab_alloc(s, gfp | __GFP_ZERO, (u64)__builtin_return_address(0));
}

void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	u64 caller = (u64)__builtin_return_address(0);
	struct page *head;

	if (!obj)
		return;
	head = slab_of(obj);
	if (unlikely(!head || head->slab_cache != s)) {
		if (head)
			slab_report(s, obj, caller,
				    "free to the wrong cache: %p belongs to cache %s", obj,
				    head->slab_cache->name);
		else
			slab_report(s, obj, caller, "free of %p, which is not a slab object", obj);
		return;
	}
	slab_free(s, head, obj, caller);
}
