// SPDX-License-Identifier: MIT
/*
 * Slab debugging: poisoning, red zones, caller tracking, the checks that
 * use them, kmem_cache_validate(), the reports, and slub_debug= (Linux's
 * option: F checks, Z red zones, P poison, U user tracking). mm/slab.c
 * calls in here only for caches with SLAB_DEBUG_FLAGS.
 *
 * The bytes of one slot of a debug cache, as (free) / (allocated):
 *
 *   left red zone   object                       right red zone  free ptr  track
 *   bb bb .. bb     6b 6b .. 6b a5  /  caller's   bb .. bb        encoded   alloc, free
 *   cc cc .. cc                                   cc .. cc                  callers
 *
 * The unused tail of a poisoned slab is POISON_INUSE (0x5a). Every check
 * that finds a wrong byte reports it (cache, object, address, value) and
 * writes the expected bytes back, so the cache stays usable.
 */
#include <stdarg.h>
#include "mm/slab_internal.h"
#include "kernel/backtrace.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

slab_flags_t slub_debug_flags;
/* The cache names slub_debug= applies to ("a,b*"), or "" for all caches. */
static char slub_debug_names[64];

/* The caller record of a SLAB_STORE_USER object. */
struct slab_track {
	u64 alloc_caller; /* return address of the last allocation */
	u64 free_caller;  /* return address of the last free, 0 if never freed */
};

static struct slab_track *object_track(const struct kmem_cache *s, void *obj)
{
	return (struct slab_track *)((u8 *)obj + s->inuse);
}

void slab_report(struct kmem_cache *s, const void *obj, u64 caller, const char *fmt, ...)
{
	char msg[240];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	s->reports++;
	pr_err("BUG %s: %s\n", s->name, msg);
	if (obj) {
		struct page *head = slab_of(obj);

		if (head && head->slab_cache == s && slab_object_valid(s, head, obj))
			pr_err("  object %p: object %lu of %u in the slab at pfn %#llx\n", obj,
			       (unsigned long)(((u8 *)obj - slab_first_object(s, head)) / s->size),
			       s->objects, (unsigned long long)page_to_pfn(head));
		if (head && head->slab_cache == s && slab_object_valid(s, head, obj) &&
		    (s->flags & SLAB_STORE_USER))
			pr_err("  last allocated by %pS, last freed by %pS\n",
			       (void *)object_track(s, (void *)obj)->alloc_caller,
			       (void *)object_track(s, (void *)obj)->free_caller);
	}
	if (caller)
		pr_err("  caller: %pS\n", (void *)caller);
	dump_stack();
}

/*
 * Check that len bytes at start (inside obj) all equal value; report the
 * first wrong byte as "what" and restore them all. Returns true if intact.
 */
static bool check_bytes(struct kmem_cache *s, void *obj, u8 *start, size_t len, u8 value,
			const char *what)
{
	for (size_t i = 0; i < len; i++) {
		if (start[i] == value)
			continue;
		slab_report(s, obj, 0, "%s: byte at %p (object%+ld) is %#04x, expected %#04x", what,
			    &start[i], (long)(&start[i] - (u8 *)obj), start[i], value);
		__memset(start, value, len);
		return false;
	}
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
	const char *what = value == SLUB_RED_ACTIVE ? "red zone overwritten"
						    : "red zone of a free object overwritten";

	return !check_bytes(s, obj, obj - s->red_left_pad, s->red_left_pad, value, what) +
	       !check_bytes(s, obj, obj + s->object_size, s->offset - s->object_size, value, what);
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
	unsigned long bad =
		!check_bytes(s, obj, obj, s->object_size - 1, POISON_FREE, "write after free");

	return bad +
	       !check_bytes(s, obj, obj + s->object_size - 1, 1, POISON_END, "write after free");
}

/* The free state of a free object: poison, inactive red zones. */
static unsigned long check_free_object(struct kmem_cache *s, u8 *obj)
{
	unsigned long bad = 0;

	if (s->flags & SLAB_POISON)
		bad += check_poison(s, obj);
	if (s->flags & SLAB_RED_ZONE)
		bad += check_red_zones(s, obj, SLUB_RED_INACTIVE);
	return bad;
}

/* Bytes of the slab after its last object. */
static size_t slab_tail(const struct kmem_cache *s, u8 **start, struct page *head)
{
	*start = (u8 *)page_address(head) + (size_t)s->objects * s->size;
	return (PAGE_SIZE << s->order) - (size_t)s->objects * s->size;
}

void slab_debug_init_slab(struct kmem_cache *s, struct page *head)
{
	u8 *first = slab_first_object(s, head), *tail;
	size_t tail_len = slab_tail(s, &tail, head);

	if (s->flags & SLAB_POISON)
		__memset(tail, POISON_INUSE, tail_len);
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
	check_free_object(s, obj);
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

	/* A free object has inactive red zones: its left zone tells a double free in O(1). */
	if ((s->flags & SLAB_RED_ZONE) && o[-1] == SLUB_RED_INACTIVE &&
	    o[s->object_size] == SLUB_RED_INACTIVE) {
		slab_report(s, obj, caller, "double free of %p (red zone says free)", obj);
		return false;
	}
	if ((s->flags & (SLAB_CONSISTENCY_CHECKS | SLAB_POISON | SLAB_STORE_USER)) &&
	    slab_on_freelist(s, head, obj)) {
		slab_report(s, obj, caller, "double free of %p (on the slab's freelist)", obj);
		return false;
	}
	if (s->flags & SLAB_RED_ZONE) {
		check_red_zones(s, o, SLUB_RED_ACTIVE);
		set_red_zones(s, o, SLUB_RED_INACTIVE);
	}
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
		check_bytes(s, NULL, tail, len, POISON_INUSE, "slab padding overwritten");
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

		if (free_map[i / 64] & (1UL << (i % 64)))
			bad += check_free_object(s, obj);
		else if (s->flags & SLAB_RED_ZONE)
			bad += check_red_zones(s, obj, SLUB_RED_ACTIVE);
	}
	return bad;
}

