// SPDX-License-Identifier: MIT
/*
 * Per-CPU slabs: the allocation and free paths of every cache, SLUB's
 * design (Linux 6.1 mm/slub.c: slab_alloc_node(), ___slab_alloc(),
 * do_slab_free(), __slab_free()). The slabs and lists they fall back on
 * are mm/slab.c, a CPU slab's way back to the lists (deactivate_slab(),
 * flush_all()) mm/slab_deactivate.c, the per-CPU slots and counts
 * mm/slab_cpu_slots.c; kmalloc (mm/kmalloc.c) calls slab_alloc() and
 * slab_free() here.
 *
 * Each CPU has, per cache, a struct kmem_cache_cpu (mm/slab.h) in its
 * per-CPU area: the slab it allocates from (frozen: on no list) and that
 * slab's free objects, taken whole from the slab's own freelist. Only that
 * CPU touches them, with interrupts off, so the fast paths take no lock:
 *   alloc: obj = c->freelist, c->freelist = next free pointer in obj
 *   free of an object of c->slab: push it on c->freelist
 * Linux 6.1 makes the same step with this_cpu_cmpxchg_double() on
 * (freelist, tid) and interrupts on; strata turns interrupts off instead
 * (a few instructions, no shared cache line) and never uses cmpxchg16b,
 * whose flags the QEMU 7.2 the tests run on computes wrongly.
 *
 * Frees from another CPU, or to a slab that is no CPU's, go to the slab's
 * own freelist under its bit lock (Linux's fallback for cmpxchg_double_slab);
 * the list_lock is taken only when the slab changes lists (full -> partial,
 * -> empty), as __slab_free() does. A frozen slab never changes lists on a
 * free: its CPU finds the objects freed to it when its own freelist runs out.
 *
 * Debug caches (SLAB_DEBUG_FLAGS) never get a CPU slab: c->freelist and
 * c->slab stay NULL, so both fast paths fall to the list-locked paths of
 * mm/slab.c, as Linux 6.1 sends kmem_cache_debug() caches one object at a
 * time through the node's partial list.
 *
 * Counting: c->allocated counts, per CPU, allocations minus frees (either
 * may be on another CPU, so one CPU's count may be negative); their sum is
 * the cache's objects in use. c->nr_free counts c->freelist.
 *
 * Lock order: s->list_lock -> slab lock (PG_slab_locked) -> zone->lock;
 * a slab lock is never held across a list_lock acquire or a buddy call.
 */
#include "mm/slab_internal.h"
#include "mm/kasan.h"
#include "arch/x86_64/irqflags.h"
#include "kernel/smp.h"
#include "lib/compiler.h"
#include "lib/string.h"

/*
 * Make head (on no list now) this CPU's slab: take its whole freelist.
 * Afterwards head->inuse == objects and head->freelist == NULL until
 * another CPU frees to it.
 */
static void slab_freeze(const struct kmem_cache *s, struct kmem_cache_cpu *c, struct page *head)
{
	slab_lock(head);
	c->freelist = head->freelist;
	c->nr_free = s->objects - head->inuse;
	head->freelist = NULL;
	head->inuse = (u16)s->objects;
	head->flags |= PG_slab_frozen;
	slab_unlock(head);
	c->slab = head;
}

/*
 * Refill c->freelist (Linux's ___slab_alloc() without the allocation):
 *   objects other CPUs freed to c->slab, taken whole (get_freelist());
 *   else c->slab (full) is deactivated, and the first partial slab, or an
 *   empty one from the reserve, is frozen as this CPU's slab.
 * Returns false if no slab has a free object: the caller adds a new one.
 */
static bool slab_cpu_refill_locked(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct page *head = c->slab;

	if (c->freelist) /* an interrupt refilled it while the lock was dropped */
		return true;
	if (head) {
		slab_lock(head);
		c->freelist = head->freelist;
		c->nr_free = s->objects - head->inuse;
		head->freelist = NULL;
		head->inuse = (u16)s->objects;
		slab_unlock(head);
		if (c->freelist)
			return true;
		slab_deactivate_locked(s, c);
	}
	if (s->partial == PFN_NONE && s->empty == PFN_NONE)
		return false;
	if (s->partial != PFN_NONE) {
		head = pfn_to_page(s->partial);
		pfn_list_del(&s->partial, head);
	} else {
		head = pfn_to_page(s->empty);
		pfn_list_del(&s->empty, head);
		s->nr_empty--;
	}
	slab_freeze(s, c, head);
	return true;
}

/* What every allocation ends with, interrupts back as flags had them: KASAN, __GFP_ZERO. */
static __attribute__((always_inline)) inline void *slab_alloc_done(struct kmem_cache *s, void *obj,
								   gfp_t gfp, unsigned long flags)
{
	local_irq_restore(flags);
	if (unlikely(!obj))
		return NULL;
	kasan_unpoison(obj, s->object_size);
	if (unlikely(gfp & __GFP_ZERO))
		return memset(obj, 0, s->object_size);
	return obj;
}

