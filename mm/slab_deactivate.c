// SPDX-License-Identifier: MIT
/*
 * A CPU slab going back to the lists: deactivation (Linux 6.1's
 * deactivate_slab()), the abandoning of a slab whose CPU freelist is
 * corrupt, and slab_flush_all() (Linux's flush_all()), which deactivates
 * every CPU's slab of a cache by IPI before shrink, destroy and validate.
 * The per-CPU fast paths are mm/slab_cpu.c; the lists, mm/slab.c.
 *
 * Invariant kept: when s->list_lock is released, every slab is either
 * frozen (some CPU's slab, on no list) or on the list its counts call for.
 *
 * Locking: the *_locked functions expect s->list_lock held with interrupts
 * off; each takes the slab's bit lock inside it.
 * Lock order: s->list_lock -> slab lock -> zone->lock (a slab going back
 * to the buddy is freed after its slab lock is released).
 */
#include "mm/slab_internal.h"
#include "kernel/smp.h"

/* Put head, just unfrozen or changed under list_lock, on the list its counts call for. */
void slab_place_locked(struct kmem_cache *s, struct page *head, unsigned int inuse, bool full)
{
	if (!inuse)
		slab_became_empty(s, head);
	else if (full)
		pfn_list_add(&s->full, head);
	else
		slab_partial_push(s, head);
}

/*
 * This CPU's freelist of c->slab is corrupt: give up its free objects and
 * those other CPUs freed to it, mark the slab broken and put it on the full
 * list; it goes back to the buddy when its allocated objects are freed.
 */
void slab_cpu_abandon_locked(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct page *head = c->slab;
	unsigned int inuse;

	slab_lock(head);
	head->inuse = (u16)(head->inuse - c->nr_free);
	head->freelist = NULL;
	head->flags = (head->flags & ~PG_slab_frozen) | PG_slab_broken;
	inuse = head->inuse;
	slab_unlock(head);
	c->slab = NULL;
	c->freelist = NULL;
	c->nr_free = 0;
	if (inuse)
		pfn_list_add(&s->full, head);
	else
		slab_discard(s, head);
}

/*
 * Give this CPU's slab back to the lists (Linux's deactivate_slab()):
 *   tail = last object of c->freelist (each link checked on the way)
 *   under the slab lock: tail.next = slab.freelist; slab.freelist =
 *     c->freelist; inuse -= c->nr_free; unfreeze; note inuse and fullness
 *   put the slab on the list those call for (the decision is taken under
 *   the slab lock: a free that would change it needs list_lock, held here)
 */
void slab_deactivate_locked(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct page *head = c->slab;
	void *tail = NULL, *p = c->freelist;
	unsigned int inuse;
	bool full;

	for (unsigned long n = 0; n < c->nr_free; n++) {
		if (!p || !slab_object_valid(s, head, p)) {
			slab_report(
				s, tail, 0,
				"freelist corruption: CPU freelist entry %lu of %lu is %p, not an "
				"object of this slab; the slab's free objects are abandoned",
				n, c->nr_free, p);
			slab_cpu_abandon_locked(s, c);
			return;
		}
		tail = p;
		p = freeptr_get(s, p);
	}
	slab_lock(head);
	if (tail) {
		freeptr_set(s, tail, head->freelist);
		head->freelist = c->freelist;
	}
	head->inuse = (u16)(head->inuse - c->nr_free);
	head->flags &= ~PG_slab_frozen;
	inuse = head->inuse;
	full = !head->freelist;
	slab_unlock(head);
	c->slab = NULL;
	c->freelist = NULL;
	c->nr_free = 0;
	slab_place_locked(s, head, inuse, full);
}

/* IPI handler of slab_flush_all(): give this CPU's slab of info back (flush_cpu_slab()). */
static void slab_flush_cpu(void *info)
{
	struct kmem_cache *s = info;
	struct kmem_cache_cpu *c = this_cpu_ptr(s->cpu_slab);

	if (!c->slab)
		return;
	spin_lock(&s->list_lock);
	slab_deactivate_locked(s, c);
	spin_unlock(&s->list_lock);
}

/*
 * Linux 6.1's flush_all() queues a work item on each CPU that has a CPU
 * slab and waits for them; strata sends the function-call IPI to every
 * online CPU and waits (the handler runs with interrupts off, as the work
 * item runs with its CPU's slab locked).
 */
void slab_flush_all(struct kmem_cache *s)
{
	on_each_cpu(slab_flush_cpu, s, 1);
}
