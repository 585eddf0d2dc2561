// SPDX-License-Identifier: MIT
/*
 * kmalloc() and friends: general-purpose allocations served by thirteen
 * caches of fixed size classes (8 .. 8192 bytes) from mm/slab.c, and above
 * KMALLOC_MAX_CACHE_SIZE straight from the buddy allocator.
 *
 * Invariants:
 *  - kmalloc(0) returns ZERO_SIZE_PTR, as Linux does; kfree() ignores it
 *    and ksize() says 0, like NULL;
 *  - a request of n bytes goes to the smallest class >= n (kmalloc_index);
 *  - power-of-two classes are aligned to their size (their caches are made
 *    with align = size), 96 to 32 and 192 to 64, as in Linux;
 *  - a large allocation is a buddy block whose head page has PG_head and
 *    PG_kmalloc, so kfree() and ksize() tell it from a slab in O(1) and
 *    __free_pages() refuses it.
 * Per class and per CPU, kmalloc_stats counts the calls and the bytes
 * asked for, for the waste report of mm/slabinfo.c: each CPU adds to its
 * own copy with one instruction (this_cpu_add), so the counters need no
 * lock and share no cache line; readers sum the copies.
 */
#include "mm/slab_internal.h"
#include "mm/kasan.h"
#include "kernel/backtrace.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "lib/compiler.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

const unsigned int kmalloc_sizes[NR_KMALLOC_CACHES] = {8,   16,	 32,   64,   96,   128, 192,
						       256, 512, 1024, 2048, 4096, 8192};
struct kmem_cache *kmalloc_caches[NR_KMALLOC_CACHES];

/* One CPU's counts for one size class. */
struct kmalloc_stat {
	u64 requests; /* kmalloc calls this CPU served from the class */
	u64 bytes;    /* bytes those calls asked for */
};
static DEFINE_PER_CPU(struct kmalloc_stat, kmalloc_stats[NR_KMALLOC_CACHES]);

void kmalloc_stats_read(unsigned int i, u64 *requests, u64 *bytes)
{
	*requests = *bytes = 0;
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		const struct kmalloc_stat *st = &per_cpu(kmalloc_stats[i], cpu);

		*requests += st->requests;
		*bytes += st->bytes;
	}
}

/* Class index of sizes 1..192 by (size - 1) / 8, like Linux's size_index[]. */
static const u8 kmalloc_small_index[24] = {
	0, 1, 2, 2, 3, 3, 3, 3, /* 8, 16, 32, 32, 64 x4 */
	4, 4, 4, 4,		/* 72..96 -> 96 */
	5, 5, 5, 5,		/* 104..128 -> 128 */
	6, 6, 6, 6, 6, 6, 6, 6, /* 136..192 -> 192 */
};

/*
 * The class of a request of size bytes (1..8192):
 *   size <= 192: kmalloc_small_index[(size - 1) / 8]
 *   else:        256 << k is the first power of two >= size: index 7 + k
 */
static unsigned int kmalloc_index(size_t size)
{
	if (size <= 192)
		return kmalloc_small_index[(size - 1) / 8];
	return 7 + (unsigned int)(64 - __builtin_clzl(size - 1)) - 8;
}

struct kmem_cache *kmalloc_slab(size_t size)
{
	if (!size || size > KMALLOC_MAX_CACHE_SIZE)
		return NULL;
	return kmalloc_caches[kmalloc_index(size)];
}

/* Set once the over-limit warning has been printed (Linux's WARN_ON_ONCE flag). */
static bool kmalloc_large_warned;

void kmalloc_clear_warn_once(void)
{
	kmalloc_large_warned = false;
}

/*
 * Above KMALLOC_MAX_SIZE. Linux 6.1's kmalloc_large() asks the page
 * allocator for order get_order(size) >= MAX_ORDER (6.1's bound is
 * exclusive: 11), and __alloc_pages() refuses it with
 * WARN_ON_ONCE_GFP(order >= MAX_ORDER, gfp): one "WARNING" and a backtrace
 * for the first such request of the boot, none with __GFP_NOWARN, and NULL.
 * strata refuses here, before the page allocator, in the same way.
 */
static void kmalloc_too_large(size_t size, gfp_t gfp, u64 caller)
{
	char why[96];

	if ((gfp & __GFP_NOWARN) || kmalloc_large_warned)
		return;
	kmalloc_large_warned = true;
	snprintf(why, sizeof(why), "kmalloc(%zu) from %pS: above KMALLOC_MAX_SIZE (%lu)", size,
		 (void *)caller, KMALLOC_MAX_SIZE);
	warn_report(__FILE__, __LINE__, __func__, why);
}

/* A large allocation: a buddy block marked PG_kmalloc (out of line: kmalloc() saves no register). */
static __attribute__((noinline)) void *kmalloc_large(size_t size, gfp_t gfp, u64 caller)
{
	struct page *page;

	if (size > KMALLOC_MAX_SIZE) {
		kmalloc_too_large(size, gfp, caller);
		return NULL;
	}
	page = alloc_pages(gfp, get_order(size));
	if (!page)
		return NULL;
	page->flags |= PG_kmalloc;
	page->caller = caller;
	kasan_poison(page_address(page), PAGE_SIZE << page->order, KASAN_PAGE_REDZONE);
	kasan_unpoison(page_address(page), size);
	return page_address(page);
}