/*
 * The free pointer after obj, the object just taken, decoded to next: not
 * an object of the same slab, or NULL while c->nr_free says more are
 * free. Report it and abandon the slab's free objects; obj is good.
 */
static __attribute__((noinline, cold)) void *slab_cpu_broken(struct kmem_cache *s,
							     struct kmem_cache_cpu *c, void *obj,
							     void *next, gfp_t gfp,
							     unsigned long flags)
{
	c->nr_free--;
	c->allocated++;
	slab_report(s, obj, 0,
		    "freelist corruption: free pointer after %p decodes to %p, not an object of "
		    "this slab (%lu free on this CPU's freelist); the slab's free objects are "
		    "abandoned",
		    obj, next, c->nr_free);
	spin_lock(&s->list_lock);
	slab_cpu_abandon_locked(s, c);
	spin_unlock(&s->list_lock);
	return slab_alloc_done(s, obj, gfp, flags);
}

/*
 * Is next an object of the slab holding obj, itself an object? A CPU slab
 * belongs to a cache without debug flags, so without a left red zone:
 * objects start at multiples of size from the slab's start, which is
 * aligned to the slab's size. Two tests: same slab, offset a multiple.
 */
static __attribute__((always_inline)) inline bool
slab_cpu_next_valid(const struct kmem_cache *s, const void *obj, const void *next)
{
	return ((u64)next ^ (u64)obj) <= s->slab_mask && ((u64)next & s->slab_mask) % s->size == 0;
}

/*
 * Take the first object of c->freelist (not empty). Its free pointer must
 * decode to an object of the same slab, or to NULL exactly when it is the
 * last: else slab_cpu_broken().
 */
static __attribute__((always_inline)) inline void *
slab_cpu_pop(struct kmem_cache *s, struct kmem_cache_cpu *c, gfp_t gfp, unsigned long flags)
{
	void *obj = c->freelist, *next = freeptr_get(s, obj);

	if (unlikely(next ? !slab_cpu_next_valid(s, obj, next) : c->nr_free != 1))
		return slab_cpu_broken(s, c, obj, next, gfp, flags);
	c->freelist = next;
	c->nr_free--;
	c->allocated++;
	return slab_alloc_done(s, obj, gfp, flags);
}

/*
 * The slow path, interrupts off as saved in flags: refill this CPU's
 * freelist from the lists (or, for a debug cache, take one object there);
 * failing that, drop the lock, put interrupts back as the caller had them
 * while the buddy gives a new slab, and try again with it at the head of
 * the partial list. If an interrupt refilled this CPU meanwhile, the new
 * slab goes to the empty reserve instead. Returns an object, or NULL,
 * interrupts back as flags had them.
 */
static __attribute__((noinline)) void *slab_alloc_slow(struct kmem_cache *s, gfp_t gfp, u64 caller,
						       unsigned long flags)
{
	bool debug = s->flags & SLAB_DEBUG_FLAGS;
	struct kmem_cache_cpu *c = this_cpu_ptr(s->cpu_slab);
	struct page *head;
	void *obj = NULL;

	spin_lock(&s->list_lock);
	if (debug ? !(obj = slab_alloc_locked(s, gfp, caller)) : !slab_cpu_refill_locked(s, c)) {
		spin_unlock(&s->list_lock);
		local_irq_restore(flags);
		head = slab_new(s, gfp);
		local_irq_disable();
		if (!head)
			return slab_alloc_done(s, NULL, gfp, flags);
		c = this_cpu_ptr(s->cpu_slab);
		spin_lock(&s->list_lock);
		s->nr_slabs++;
		slab_partial_push(s, head);
		if (debug) {
			obj = slab_alloc_locked(s, gfp, caller);
		} else if (slab_cpu_refill_locked(s, c) && c->slab != head) {
			pfn_list_del(&s->partial, head);
			slab_became_empty(s, head);
		}
	}
	spin_unlock(&s->list_lock);
	if (!debug)
		return slab_cpu_pop(s, c, gfp, flags);
	c->allocated++;
	return slab_alloc_done(s, obj, gfp, flags);
}

/*
 * Allocation fast path, as Linux's slab_alloc_node(), with interrupts off
 * instead of a cmpxchg: pop this CPU's freelist; the slow path when empty.
 * Every other way out is a tail call, so the fast path saves no register.
 */
void *slab_alloc(struct kmem_cache *s, gfp_t gfp, u64 caller)
{
	struct kmem_cache_cpu *c;
	unsigned long flags;

	might_alloc(gfp);
	local_irq_save(flags);
	c = this_cpu_ptr(s->cpu_slab);
	if (unlikely(!c->freelist))
		return slab_alloc_slow(s, gfp, caller, flags);
	return slab_cpu_pop(s, c, gfp, flags);
}

