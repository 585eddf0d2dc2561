// SPDX-License-Identifier: MIT
/*
 * The caches themselves: a cache's slot layout and slab order, create,
 * shrink, destroy, the cache of caches and boot. The slabs and objects a
 * cache hands out are mm/slab.c; the list of all caches (slab_caches)
 * lives here, newest first, for slabinfo and kmem_cache_shrink_all().
 *
 * Invariant: a cache is on slab_caches, and owns a per-CPU slot
 * (cpu_slab, mm/slab_cpu.c), from kmem_cache_create() until a successful
 * kmem_cache_destroy(), which needs no object in use.
 *
 * Locking: slab_caches_lock guards the list and the per-CPU slots (Linux's
 * slab_mutex, a sleeping lock strata does not have); each cache's
 * list_lock guards its lists. Shrink and destroy first give every CPU's
 * slab back to the lists by IPI (slab_flush_all()), so they need task
 * context with interrupts on; kmem_cache_shrink_all() waits for those
 * IPIs holding slab_caches_lock, so no one may take that lock with
 * interrupts off (a CPU spinning on it could not answer).
 * Lock order: slab_caches_lock -> s->list_lock -> zone->lock.
 */
#include "mm/slab_internal.h"
#include "mm/kasan.h"
#include "arch/x86_64/cpu.h"
#include "lib/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "lib/string.h"

struct kmem_cache *slab_caches;
DEFINE_SPINLOCK(slab_caches_lock);

/* The cache of caches: struct kmem_cache objects come from here. */
static struct kmem_cache kmem_cache_boot;
static struct kmem_cache *const kmem_cache = &kmem_cache_boot;

#define SLAB_MAX_ORDER 3

/*
 * Objects a slab should hold at least, when an order <= 3 allows it:
 * Linux 6.1's calculate_order() rule, 4 * (fls(nr_cpu_ids) + 1): 8 on one
 * CPU, 12 on two, 16 on four. More CPUs each keep a slab of their own, so
 * bigger slabs spread the cost of taking one (list_lock, the buddy) over
 * more allocations.
 */
