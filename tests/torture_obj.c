// SPDX-License-Identifier: MIT
/*
 * The torture test's objects: allocate one of a random kind and size, check
 * what the allocator promised, pattern it; at its free, check the pattern
 * on the freeing CPU and give it back the way its kind is freed.
 *
 * Each allocation checks what its call promises: a page block lies in the
 * zone asked for (or a lower one) and is aligned to its size; kzalloc,
 * vzalloc, kvzalloc and __GFP_ZERO memory reads zero; a cache object holds
 * its constructor's pattern. Every allocation is __GFP_NOWARN: under
 * pressure a NULL is normal here, counted, not reported.
 */
#include "tests/torture_internal.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "mm/mmzone.h"
#include "mm/page.h"
#include "mm/vmalloc.h"
#include "lib/xorshift.h"

const char *const torture_kind_names[NR_TORTURE_KINDS] = {
	"pages", "kmalloc", "cache", "vmalloc", "vmap", "kvmalloc",
};

#define VMAP_MAX_PAGES 8
#define VMALLOC_MAX_BYTES (32 * PAGE_SIZE)
#define KVMALLOC_MAX_BYTES (64UL * 1024)
#define KMALLOC_LARGE_MAX (512UL * 1024)

static const gfp_t zone_gfp[MAX_NR_ZONES] = {GFP_DMA, GFP_DMA32, 0};

/* A size of kmalloc: any of its classes, or (one time in eight) beyond them. */
static size_t kmalloc_random_size(u64 r)
{
	size_t hi, lo;

	if (r % 8 == 0)
		return KMALLOC_MAX_CACHE_SIZE + 1 + (r >> 8) % KMALLOC_LARGE_MAX;
	hi = (size_t)1 << (3 + (r >> 3) % 11); /* 8 .. 8192 */
	lo = hi / 2;
	return lo + 1 + (r >> 16) % (hi - lo);
}

/* The new object's handle: its serial from counts c, its CPU and context. */
static void obj_start(struct torture_obj *o, struct torture_counts *c, enum torture_kind kind,
		      size_t size, bool in_irq)
{
	*o = (struct torture_obj){
		.serial = (u64)smp_processor_id() << 48 | (u64)in_irq << 47 | c->serials++,
		.size = size,
		.kind = (u8)kind,
		.alloc_cpu = (u8)smp_processor_id(),
		.in_irq = in_irq,
	};
}

/*
 * Check what a fresh object must hold (zeroes if zero, the constructor's
 * pattern for a cache object), then write its pattern and count it.
 */
static void obj_finish(struct torture_run *run, struct torture_counts *c, struct torture_obj *o,
		       bool zero)
{
	if (o->kind == TK_CACHE)
		torture_expect_constructed(run, o);
	else if (zero)
		torture_expect_bytes(run, o, o->addr, 0, o->size, 0, "zeroes at allocation");
	torture_pattern_fill(run->cfg.seed, o, o->addr, 0, o->size);
	c->ops[o->kind]++;
	__atomic_fetch_add(&run->live_bytes, (long)o->size, __ATOMIC_RELAXED);
}

/* alloc_pages(): a block of the zone asked for (or below it), aligned to its size. */
static bool alloc_page_block(struct torture_run *run, struct torture_obj *o, gfp_t gfp,
			     enum zone_type zone)
{
	struct page *page = alloc_pages(gfp | zone_gfp[zone] | __GFP_NOWARN, o->order);
	pfn_t pfn;

	if (!page)
		return false;
	o->addr = page_address(page);
	pfn = page_to_pfn(page);
	if ((pfn_zone(pfn) > zone || pfn % (1UL << o->order)) && torture_error(run))
		pr_err("torture: FAIL: alloc_pages(order %u, zone %u) gave pfn %#llx: zone %u, "
		       "or not aligned\n",
		       o->order, zone, (unsigned long long)pfn, pfn_zone(pfn));
	return true;
}

