// SPDX-License-Identifier: MIT
/*
 * Slab debugging: poisoning, red zones, caller tracking, the checks that
 * use them and kmem_cache_validate(). mm/slab.c calls in here only for
 * caches with SLAB_DEBUG_FLAGS; the reports are mm/slab_report.c, the
 * slub_debug= option that sets the flags from the command line
 * mm/slab_cmdline.c.
 *
 * The bytes of one slot of a debug cache, as (free) / (allocated):
 *
 *   left red zone   object                       right red zone  free ptr  track    padding
 *   bb bb .. bb     6b 6b .. 6b a5  /  caller's   bb .. bb        encoded   alloc,   5a ..
 *   cc cc .. cc                                   cc .. cc                  free
 *
 * The padding of each slot and the unused tail of a poisoned slab are
 * POISON_INUSE (0x5a), checked with the object and when the slab goes.
 *
 * When the bytes are checked, as in Linux 6.1 (alloc_debug_processing()
 * and free_debug_processing() in mm/slub.c): only caches with F
 * (SLAB_CONSISTENCY_CHECKS) are checked at allocation (poison, red zones
 * and padding of the free object) and at free (the object not already
 * free, its red zones and padding); Z, P and U alone lay out and fill the bytes, and
 * kmem_cache_validate() checks them whatever the flags. Every check that
 * finds a wrong byte reports it in Linux's shape and writes the expected
 * bytes back. Then Linux takes the slab out of use ("Marking all objects
 * used") or refuses the free ("Object at ... not freed"); strata, the bytes
 * repaired, hands the object out or completes the free, so the cache stays
 * whole and the next check is clean.
 */
#include "mm/slab_internal.h"
#include "lib/string.h"

/* slab_check_bytes() with its common case, every byte right, here and inline. */
static inline bool check_bytes(struct kmem_cache *s, u8 *obj, const char *what, u8 *start,
			       size_t len, u8 value)
{
	for (size_t i = 0; i < len; i++)
		if (start[i] != value)
			return slab_check_bytes(s, obj, what, start, len, value);
	return true;
}

/* Set both red zones of obj to value. */
static void set_red_zones(const struct kmem_cache *s, u8 *obj, u8 value)
{
	__memset(obj - s->red_left_pad, value, s->red_left_pad);
	__memset(obj + s->object_size, value, s->offset - s->object_size);
}

/* Check both red zones hold value; returns problems found (and repaired). */
static unsigned long check_red_zones(struct kmem_cache *s, u8 *obj, u8 value)
{
	return !check_bytes(s, obj, "Left Redzone", obj - s->red_left_pad, s->red_left_pad, value) +
	       !check_bytes(s, obj, "Right Redzone", obj + s->object_size,
			    s->offset - s->object_size, value);
}

/* Fill a free object with POISON_FREE, ending in POISON_END. */
static void poison_object(const struct kmem_cache *s, u8 *obj)
{
	__memset(obj, POISON_FREE, s->object_size - 1);
	obj[s->object_size - 1] = POISON_END;
}

/* Check a free object's poison; returns problems found (and repaired). */
static unsigned long check_poison(struct kmem_cache *s, u8 *obj)
{
	unsigned long bad = !check_bytes(s, obj, "Poison", obj, s->object_size - 1, POISON_FREE);

	return bad + !check_bytes(s, obj, "End Poison", obj + s->object_size - 1, 1, POISON_END);
}

/* The padding after the track, POISON_INUSE if poisoned (Linux's check_pad_bytes()). */
static unsigned long check_padding(struct kmem_cache *s, u8 *obj)
{
	size_t off = s->inuse + ((s->flags & SLAB_STORE_USER) ? sizeof(struct slab_track) : 0);
	size_t end = s->size - s->red_left_pad;

	if (!(s->flags & SLAB_POISON) || off >= end)
		return 0;
	return !check_bytes(s, obj, "Object padding", obj + off, end - off, POISON_INUSE);
}

