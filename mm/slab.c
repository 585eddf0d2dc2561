// SPDX-License-Identifier: MIT
/*
 * Object caches: kmem_cache_create/alloc/free/shrink/destroy. A cache hands
 * out objects of one size from slabs, runs of 2^order pages taken from the
 * buddy allocator (mm/page_alloc.c); kmalloc (mm/kmalloc.c) sits on top.
 *
 * Invariants (the slab head page fields are described in slab_internal.h):
 *  - every slab of a cache is on exactly one of its lists: full (inuse ==
 *    objects, or broken), partial (0 < inuse < objects) or empty (inuse ==
 *    0, at most SLAB_EMPTY_RESERVE of them; more go back to the buddy);
 *  - one exception: the head of the partial list, the slab allocations
 *    come from, stays there when its last object is freed, so alternating
 *    kmalloc/kfree moves no slab between lists (Linux keeps its per-CPU
 *    slab the same way); it moves to the empty list when another slab
 *    takes its place at the head;
 *  - a slab's freelist chains exactly its objects - inuse free objects
 *    through encoded free pointers (freeptr_set), ending in NULL;
 *  - s->active_objs is the sum of inuse over the slabs, less broken ones.
 * Allocation takes the first free object of the first partial slab, so
 * the fast path is a list-head read, a pointer decode and two counters.
 * Debugging (poison, red zones, tracking) lives in mm/slab_debug.c and
 * costs nothing for a cache without SLAB_DEBUG_FLAGS but one test.
 */
#include "slab_internal.h"
#include "../arch/x86_64/cpu.h"
#include "../kernel/errno.h"
#include "../kernel/panic.h"
#include "../kernel/printk.h"
#include "../kernel/string.h"

unsigned long slab_objects;
struct kmem_cache *slab_caches;

/* The cache of caches: struct kmem_cache objects come from here. */
static struct kmem_cache kmem_cache_boot;
static struct kmem_cache *const kmem_cache = &kmem_cache_boot;

/* Objects a slab should hold at least, when an order <= 3 allows it. */
#define SLAB_MIN_OBJECTS 4
#define SLAB_MAX_ORDER 3

void slab_list_add(u32 *list, struct page *head)
{
	u32 pfn = (u32)page_to_pfn(head);

	head->prev = PFN_NONE;
	head->next = *list;
	if (*list != PFN_NONE)
		pfn_to_page(*list)->prev = pfn;
	*list = pfn;
}

void slab_list_del(u32 *list, struct page *head)
{
	if (head->prev != PFN_NONE)
		pfn_to_page(head->prev)->next = head->next;
	else
		*list = head->next;
	if (head->next != PFN_NONE)
		pfn_to_page(head->next)->prev = head->prev;
}

/* A per-cache key for the free pointers: RDRAND when the CPU has it, else the TSC. */
static u64 cache_random(const struct kmem_cache *s)
{
	u32 a, b, c, d;
	u64 r = rdtsc() * 0x9e3779b97f4a7c15UL ^ (u64)s;

	cpuid(1, 0, &a, &b, &c, &d);
	if (c & (1U << 30)) {
		for (int tries = 0; tries < 10; tries++) {
			u64 v;
			u8 ok;

			__asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
			if (ok)
				return r ^ v;
		}
	}
	return r;
}

/*
 * Slab order: the smallest order <= 3 whose slab holds SLAB_MIN_OBJECTS
 * objects and wastes at most 1/8 of its bytes; failing that, the order <= 3
 * with the least waste; objects above 32 KiB get a slab of their own size.
 */
static unsigned int cache_choose_order(unsigned int size)
{
	unsigned int best = 0;
	u64 best_used = 0;

	for (unsigned int order = 0; order <= SLAB_MAX_ORDER; order++) {
		u64 bytes = PAGE_SIZE << order, n = bytes / size;

		if (n >= SLAB_MIN_OBJECTS && (bytes - n * size) * 8 <= bytes)
			return order;
		/* Compare used fractions n*size/bytes across orders without dividing. */
		if (n && n * size * (PAGE_SIZE << best) > best_used * bytes) {
			best = order;
			best_used = n * size;
		}
	}
	return best_used ? best : get_order(size);
}