/* Does a free of one object to head (slab lock held) move it between lists? */
static bool slab_free_moves(const struct page *head)
{
	return !(head->flags & PG_slab_frozen) && (!head->freelist || head->inuse == 1);
}

/*
 * Free to a slab that is not this CPU's (Linux's __slab_free()), interrupts
 * off:
 *   lock the slab (and first list_lock, if the free moves it between lists;
 *   found out under the slab lock, then taken in order and checked again)
 *   refuse obj if it is the slab's freelist head or nothing is in use
 *   push obj on the slab's freelist; inuse--
 *   frozen: done (its CPU takes the objects later); else full -> partial,
 *   partial -> empty (to the reserve or back to the buddy), under list_lock
 * Returns false if the free was refused (after a report).
 */
static bool slab_free_remote(struct kmem_cache *s, struct page *head, void *obj, u64 caller)
{
	bool locked = false, was_full;
	unsigned int inuse;

	if (unlikely(s->flags & SLAB_DEBUG_FLAGS)) {
		spin_lock(&s->list_lock);
		locked = slab_free_locked(s, head, obj, caller);
		spin_unlock(&s->list_lock);
		return locked;
	}
	for (;;) {
		slab_lock(head);
		if (locked || !slab_free_moves(head))
			break;
		slab_unlock(head);
		spin_lock(&s->list_lock);
		locked = true;
	}
	if (unlikely(obj == head->freelist || !head->inuse)) {
		slab_unlock(head);
		if (locked)
			spin_unlock(&s->list_lock);
		slab_report(s, obj, caller, "double free of %p (already free)", obj);
		return false;
	}
	was_full = !head->freelist;
	if (likely(!(head->flags & PG_slab_broken))) {
		kasan_poison(obj, s->object_size, KASAN_SLAB_FREE);
		freeptr_set(s, obj, head->freelist);
		head->freelist = obj;
	}
	inuse = --head->inuse;
	if (locked && (head->flags & PG_slab_frozen)) {
		/* It was frozen while we took list_lock: it stays on no list. */
		spin_unlock(&s->list_lock);
		locked = false;
	}
	slab_unlock(head);
	if (!locked)
		return true;
	if (head->flags & PG_slab_broken) {
		if (!inuse) {
			pfn_list_del(&s->full, head);
			slab_discard(s, head);
		}
	} else if (was_full) {
		pfn_list_del(&s->full, head);
		slab_place_locked(s, head, inuse, false);
	} else if (!inuse) {
		pfn_list_del(&s->partial, head);
		slab_became_empty(s, head);
	}
	spin_unlock(&s->list_lock);
	return true;
}

/* slab_free()'s way out for any slab but this CPU's: count, then interrupts back. */
static __attribute__((noinline)) void slab_free_slow(struct kmem_cache *s, struct page *head,
						     void *obj, u64 caller, unsigned long flags)
{
	if (slab_free_remote(s, head, obj, caller))
		this_cpu_ptr(s->cpu_slab)->allocated--;
	local_irq_restore(flags);
}

/* A double free caught on this CPU's freelist. */
static __attribute__((noinline, cold)) void slab_free_twice(struct kmem_cache *s, void *obj,
							    u64 caller, unsigned long flags)
{
	local_irq_restore(flags);
	slab_report(s, obj, caller, "double free of %p (already free)", obj);
}

/*
 * Free fast path, as Linux's do_slab_free(): an object of this CPU's slab
 * goes on this CPU's freelist, with no lock. As Linux 6.1 with
 * CONFIG_SLAB_FREELIST_HARDENED (set_freepointer()'s BUG_ON(object == fp)),
 * freeing the object at the head of that freelist is caught, here reported
 * and refused instead of an oops.
 */
void slab_free(struct kmem_cache *s, struct page *head, void *obj, u64 caller)
{
	struct kmem_cache_cpu *c;
	unsigned long flags;

	if (unlikely(!slab_object_near(s, obj, obj))) {
		slab_report(s, obj, caller, "free of %p, which is not the start of an object", obj);
		return;
	}
	local_irq_save(flags);
	c = this_cpu_ptr(s->cpu_slab);
	if (unlikely(head != c->slab)) {
		slab_free_slow(s, head, obj, caller, flags);
		return;
	}
	if (unlikely(obj == c->freelist)) {
		slab_free_twice(s, obj, caller, flags);
		return;
	}
	kasan_poison(obj, s->object_size, KASAN_SLAB_FREE);
	freeptr_set(s, obj, c->freelist);
	c->freelist = obj;
	c->nr_free++;
	c->allocated--;
	local_irq_restore(flags);
}