/* The state of an object, free or allocated: red zones of value, then poison (free), padding. */
static unsigned long check_object(struct kmem_cache *s, u8 *obj, u8 value)
{
	unsigned long bad = 0;

	if (s->flags & SLAB_RED_ZONE)
		bad += check_red_zones(s, obj, value);
	if ((s->flags & SLAB_POISON) && value == SLUB_RED_INACTIVE)
		bad += check_poison(s, obj);
	return bad + check_padding(s, obj);
}

/* Bytes of the slab after its last object. */
static size_t slab_tail(const struct kmem_cache *s, u8 **start, struct page *head)
{
	*start = (u8 *)page_address(head) + (size_t)s->objects * s->size;
	return (PAGE_SIZE << s->order) - (size_t)s->objects * s->size;
}

void slab_debug_init_slab(struct kmem_cache *s, struct page *head)
{
	u8 *first = slab_first_object(s, head);

	/* Linux's setup_slab_debug(): the whole slab, then each object's fields over it. */
	if (s->flags & SLAB_POISON)
		__memset(page_address(head), POISON_INUSE, PAGE_SIZE << s->order);
	for (unsigned int i = 0; i < s->objects; i++) {
		u8 *obj = first + (size_t)i * s->size;

		if (s->flags & SLAB_POISON)
			poison_object(s, obj);
		if (s->flags & SLAB_RED_ZONE)
			set_red_zones(s, obj, SLUB_RED_INACTIVE);
		if (s->flags & SLAB_STORE_USER)
			__memset(object_track(s, obj), 0, sizeof(struct slab_track));
	}
}

void slab_debug_alloc(struct kmem_cache *s, struct page *head, void *obj, u64 caller)
{
	(void)head;
	if (s->flags & SLAB_CONSISTENCY_CHECKS)
		check_object(s, obj, SLUB_RED_INACTIVE);
	if (s->flags & SLAB_RED_ZONE)
		set_red_zones(s, obj, SLUB_RED_ACTIVE);
	if (s->flags & SLAB_STORE_USER)
		object_track(s, obj)->alloc_caller = caller;
}

u64 *slab_alloc_caller_slot(const struct kmem_cache *s, void *obj)
{
	return s->flags & SLAB_STORE_USER ? &object_track(s, obj)->alloc_caller : NULL;
}

bool slab_debug_free(struct kmem_cache *s, struct page *head, void *obj, u64 caller)
{
	u8 *o = obj;

	if ((s->flags & SLAB_CONSISTENCY_CHECKS) && slab_on_freelist(s, head, obj)) {
		slab_report(s, obj, caller, "Object already free (a double free of %p)", obj);
		slab_fix(s, "Object at 0x%p not freed", obj);
		return false;
	}
	if (s->flags & SLAB_CONSISTENCY_CHECKS)
		check_object(s, o, SLUB_RED_ACTIVE);
	if (s->flags & SLAB_RED_ZONE)
		set_red_zones(s, o, SLUB_RED_INACTIVE);
	if (s->flags & SLAB_POISON)
		poison_object(s, o);
	if (s->flags & SLAB_STORE_USER)
		object_track(s, obj)->free_caller = caller;
	return true;
}

void slab_debug_free_slab(struct kmem_cache *s, struct page *head)
{
	u8 *tail;
	size_t len = slab_tail(s, &tail, head);

	if (s->flags & SLAB_POISON)
		check_bytes(s, NULL, "Padding", tail, len, POISON_INUSE);
}

bool slab_on_freelist(struct kmem_cache *s, struct page *head, const void *obj)
{
	void *p = head->freelist;

	for (unsigned int n = 0; p && n < head->objects; n++) {
		if (p == obj)
			return true;
		if (!slab_object_valid(s, head, p))
			return false;
		p = freeptr_get(s, p);
	}
	return false;
}