/*
 * The slot layout (see struct kmem_cache):
 *   align   requested, >= 8; SLAB_HWCACHE_ALIGN raises it to the cache
 *           line, halved while the object fits twice (Linux's rule);
 *   the free pointer is in the middle of the object unless the object's
 *   bytes must stay intact while free (ctor, poison, red zone), then after
 *   the right red zone; the track (two callers) follows; a left red zone of
 *   max(8, align) bytes keeps the object aligned.
 */
static int cache_setup(struct kmem_cache *s, const char *name, unsigned int size,
		       unsigned int align, slab_flags_t flags, void (*ctor)(void *))
{
	unsigned int off;

	if (!size || size > (PAGE_SIZE << MAX_ORDER) / 2 || (align & (align - 1)) ||
	    align > PAGE_SIZE)
		return -EINVAL;
	if (align < 8)
		align = 8;
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int line = 64;

		while (size <= line / 2 && line > 8)
			line /= 2;
		align = MAX(align, line);
	}
	flags = slub_debug_flags_for(name, flags);
	if (ctor)
		flags &= ~SLAB_POISON; /* a constructed object keeps its state while free */
	strlcpy(s->name, name, sizeof(s->name));
	s->object_size = size;
	s->align = align;
	s->flags = flags;
	s->ctor = ctor;
	off = ALIGN_UP(size, 8);
	if ((flags & SLAB_RED_ZONE) && off == size)
		off += 8; /* at least one word of right red zone */
	if (ctor || (flags & (SLAB_POISON | SLAB_RED_ZONE))) {
		s->offset = off;
		off += sizeof(void *);
	} else {
		s->offset = ALIGN_DOWN(size / 2, 8);
	}
	s->inuse = off;
	if (flags & SLAB_STORE_USER)
		off += 2 * sizeof(u64);
	s->red_left_pad = (flags & SLAB_RED_ZONE) ? MAX(8U, align) : 0;
	s->size = ALIGN_UP(off + s->red_left_pad, align);
	s->order = cache_choose_order(s->size);
	if (s->order > MAX_ORDER)
		return -EINVAL;
	s->objects = (unsigned int)((PAGE_SIZE << s->order) / s->size);
	s->random = cache_random(s);
	s->partial = s->full = s->empty = PFN_NONE;
	s->nr_empty = 0;
	s->nr_slabs = 0;
	s->active_objs = 0;
	s->reports = 0;
	s->next = slab_caches;
	slab_caches = s;
	return 0;
}

/*
 * A new slab: 2^order pages, each marked PG_slab and pointing at s; then
 * the debug fill, each object's constructor, and the freelist in address
 * order (so a fresh slab hands out objects from its start).
 */
static struct page *slab_new(struct kmem_cache *s, gfp_t gfp)
{
	struct page *head = alloc_pages(gfp & ~__GFP_ZERO, s->order);
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
	s->nr_slabs++;
	return head;
}

/* Give a slab (on no list) back to the buddy allocator. */
static void slab_discard(struct kmem_cache *s, struct page *head)
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