/*
 * Validate every slab on the three lists, then the counters:
 *   for each list L, each slab on L: validate_slab(slab, L)
 *   sum of inuse (broken slabs aside) == active_objs; slabs counted == nr_slabs
 */
unsigned long kmem_cache_validate(struct kmem_cache *s)
{
	const u32 lists[3] = {s->full, s->partial, s->empty};
	const char kinds[3] = {'f', 'p', 'e'};
	unsigned long bad = 0, slabs = 0, inuse = 0;

	for (int l = 0; l < 3; l++)
		for (u32 pfn = lists[l]; pfn != PFN_NONE; pfn = pfn_to_page(pfn)->next) {
			bad += validate_slab(s, pfn_to_page(pfn), kinds[l]);
			slabs++;
			inuse += pfn_to_page(pfn)->inuse;
		}
	if (slabs != s->nr_slabs || inuse != s->active_objs) {
		slab_report(s, NULL, 0,
			    "counters: %lu slabs and %lu objects on the lists, %lu and "
			    "%lu counted",
			    slabs, inuse, s->nr_slabs, s->active_objs);
		bad++;
	}
	return bad;
}

/* Does name match one of the comma-separated patterns (a trailing '*' matches a prefix)? */
static bool name_listed(const char *name)
{
	const char *p = slub_debug_names;

	if (!*p)
		return true;
	while (*p) {
		size_t n = 0;

		while (p[n] && p[n] != ',')
			n++;
		if ((n && p[n - 1] == '*' && !strncmp(p, name, n - 1)) ||
		    (strlen(name) == n && !strncmp(p, name, n)))
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}

slab_flags_t slub_debug_flags_for(const char *name, slab_flags_t flags)
{
	if (slub_debug_flags && name_listed(name))
		flags |= slub_debug_flags;
	return flags;
}

/*
 * slub_debug[=flags[,cache,cache*...]]: no value means FZPU; '-' means
 * none. Only the letters strata implements are accepted; others are named.
 */
void slub_debug_setup(void)
{
	char opt[96];
	const char *p = opt;

	if (!cmdline_get("slub_debug", opt, sizeof(opt)))
		return;
	if (!opt[0]) {
		slub_debug_flags = SLAB_DEBUG_FLAGS;
		return;
	}
	for (; *p && *p != ','; p++) {
		switch (*p | 0x20) {
		case 'f':
			slub_debug_flags |= SLAB_CONSISTENCY_CHECKS;
			break;
		case 'z':
			slub_debug_flags |= SLAB_RED_ZONE;
			break;
		case 'p':
			slub_debug_flags |= SLAB_POISON;
			break;
		case 'u':
			slub_debug_flags |= SLAB_STORE_USER;
			break;
		case '-':
			slub_debug_flags = 0;
			break;
		default:
			pr_warn("slub_debug: option '%c' is not supported\n", *p);
		}
	}
	strlcpy(slub_debug_names, *p == ',' ? p + 1 : "", sizeof(slub_debug_names));
	pr_info("slub_debug: flags %#x for %s\n", slub_debug_flags,
		slub_debug_names[0] ? slub_debug_names : "all caches");
}

bool slab_describe_object(u64 addr, u64 *object, char *buf, size_t size)
{
	struct page *head = slab_of((const void *)addr);
	struct kmem_cache *s;
	u8 *first, *obj;
	u64 idx;
	long off;
	int n;

	if (!head)
		return false;
	s = head->slab_cache;
	first = slab_first_object(s, head);
	idx = addr < (u64)first ? 0 : (addr - (u64)first) / s->size;
	if (idx >= s->objects)
		idx = s->objects - 1;
	obj = first + idx * s->size;
	*object = (u64)obj;
	off = (long)(addr - (u64)obj);
	if (off < 0)
		n = snprintf(buf, size, "The buggy address is %ld bytes to the left of", -off);
	else if ((u64)off >= s->object_size)
		n = snprintf(buf, size, "The buggy address is %ld bytes to the right of",
			     off - (long)s->object_size);
	else
		n = snprintf(buf, size, "The buggy address is %ld bytes inside", off);
	n += snprintf(buf + n, size - (size_t)n, " the %u-byte object at %p of cache %s",
		      s->object_size, obj, s->name);
	if (s->flags & SLAB_STORE_USER)
		snprintf(buf + n, size - (size_t)n, "\nallocated by %pS, freed by %pS",
			 (void *)object_track(s, obj)->alloc_caller,
			 (void *)object_track(s, obj)->free_caller);
	return true;
}