/* Inline in each entry point, so kmalloc() reaches slab_alloc() in one tail call. */
static __attribute__((always_inline)) inline void *kmalloc_caller(size_t size, gfp_t gfp,
								  u64 caller)
{
	unsigned int i;

	if (unlikely(size - 1 >= KMALLOC_MAX_CACHE_SIZE))
		return size ? kmalloc_large(size, gfp, caller) : ZERO_SIZE_PTR;
	void *obj;

	i = kmalloc_index(size);
	this_cpu_inc(kmalloc_stats[i].requests);
	this_cpu_add(kmalloc_stats[i].bytes, size);
	obj = slab_alloc(kmalloc_caches[i], gfp, caller);
	/* KASAN: only the bytes asked for are valid, not the whole size class. */
	if (obj) {
		kasan_poison(obj, kmalloc_caches[i]->object_size, KASAN_SLAB_REDZONE);
		kasan_unpoison(obj, size);
	}
	return obj;
}

void *kmalloc(size_t size, gfp_t gfp)
{
	return kmalloc_caller(size, gfp, (u64)__builtin_return_address(0));
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc_caller(size, gfp | __GFP_ZERO, (u64)__builtin_return_address(0));
}

void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc_caller(bytes, gfp, (u64)__builtin_return_address(0));
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc_caller(bytes, gfp | __GFP_ZERO, (u64)__builtin_return_address(0));
}

/* The head page of a large kmalloc at p, or NULL. */
static struct page *kmalloc_large_page(const void *p)
{
	struct page *page;

	if (!is_direct_map_addr((u64)p) || !pfn_valid(virt_to_phys(p) >> PAGE_SHIFT))
		return NULL;
	page = virt_to_page(p);
	if ((page->flags & (PG_head | PG_kmalloc)) != (PG_head | PG_kmalloc) ||
	    p != page_address(page))
		return NULL;
	return page;
}

/* A pointer that is in no slab: a large kmalloc, or a bad free (reported). */
static __attribute__((noinline)) void kfree_large(const void *p, u64 caller)
{
	struct page *page = kmalloc_large_page(p);

	if (!page) {
		pr_err("BUG kmalloc: kfree(%p): not an address kmalloc returned; refused\n", p);
		pr_err("  caller: %pS\n", (void *)caller);
		dump_stack();
		return;
	}
	page->flags &= ~PG_kmalloc;
	__free_pages(page, page->order);
}

static __attribute__((always_inline)) inline void kfree_caller(const void *p, u64 caller)
{
	struct page *head;

	if (ZERO_OR_NULL_PTR(p))
		return;
	head = slab_of(p);
	if (likely(head))
		slab_free(head->slab_cache, head, (void *)p, caller);
	else
		kfree_large(p, caller);
}

void kfree(const void *p)
{
	kfree_caller(p, (u64)__builtin_return_address(0));
}

/*
 * As in Linux, the caller may use all ksize() bytes, so under KASAN the
 * whole object becomes valid.
 */
size_t ksize(const void *p)
{
	struct page *head = ZERO_OR_NULL_PTR(p) ? NULL : slab_of(p);
	size_t size = 0;

	if (head)
		size = head->slab_cache->object_size;
	else if ((head = ZERO_OR_NULL_PTR(p) ? NULL : kmalloc_large_page(p)))
		size = PAGE_SIZE << head->order;
	kasan_unpoison(p, size);
	return size;
}

/*
 * krealloc, as Linux 6.1's: new_size 0 frees p and returns ZERO_SIZE_PTR;
 * if the new size still fits the object (ksize), keep it in place; else
 * allocate, copy min(old, new) bytes, free the old object. p may be NULL or
 * ZERO_SIZE_PTR (ksize 0: nothing to copy).
 */
void *krealloc(const void *p, size_t new_size, gfp_t gfp)
{
	u64 caller = (u64)__builtin_return_address(0);
	size_t old = ksize(p);
	void *n;

	if (!new_size) {
		kfree_caller(p, caller);
		return ZERO_SIZE_PTR;
	}
	if (new_size <= old)
		return (void *)p;
	n = kmalloc_caller(new_size, gfp, caller);
	if (!n)
		return NULL;
	if (old)
		memcpy(n, p, old);
	kfree_caller(p, caller);
	return n;
}

char *kstrdup(const char *s, gfp_t gfp)
{
	size_t n;
	char *d;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	d = kmalloc_caller(n, gfp, (u64)__builtin_return_address(0));
	if (d)
		memcpy(d, s, n);
	return d;
}

/*
 * The kmalloc caches, named as Linux 6.1 names them (kmalloc_info[] in
 * mm/slab_common.c): "kmalloc-<size>" below 1 KiB, "kmalloc-1k" .. "-8k"
 * from there; power-of-two classes aligned to their size.
 */
void kmalloc_init(void)
{
	for (unsigned int i = 0; i < NR_KMALLOC_CACHES; i++) {
		unsigned int size = kmalloc_sizes[i];
		unsigned int align = (size & (size - 1)) ? 8 : MIN(size, (unsigned int)PAGE_SIZE);
		char name[16];

		if (size >= 1024)
			snprintf(name, sizeof(name), "kmalloc-%uk", size >> 10);
		else
			snprintf(name, sizeof(name), "kmalloc-%u", size);
		kmalloc_caches[i] = kmem_cache_create(name, size, align, SLAB_PANIC, NULL);
	}
}
