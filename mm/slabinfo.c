// SPDX-License-Identifier: MIT
/*
 * Looking at the slab allocator: slabinfo in the shape of Linux's
 * /proc/slabinfo (version 2.1), the kmalloc waste report, slab_dump(), and
 * the cache lookups the shell and `memmap` use (kmem_cache_find/next).
 * Read-only: nothing here changes a cache (mm/slab.c owns them).
 *
 * Locking: the walks of the cache list hold slab_caches_lock, so no cache
 * is destroyed under them; slab_dump(), which walks a cache's slab lists,
 * holds its list_lock (irqsave, as its allocating users) so that another
 * CPU's alloc or free cannot move a slab under the walk. slabinfo reads
 * each counter once (a single aligned load: a moment old at worst, never
 * torn). Lines are printed under the locks: the console is polled, and
 * printk's lock is a leaf.
 * Lock order: slab_caches_lock -> s->list_lock (mm/slab_cache.c).
 * A cache pointer kmem_cache_find/next() returns stays valid only while
 * nobody destroys that cache: the shell and memmap use them in task
 * context, between their own create and destroy.
 */
#include "mm/slab_internal.h"
#include "kernel/printk.h"
#include "lib/string.h"

struct kmem_cache *kmem_cache_find(const char *name)
{
	struct kmem_cache *s;

	spin_lock(&slab_caches_lock);
	for (s = slab_caches; s; s = s->next)
		if (!strcmp(s->name, name))
			break;
	spin_unlock(&slab_caches_lock);
	return s;
}

struct kmem_cache *kmem_cache_next(const struct kmem_cache *s)
{
	struct kmem_cache *next;

	spin_lock(&slab_caches_lock);
	next = s ? s->next : slab_caches;
	spin_unlock(&slab_caches_lock);
	return next;
}

unsigned int kmem_cache_count(void)
{
	unsigned int n = 0;

	spin_lock(&slab_caches_lock);
	for (const struct kmem_cache *s = slab_caches; s; s = s->next)
		n++;
	spin_unlock(&slab_caches_lock);
	return n;
}

/*
 * Linux's columns (6.1's cache_show() in mm/slab_common.c), then ours.
 * As in Linux, <objsize> is the slot size s->size: the object plus
 * alignment, free pointer and debug fields; and as SLUB's get_slabinfo()
 * fills them, <active_slabs> and <num_slabs> both count every slab, and
 * the tunables and <sharedavail> are 0. strata adds the size the user
 * asked for (s->object_size, Linux's /sys/kernel/slab/<name>/object_size)
 * and the bytes of each slab no slot uses (slab size - objects * slot size).
 */
void slabinfo_print(void)
{
	printk_raw("slabinfo - version: 2.1\n");
	printk_raw("# name            <active_objs> <num_objs> <objsize> <objperslab> "
		   "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata "
		   "<active_slabs> <num_slabs> <sharedavail> : strata <object_size> "
		   "<wasteperslab>\n");
	spin_lock(&slab_caches_lock);
	for (const struct kmem_cache *s = slab_caches; s; s = s->next)
		printk_raw(
			"%-17s %6lu %6lu %6u %4u %4lu : tunables %4u %4u %4u : slabdata %6lu %6lu "
			"%6u : strata %6u %6lu\n",
			s->name, s->active_objs, s->nr_slabs * s->objects, s->size, s->objects,
			1UL << s->order, 0, 0, 0, s->nr_slabs, s->nr_slabs, 0, s->object_size,
			(PAGE_SIZE << s->order) - (unsigned long)s->objects * s->size);
	spin_unlock(&slab_caches_lock);
}

void kmalloc_waste_print(void)
{
	u64 total_req = 0, total_given = 0;

	printk_raw("kmalloc waste (since boot): class, allocations, bytes requested, bytes handed "
		   "out, waste\n");
	for (int i = 0; i < NR_KMALLOC_CACHES; i++) {
		u64 given = kmalloc_requests[i] * kmalloc_sizes[i];
		u64 waste = given - kmalloc_requested_bytes[i];

		total_req += kmalloc_requested_bytes[i];
		total_given += given;
		printk_raw("  %-13s %10llu %12llu %12llu %12llu (%llu%%)\n",
			   kmalloc_caches[i]->name, (unsigned long long)kmalloc_requests[i],
			   (unsigned long long)kmalloc_requested_bytes[i],
			   (unsigned long long)given, (unsigned long long)waste,
			   (unsigned long long)(given ? waste * 100 / given : 0));
	}
	printk_raw("  total         %10s %12llu %12llu %12llu (%llu%%)\n", "",
		   (unsigned long long)total_req, (unsigned long long)total_given,
		   (unsigned long long)(total_given - total_req),
		   (unsigned long long)(total_given ? (total_given - total_req) * 100 / total_given
						    : 0));
}

void slab_dump(struct kmem_cache *s)
{
	static const char *const names[3] = {"full", "partial", "empty"};
	unsigned long flags;
	u32 lists[3];

	spin_lock_irqsave(&s->list_lock, flags);
	lists[0] = s->full;
	lists[1] = s->partial;
	lists[2] = s->empty;

	printk_raw("cache %s: object %u, slot %u (left red zone %u, free pointer at +%u), align "
		   "%u, flags %#x, order %u, %u objects per slab\n",
		   s->name, s->object_size, s->size, s->red_left_pad, s->offset, s->align, s->flags,
		   s->order, s->objects);
	printk_raw("  %lu slabs, %lu objects in use, %llu reports\n", s->nr_slabs, s->active_objs,
		   (unsigned long long)s->reports);
	for (int l = 0; l < 3; l++)
		for (u32 pfn = lists[l]; pfn != PFN_NONE; pfn = pfn_to_page(pfn)->next) {
			const struct page *head = pfn_to_page(pfn);

			printk_raw("  %-7s slab pfn %#x at %p: %u/%u in use, freelist %p%s\n",
				   names[l], pfn, page_address(head), head->inuse, head->objects,
				   head->freelist,
				   (head->flags & PG_slab_broken) ? " (broken)" : "");
		}
	spin_unlock_irqrestore(&s->list_lock, flags);
}