/* Put a slab whose last object was just freed on the empty list, or free it. */
static void slab_became_empty(struct kmem_cache *s, struct page *head)
{
	if (s->nr_empty < SLAB_EMPTY_RESERVE && !(head->flags & PG_slab_broken)) {
		slab_list_add(&s->empty, head);
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
static void slab_partial_push(struct kmem_cache *s, struct page *head)
{
	if (s->partial != PFN_NONE && !pfn_to_page(s->partial)->inuse) {
		struct page *old = pfn_to_page(s->partial);

		slab_list_del(&s->partial, old);
		slab_became_empty(s, old);
	}
	slab_list_add(&s->partial, head);
}

/* A partial slab to allocate from: an empty one from the reserve, else a new one. */
static struct page *slab_refill(struct kmem_cache *s, gfp_t gfp)
{
	struct page *head;

	if (s->empty != PFN_NONE) {
		head = pfn_to_page(s->empty);
		slab_list_del(&s->empty, head);
		s->nr_empty--;
	} else {
		head = slab_new(s, gfp);
		if (!head)
			return NULL;
	}
	slab_list_add(&s->partial, head);
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
	slab_list_del(&s->partial, head);
	slab_list_add(&s->full, head);
}

/*
 * Allocation:
 *   slab = first partial slab (refill from the reserve or the buddy if none)
 *   obj = slab.freelist; next = decode(free pointer in obj); inuse++
 *   next must be an object of slab, or NULL exactly when the slab is now full
 *   slab.freelist = next; a slab that became full moves to the full list
 */
void *slab_alloc(struct kmem_cache *s, gfp_t gfp, u64 caller)
{
	struct page *head;
	void *obj, *next;

	if (__builtin_expect(s->partial == PFN_NONE, 0) && !slab_refill(s, gfp))
		return NULL;
	head = pfn_to_page(s->partial);
	obj = head->freelist;
	if (__builtin_expect(s->flags & SLAB_DEBUG_FLAGS, 0))
		slab_debug_alloc(s, head, obj, caller);
	next = freeptr_get(s, obj);
	head->inuse++;
	if (__builtin_expect(next ? !slab_object_valid(s, head, next)
				  : head->inuse != head->objects, 0)) {
		slab_freelist_broken(s, head, obj, next);
	} else {
		head->freelist = next;
		if (!next) {
			slab_list_del(&s->partial, head);
			slab_list_add(&s->full, head);
		}
	}
	s->active_objs++;
	slab_objects++;
	if (gfp & __GFP_ZERO)
		memset(obj, 0, s->object_size);
	return obj;
}

/*
 * Free:
 *   refuse obj unless it is an object start, not the freelist head, and the
 *   slab has objects in use (debug caches check more: slab_debug_free)
 *   push obj on the freelist; inuse--
 *   full -> partial, or -> empty (kept in reserve or given back) at inuse 0
 */
void slab_free(struct kmem_cache *s, struct page *head, void *obj, u64 caller)
{
	bool was_full;

	if (__builtin_expect(!slab_object_valid(s, head, obj), 0)) {
		slab_report(s, obj, caller, "free of %p, which is not the start of an object", obj);
		return;
	}
	if (__builtin_expect(obj == head->freelist || !head->inuse, 0)) {
		slab_report(s, obj, caller, "double free of %p (already free)", obj);
		return;
	}
	if (__builtin_expect(s->flags & SLAB_DEBUG_FLAGS, 0) &&
	    !slab_debug_free(s, head, obj, caller))
		return;
	s->active_objs--;
	slab_objects--;
	was_full = head->freelist == NULL;
	head->inuse--;
	if (__builtin_expect(head->flags & PG_slab_broken, 0)) {
		if (!head->inuse) {
			slab_list_del(&s->full, head);
			slab_discard(s, head);
		}
		return;
	}
	freeptr_set(s, obj, head->freelist);
	head->freelist = obj;
	if (was_full) {
		slab_list_del(&s->full, head);
		if (head->inuse)
			slab_partial_push(s, head);
		else
			slab_became_empty(s, head);
	} else if (!head->inuse && s->partial != (u32)page_to_pfn(head)) {
		slab_list_del(&s->partial, head);
		slab_became_empty(s, head);
	}
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return slab_alloc(s, gfp, (u64)__builtin_return_address(0));
}

void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp)
{
	return slab_alloc(s, gfp | __GFP_ZERO, (u64)__builtin_return_address(0));
}

/* The slab head of obj if obj lies in a slab page, else NULL. */
struct page *slab_of(const void *obj)
{
	struct page *page;

	if (!is_direct_map_addr((u64)obj) || !pfn_valid(virt_to_phys(obj) >> PAGE_SHIFT))
		return NULL;
	page = virt_to_page(obj);
	if (!(page->flags & PG_slab))
		return NULL;
	return slab_head(page->slab_cache, page);
}

void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	u64 caller = (u64)__builtin_return_address(0);
	struct page *head;

	if (!obj)
		return;
	head = slab_of(obj);
	if (__builtin_expect(!head || head->slab_cache != s, 0)) {
		if (head)
			slab_report(s, obj, caller, "free to the wrong cache: %p belongs to cache %s",
				    obj, head->slab_cache->name);
		else
			slab_report(s, obj, caller, "free of %p, which is not a slab object", obj);
		return;
	}
	slab_free(s, head, obj, caller);
}