/* vmap() of n fresh order-0 pages; the pages array is kept in o to free them. */
static bool alloc_vmap(struct torture_obj *o, gfp_t gfp, unsigned int n)
{
	unsigned int got = 0;

	o->pages = kmalloc_array(n, sizeof(struct page *), gfp | __GFP_NOWARN);
	if (!o->pages)
		return false;
	while (got < n && (o->pages[got] = alloc_pages(gfp | __GFP_NOWARN, 0)))
		got++;
	if (got == n)
		o->addr = vmap(o->pages, n, VM_MAP, PAGE_KERNEL);
	if (o->addr)
		return true;
	while (got--)
		__free_pages(o->pages[got], 0);
	kfree(o->pages);
	o->pages = NULL;
	return false;
}

int torture_obj_alloc(struct torture_cpu *pc, struct torture_obj *o)
{
	struct torture_run *run = pc->run;
	u64 r = xorshift64star(&pc->rng), r2 = xorshift64star(&pc->rng);
	gfp_t gfp = r2 % 2 ? GFP_KERNEL : GFP_ATOMIC;
	bool zero = r2 % 3 == 0;
	unsigned int pick = r % 100, order = 0;
	enum torture_kind kind;
	size_t size;

	if (pick < 25) {
		kind = TK_PAGES;
		order = (r >> 8) % 8 ? (r >> 16) % 3 : (r >> 16) % (MAX_ORDER + 1);
		size = PAGE_SIZE << order;
	} else if (pick < 60) {
		kind = TK_KMALLOC;
		size = kmalloc_random_size(r >> 8);
	} else if (pick < 85) {
		kind = TK_CACHE;
		order = (r >> 8) % TORTURE_NR_CACHES;
		size = torture_cache_size(order);
	} else if (pick < 90) {
		kind = TK_VMALLOC;
		size = 1 + (r >> 8) % VMALLOC_MAX_BYTES;
	} else if (pick < 94) {
		kind = TK_VMAP;
		size = PAGE_SIZE * (1 + (r >> 8) % VMAP_MAX_PAGES);
	} else {
		kind = TK_KVMALLOC;
		size = 1 + (r >> 8) % KVMALLOC_MAX_BYTES;
	}
	if (__atomic_load_n(&run->live_bytes, __ATOMIC_RELAXED) + (long)size > run->budget_bytes)
		return -1;
	obj_start(o, &pc->c, kind, size, false);
	o->order = (u8)order;
	switch (kind) {
	case TK_PAGES:
		if (!alloc_page_block(run, o, gfp | (zero ? __GFP_ZERO : 0),
				      (enum zone_type)((r2 >> 8) % MAX_NR_ZONES)))
			goto failed;
		break;
	case TK_KMALLOC:
		o->addr = zero ? kzalloc(size, gfp | __GFP_NOWARN)
			       : kmalloc(size, gfp | __GFP_NOWARN);
		break;
	case TK_CACHE:
		o->addr = kmem_cache_alloc(run->cache[order], gfp | __GFP_NOWARN);
		break;
	case TK_VMALLOC:
		o->addr = __vmalloc(size, GFP_KERNEL | __GFP_NOWARN | (zero ? __GFP_ZERO : 0));
		break;
	case TK_VMAP:
		if (!alloc_vmap(o, GFP_KERNEL, (unsigned int)(size / PAGE_SIZE)))
			goto failed;
		zero = false;
		break;
	default:
		o->addr = zero ? kvzalloc(size, GFP_KERNEL | __GFP_NOWARN)
			       : kvmalloc(size, GFP_KERNEL | __GFP_NOWARN);
		break;
	}
	if (!o->addr)
		goto failed;
	obj_finish(run, &pc->c, o, zero);
	return 1;
failed:
	pc->c.failures++;
	return 0;
}