/* Problems of the slab at head as seen from the list it is on (want: 'f', 'p' or 'e'). */
static unsigned long validate_slab(struct kmem_cache *s, struct page *head, char want)
{
	static u64 free_map[(PAGE_SIZE << 3) / 8 / 64];
	unsigned long bad = 0, nfree = 0;
	u8 *first = slab_first_object(s, head);
	void *p = head->freelist;

	if (!(head->flags & PG_slab) || head->slab_cache != s || head->objects != s->objects) {
		slab_report(s, NULL, 0, "slab at pfn %#llx: bad head page (flags %#x)",
			    (unsigned long long)page_to_pfn(head), head->flags);
		return 1;
	}
	if ((want == 'e' && head->inuse) ||
	    (want == 'p' && (!p || (!head->inuse && pfn_to_page(s->partial) != head))) ||
	    (want == 'f' && p)) {
		slab_report(s, NULL, 0, "slab at pfn %#llx on the wrong list (%u of %u in use)",
			    (unsigned long long)page_to_pfn(head), head->inuse, head->objects);
		bad++;
	}
	if (head->flags & PG_slab_broken)
		return bad;
	__memset(free_map, 0, sizeof(free_map));
	for (; p && nfree <= head->objects; nfree++, p = freeptr_get(s, p)) {
		size_t i;

		if (!slab_object_valid(s, head, p)) {
			slab_report(s, NULL, 0, "freelist corruption in the slab at pfn %#llx: %p",
				    (unsigned long long)page_to_pfn(head), p);
			return bad + 1;
		}
		i = (size_t)((u8 *)p - first) / s->size;
		if (free_map[i / 64] & (1UL << (i % 64))) {
			slab_report(s, p, 0, "freelist loops at %p", p);
			return bad + 1;
		}
		free_map[i / 64] |= 1UL << (i % 64);
	}
	if (nfree != (unsigned long)(head->objects - head->inuse)) {
		slab_report(s, NULL, 0,
			    "slab at pfn %#llx: %lu free objects on the freelist, %u "
			    "expected",
			    (unsigned long long)page_to_pfn(head), nfree,
			    head->objects - head->inuse);
		bad++;
	}
	if (!(s->flags & SLAB_DEBUG_FLAGS))
		return bad;
	for (unsigned int i = 0; i < s->objects; i++) {
		u8 *obj = first + (size_t)i * s->size;

		bad += check_object(s, obj,
				    (free_map[i / 64] & (1UL << (i % 64))) ? SLUB_RED_INACTIVE
									   : SLUB_RED_ACTIVE);
	}
	return bad;
}

/*
 * Validate every slab on the three lists, then the counters, as Linux
 * 6.1's validate_slab_cache() after flush_all() (on a quiet cache: other
 * CPUs allocating meanwhile would be counted wrong):
 *   every CPU's slab back to the lists (slab_flush_all)
 *   for each list L, each slab on L: validate_slab(slab, L)
 *   sum of inuse == objects in use; slabs counted == nr_slabs
 */
unsigned long kmem_cache_validate(struct kmem_cache *s)
{
	unsigned long bad = 0, slabs = 0, inuse = 0, active;
	const char kinds[3] = {'f', 'p', 'e'};
	u32 lists[3];

	slab_flush_all(s);
	lists[0] = s->full;
	lists[1] = s->partial;
	lists[2] = s->empty;
	active = kmem_cache_active_objs(s);
	for (int l = 0; l < 3; l++)
		for (u32 pfn = lists[l]; pfn != PFN_NONE; pfn = pfn_to_page(pfn)->next) {
			bad += validate_slab(s, pfn_to_page(pfn), kinds[l]);
			slabs++;
			inuse += pfn_to_page(pfn)->inuse;
		}
	if (slabs != s->nr_slabs || inuse != active) {
		slab_report(s, NULL, 0,
			    "counters: %lu slabs and %lu objects on the lists, %lu and "
			    "%lu counted",
			    slabs, inuse, s->nr_slabs, active);
		bad++;
	}
	return bad;
}
