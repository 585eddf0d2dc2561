// SPDX-License-Identifier: MIT
/*
 * The slab objects a departing module left allocated: each object of the
 * caches that record their callers (slub_debug=U, mm/slab_debug.c) whose
 * last allocation came from the module's code. Part of the leak report at
 * rmmod (mm/module_alloc.c, mm_report_module_allocations()).
 *
 * Reads the objects' caller records and free pointers, which KASAN keeps
 * inaccessible to other code: like mm/slab_debug.c, this file is built
 * without KASAN (the Makefile's NOKASAN_OBJS).
 *
 * Locking: slab_caches_lock over the cache list, each cache's list_lock
 * (irqsave) over its slab lists, so another CPU's free cannot move a slab
 * under the walk. Lock order: slab_caches_lock -> s->list_lock.
 */
#include "mm/slab_internal.h"
#include "kernel/printk.h"

/* The objects of one slab that are allocated and whose caller lies in [start, end). */
static unsigned long report_slab(struct kmem_cache *s, struct page *head, u64 start, u64 end,
				 const char *owner)
{
	u8 *first = slab_first_object(s, head);
	unsigned long n = 0;

	if (head->flags & PG_slab_broken)
		return 0;
	for (unsigned int i = 0; i < s->objects; i++) {
		u8 *obj = first + (size_t)i * s->size;
		u64 *caller = slab_alloc_caller_slot(s, obj);

		if (slab_on_freelist(s, head, obj) || *caller < start || *caller >= end)
			continue;
		pr_warn("%s: leaked %s object %p, allocated at %pS\n", owner, s->name, obj,
			(void *)*caller);
		*caller = 0;
		n++;
	}
	return n;
}

unsigned long slab_report_objects_from(u64 start, u64 end, const char *owner)
{
	unsigned long n = 0;

	spin_lock(&slab_caches_lock);
	for (struct kmem_cache *s = slab_caches; s; s = s->next) {
		unsigned long flags;

		if (!(s->flags & SLAB_STORE_USER))
			continue;
		spin_lock_irqsave(&s->list_lock, flags);
		for (u32 pfn = s->full; pfn != PFN_NONE; pfn = pfn_to_page(pfn)->next)
			n += report_slab(s, pfn_to_page(pfn), start, end, owner);
		for (u32 pfn = s->partial; pfn != PFN_NONE; pfn = pfn_to_page(pfn)->next)
			n += report_slab(s, pfn_to_page(pfn), start, end, owner);
		spin_unlock_irqrestore(&s->list_lock, flags);
	}
	spin_unlock(&slab_caches_lock);
	return n;
}