static unsigned int slab_min_objects(void)
{
	return 4 * (32 - (unsigned int)__builtin_clz(nr_cpu_ids) + 1);
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
 * Slab order: the smallest order <= 3 whose slab holds slab_min_objects()
 * objects (at most what order 3 holds, as Linux clamps it) and wastes at
 * most 1/8 of its bytes; failing that, the order <= 3
 * with the least waste; objects above 32 KiB get a slab of their own size.
 */
static unsigned int cache_choose_order(unsigned int size)
{
	unsigned int best = 0;
	u64 min_objects = MIN((u64)slab_min_objects(), (PAGE_SIZE << SLAB_MAX_ORDER) / size);
	u64 best_used = 0;

	for (unsigned int order = 0; order <= SLAB_MAX_ORDER; order++) {
		u64 bytes = PAGE_SIZE << order, n = bytes / size;

		if (n >= min_objects && (bytes - n * size) * 8 <= bytes)
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
 *   the right red zone; the track (two callers) follows, then with red
 *   zones a word of padding; a left red zone of max(8, align) bytes keeps
 *   the object aligned.
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
	/*
	 * A red-zoned slot ends in a word of padding (Linux 6.1's
	 * calculate_sizes() adds it too): a write running past the track
	 * lands there, POISON_INUSE in a poisoned cache, and is reported.
	 */
	if (flags & SLAB_RED_ZONE)
		off += sizeof(void *);
	s->red_left_pad = (flags & SLAB_RED_ZONE) ? MAX(8U, align) : 0;
	s->size = ALIGN_UP(off + s->red_left_pad, align);
	s->order = cache_choose_order(s->size);
	if (s->order > MAX_ORDER)
		return -EINVAL;
	s->objects = (unsigned int)((PAGE_SIZE << s->order) / s->size);
	s->slab_mask = (PAGE_SIZE << s->order) - 1;
	s->slab_used = (unsigned long)s->objects * s->size;
	s->random = cache_random(s);
	s->partial = s->full = s->empty = PFN_NONE;
	s->nr_empty = 0;
	s->nr_slabs = 0;
	s->reports = 0;
	spin_lock_init(&s->list_lock);
	spin_lock(&slab_caches_lock);
	if (!slab_cpu_slot_get(s)) {
		spin_unlock(&slab_caches_lock);
		return -ENOMEM;
	}
	s->next = slab_caches;
	slab_caches = s;
	spin_unlock(&slab_caches_lock);
	return 0;
}

/*
 * As Linux 6.1's __kmem_cache_shrink() after flush_all(): every CPU's slab
 * back to the lists, then every empty slab back to the buddy.
 */
unsigned long kmem_cache_shrink(struct kmem_cache *s)
{
	unsigned long pages = 0, flags;

	slab_flush_all(s);
	spin_lock_irqsave(&s->list_lock, flags);
	while (s->empty != PFN_NONE) {
		struct page *head = pfn_to_page(s->empty);

		pfn_list_del(&s->empty, head);
		s->nr_empty--;
		slab_discard(s, head);
		pages += 1UL << s->order;
	}
	if (s->partial != PFN_NONE && !pfn_to_page(s->partial)->inuse) {
		struct page *head = pfn_to_page(s->partial);

		pfn_list_del(&s->partial, head);
		slab_discard(s, head);
		pages += 1UL << s->order;
	}
	spin_unlock_irqrestore(&s->list_lock, flags);
	return pages;
}

/*
 * The reserve: empty slabs on the lists (and a debug cache's empty
 * partial head), and CPU slabs with every object free.
 */
unsigned long slab_reserve_pages(void)
{
	unsigned long pages = 0;

	spin_lock(&slab_caches_lock);
	for (const struct kmem_cache *s = slab_caches; s; s = s->next) {
		pages += (unsigned long)s->nr_empty << s->order;
		if (s->partial != PFN_NONE && !pfn_to_page(s->partial)->inuse)
			pages += 1UL << s->order;
		for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
			if (kmem_cache_cpu_free(s, (int)cpu) == s->objects)
				pages += 1UL << s->order;
	}
	spin_unlock(&slab_caches_lock);
	return pages;
}

unsigned long slab_objects(void)
{
	unsigned long n = 0;

	spin_lock(&slab_caches_lock);
	for (const struct kmem_cache *s = slab_caches; s; s = s->next)
		n += kmem_cache_active_objs(s);
	spin_unlock(&slab_caches_lock);
	return n;
}

unsigned long slab_pages(void)
{
	unsigned long pages = 0;

	spin_lock(&slab_caches_lock);
	for (const struct kmem_cache *s = slab_caches; s; s = s->next)
		pages += s->nr_slabs << s->order;
	spin_unlock(&slab_caches_lock);
	return pages;
}

unsigned long kmem_cache_shrink_all(void)
{
	unsigned long pages = 0;

	spin_lock(&slab_caches_lock);
	for (struct kmem_cache *s = slab_caches; s; s = s->next)
		pages += kmem_cache_shrink(s);
	spin_unlock(&slab_caches_lock);
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
				pr_err("  object %p still allocated\n",
				       first + (size_t)i * s->size);
	}
}

/*
 * As Linux 6.1 (kmem_cache_destroy() -> __kmem_cache_shutdown()): every
 * CPU's slab is flushed first, so the objects still live are all on the
 * partial and full lists.
 */
int kmem_cache_destroy(struct kmem_cache *s)
{
	unsigned long live;

	might_sleep(); /* Linux takes slab_mutex */
	if (!s)
		return 0;
	slab_flush_all(s);
	live = kmem_cache_active_objs(s);
	if (s == kmem_cache || live) {
		slab_report(s, NULL, (u64)__builtin_return_address(0),
			    "kmem_cache_destroy: %lu objects remain; the cache is kept", live);
		report_live_objects(s, s->partial);
		report_live_objects(s, s->full);
		return -EBUSY;
	}
	kmem_cache_shrink(s);
	spin_lock(&slab_caches_lock);
	for (struct kmem_cache **p = &slab_caches; *p; p = &(*p)->next)
		if (*p == s) {
			*p = s->next;
			break;
		}
	slab_cpu_slot_put(s);
	spin_unlock(&slab_caches_lock);
	kmem_cache_free(kmem_cache, s);
	return 0;
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *))
{
	struct kmem_cache *s;
	int err;

	might_sleep(); /* Linux takes slab_mutex */
	s = kmem_cache_zalloc(kmem_cache, GFP_KERNEL);
	err = s ? cache_setup(s, name, size, align, flags, ctor) : -ENOMEM;
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
	slab_cpu_init();
	slub_debug_setup();
#ifdef CONFIG_KASAN
	/* KASAN reports name the allocation and free sites of slab objects. */
	slub_debug_flags |= SLAB_STORE_USER;
	kasan_set_object_describer(slab_describe_object);
#endif
	if (cache_setup(kmem_cache, "kmem_cache", sizeof(struct kmem_cache), 0, SLAB_HWCACHE_ALIGN,
			NULL))
		panic("%s: cannot set up the cache of caches", __func__);
	kmalloc_init();
}