unsigned long kmem_cache_shrink(struct kmem_cache *s)
{
	unsigned long pages = 0;

	while (s->empty != PFN_NONE) {
		struct page *head = pfn_to_page(s->empty);

		slab_list_del(&s->empty, head);
		s->nr_empty--;
		slab_discard(s, head);
		pages += 1UL << s->order;
	}
	if (s->partial != PFN_NONE && !pfn_to_page(s->partial)->inuse) {
		struct page *head = pfn_to_page(s->partial);

		slab_list_del(&s->partial, head);
		slab_discard(s, head);
		pages += 1UL << s->order;
	}
	return pages;
}

unsigned long slab_reserve_pages(void)
{
	unsigned long pages = 0;

	for (const struct kmem_cache *s = slab_caches; s; s = s->next) {
		pages += (unsigned long)s->nr_empty << s->order;
		if (s->partial != PFN_NONE && !pfn_to_page(s->partial)->inuse)
			pages += 1UL << s->order;
	}
	return pages;
}

unsigned long kmem_cache_shrink_all(void)
{
	unsigned long pages = 0;

	for (struct kmem_cache *s = slab_caches; s; s = s->next)
		pages += kmem_cache_shrink(s);
	return pages;
}

/* Report each allocated object of the slabs on list (those not on their freelist). */
static void report_live_objects(struct kmem_cache *s, u32 list)
{
	for (u32 pfn = list; pfn != PFN_NONE; pfn = pfn_to_page(pfn)->next) {
		struct page *head = pfn_to_page(pfn);
		u8 *first = slab_first_object(s, head);

		if (head->flags & PG_slab_broken) {
			pr_err("  slab at pfn %#x: freelist broken, %u objects in use\n", pfn,
			       head->inuse);
			continue;
		}
		for (unsigned int i = 0; i < s->objects; i++)
			if (!slab_on_freelist(s, head, first + (size_t)i * s->size))
				pr_err("  object %p still allocated\n", first + (size_t)i * s->size);
	}
}

int kmem_cache_destroy(struct kmem_cache *s)
{
	if (!s)
		return 0;
	if (s == kmem_cache || s->active_objs) {
		slab_report(s, NULL, (u64)__builtin_return_address(0),
			    "kmem_cache_destroy: %lu objects remain; the cache is kept", s->active_objs);
		report_live_objects(s, s->partial);
		report_live_objects(s, s->full);
		return -EBUSY;
	}
	kmem_cache_shrink(s);
	for (struct kmem_cache **p = &slab_caches; *p; p = &(*p)->next)
		if (*p == s) {
			*p = s->next;
			break;
		}
	kmem_cache_free(kmem_cache, s);
	return 0;
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *))
{
	struct kmem_cache *s = kmem_cache_zalloc(kmem_cache, GFP_KERNEL);
	int err = s ? cache_setup(s, name, size, align, flags, ctor) : -ENOMEM;

	if (!err)
		return s;
	kmem_cache_free(kmem_cache, s);
	if (flags & SLAB_PANIC)
		panic("%s: cannot create cache %s (size %u, align %u): %d", __func__, name, size,
		      align, err);
	pr_warn("kmem_cache_create(%s, %u, %u): failed: %d\n", name, size, align, err);
	return NULL;
}

void kmem_cache_init(void)
{
	slub_debug_setup();
	if (cache_setup(kmem_cache, "kmem_cache", sizeof(struct kmem_cache), 0, SLAB_HWCACHE_ALIGN,
			NULL))
		panic("%s: cannot set up the cache of caches", __func__);
	kmalloc_init();
}