int torture_obj_alloc_slab(struct torture_cpu *pc, struct torture_obj *o, u64 r)
{
	struct torture_run *run = pc->run;
	unsigned int cache = (unsigned int)((r >> 1) % TORTURE_NR_CACHES);

	if (r % 2) {
		obj_start(o, &pc->c, TK_CACHE, torture_cache_size(cache), false);
		o->order = (u8)cache;
		o->addr = kmem_cache_alloc(run->cache[cache], GFP_KERNEL | __GFP_NOWARN);
	} else {
		obj_start(o, &pc->c, TK_KMALLOC, 1 + (r >> 8) % 256, false);
		o->addr = kmalloc(o->size, GFP_KERNEL | __GFP_NOWARN);
	}
	if (!o->addr) {
		pc->c.failures++;
		return 0;
	}
	obj_finish(run, &pc->c, o, false);
	return 1;
}

int torture_obj_alloc_atomic(struct torture_cpu *pc, struct torture_obj *o)
{
	struct torture_run *run = pc->run;
	u64 r = xorshift64star(&pc->tick_rng);
	unsigned int order = 0;
	bool zero = (r >> 4) % 4 == 0;

	switch (r % 3) {
	case 0:
		order = (r >> 8) % 3;
		obj_start(o, &pc->tick_c, TK_PAGES, PAGE_SIZE << order, true);
		o->order = (u8)order;
		if (!alloc_page_block(run, o, GFP_ATOMIC | (zero ? __GFP_ZERO : 0),
				      (enum zone_type)((r >> 16) % MAX_NR_ZONES)))
			goto failed;
		break;
	case 1:
		obj_start(o, &pc->tick_c, TK_KMALLOC, 1 + (r >> 8) % 2048, true);
		o->addr = zero ? kzalloc(o->size, GFP_ATOMIC | __GFP_NOWARN)
			       : kmalloc(o->size, GFP_ATOMIC | __GFP_NOWARN);
		break;
	default:
		order = (r >> 8) % TORTURE_NR_CACHES;
		obj_start(o, &pc->tick_c, TK_CACHE, torture_cache_size(order), true);
		o->order = (u8)order;
		o->addr = kmem_cache_alloc(run->cache[order], GFP_ATOMIC | __GFP_NOWARN);
		break;
	}
	if (!o->addr)
		goto failed;
	obj_finish(run, &pc->tick_c, o, zero);
	pc->tick_c.irq_ops++;
	return 1;
failed:
	pc->tick_c.failures++;
	return 0;
}

void torture_obj_free(struct torture_run *run, struct torture_counts *c, struct torture_obj *o)
{
	torture_expect_bytes(run, o, o->addr, 0, o->size, -1, "pattern at free");
	if (o->kind == TK_VMAP)
		for (size_t i = 0; i < o->size / PAGE_SIZE; i++)
			torture_expect_bytes(run, o, page_address(o->pages[i]), i * PAGE_SIZE,
					     PAGE_SIZE, -1, "pattern through the direct map");
	if (o->alloc_cpu != smp_processor_id())
		c->remote_frees++;
	switch (o->kind) {
	case TK_PAGES:
		__free_pages(virt_to_page(o->addr), o->order);
		break;
	case TK_KMALLOC:
		kfree(o->addr);
		break;
	case TK_CACHE:
		torture_ctor_restore(o);
		kmem_cache_free(run->cache[o->order], o->addr);
		break;
	case TK_VMALLOC:
		vfree(o->addr);
		break;
	case TK_VMAP:
		vunmap(o->addr);
		for (size_t i = 0; i < o->size / PAGE_SIZE; i++)
			__free_pages(o->pages[i], 0);
		kfree(o->pages);
		break;
	default:
		kvfree(o->addr);
		break;
	}
	__atomic_fetch_sub(&run->live_bytes, (long)o->size, __ATOMIC_RELAXED);
	o->addr = NULL;
}
