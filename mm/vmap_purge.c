// SPDX-License-Identifier: MIT
/*
 * The frees vmalloc does later: lazy purging of vfree()d areas and the
 * vfree()s deferred from interrupt context (Linux 6.1 mm/vmalloc.c:
 * free_vmap_area_noflush, purge_vmap_area_lazy, lazy_max_pages,
 * vm_unmap_aliases; __vfree_deferred, vfree_atomic).
 *
 * Lazy purge. vfree() clears the area's page-table entries at once and
 * hands the area here; it goes on the purge list. When the lazily freed
 * pages pass lazy_max_pages(), one flush_tlb_kernel_range() over the span
 * of the whole batch runs on every CPU, and only then do the areas' pages
 * go back to the buddy allocator and their ranges to the free tree: one
 * round of IPIs per batch instead of one per vfree().
 *
 * strata differs from Linux on purpose: Linux frees the pages at vfree()
 * time and keeps only the range, so until the purge another CPU may still
 * reach a page that was already reused through a stale TLB entry. Here the
 * pages stay allocated, held by the purge list (vm->held, counted in
 * held_pages) until the batch's shootdown, so that cannot happen. Holding
 * pages costs memory Linux does not hold, and keeps them from quick reuse,
 * so strata also purges when the held pages pass VMAP_HELD_MAX (or 1/16 of
 * a small RAM), and vmalloc() purges and retries once before it fails.
 *
 * Invariants:
 *  - an area on the purge list has VM_UNPURGED, no page-table entry, and
 *    is still in its space's busy tree: its range cannot be handed out;
 *  - vmap_lazy_nr = sum of their sizes in pages (guard pages included, as
 *    Linux counts va_end - va_start); held_pages = the pages on their
 *    vm->held lists, all allocated (PG_head, order 0);
 *  - [purge_start, purge_end) covers every area on the list.
 *
 * Deferred vfree. In interrupt context vfree() cannot take vmap_area_lock
 * (taken with interrupts on) or wait for a shootdown, so, as Linux does,
 * the address goes on this CPU's lock-free list (a cmpxchg push), linked
 * through the area's own first page: word 0 the next address, word 1 the
 * caller. Written through the page's direct-map address, which KASAN does
 * not poison. The first address on an empty list queues the CPU's work
 * item (kernel/workqueue.h), whose worker frees the list in task context,
 * as Linux's free_work(); the next vmalloc(), vfree() or purge in task
 * context empties every CPU's list first if it comes sooner
 * (vfree_deferred_run()). The boot CPU's worker runs when the shell
 * waits for a key, an AP's in its idle loop.
 *
 * Locking: purge_vmap_area_lock (Linux's name) guards the list, the span
 * and the counters; vmap_purge_lock serialises purges (Linux's mutex).
 * Lock order: vmap_purge_lock -> vmap_area_lock -> s->list_lock ->
 * zone->lock; purge_vmap_area_lock is a leaf. Context: task, except
 * vfree_deferred_add() (any, hardirq included).
 */
#include "mm/vmalloc_internal.h"
#include "arch/x86_64/cmpxchg.h"
#include "kernel/cpumask.h"
#include "kernel/percpu.h"
#include "kernel/preempt.h"
#include "kernel/backtrace.h"
#include "kernel/might_sleep.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/workqueue.h"
#include "lib/rwonce.h"
#include "mm/pfn_list.h"
#include "mm/tlbflush.h"

static DEFINE_SPINLOCK(purge_vmap_area_lock);
static DEFINE_SPINLOCK(vmap_purge_lock);
static struct vm_struct *purge_list; /* newest first, linked by vm->next */
static u64 purge_start = ~0ULL, purge_end;
static unsigned long vmap_lazy_nr, held_pages, nr_lazy_areas, nr_purges, nr_deferred;
static unsigned long lazy_max_override; /* 0: Linux's lazy_max_pages() */

/*
 * The most pages the purge list holds before it purges (strata's own
 * threshold: Linux holds none). Held pages miss the per-CPU page lists'
 * quick reuse: with 1/16 of RAM held, vfree()'s pages went back in batches
 * of thousands, through the buddy's merging, and the next vmalloc()s took
 * fresh ones by splitting; make bench's vmalloc_pair_64k and _1m then cost
 * up to a third more than Linux. 64 pages (256 KiB) keeps them in the
 * lists' reach: every vmalloc line below Linux at 1, 2 and 4 CPUs, for one
 * shootdown per 256 KiB vfree()d instead of one per vfree().
 */
#define VMAP_HELD_MAX 64UL

/* A CPU's deferred vfree()s and the work item that runs them (Linux's struct vfree_deferred). */
struct vfree_deferred {
	void *list; /* the newest address; each links to the next through its first page */
	struct work_struct wq;
};

static void free_work(struct work_struct *w);
static DEFINE_PER_CPU(struct vfree_deferred, vfree_deferred) = {
	.wq = {.func = free_work, .cpu = -1},
};

unsigned long lazy_max_pages(void)
{
	unsigned int log = 0;

	if (READ_ONCE(lazy_max_override))
		return READ_ONCE(lazy_max_override);
	for (unsigned int n = num_online_cpus(); n; n >>= 1) /* fls() */
		log++;
	return log * (32UL * 1024 * 1024 / PAGE_SIZE);
}

void vmap_set_lazy_max_pages(unsigned long pages)
{
	WRITE_ONCE(lazy_max_override, pages);
}

void vmap_lazy_stats(struct vmap_lazy_stats *st)
{
	spin_lock(&purge_vmap_area_lock);
	st->areas = nr_lazy_areas;
	st->lazy_pages = vmap_lazy_nr;
	st->held_pages = held_pages;
	st->purges = nr_purges;
	st->deferred = __atomic_load_n(&nr_deferred, __ATOMIC_RELAXED);
	spin_unlock(&purge_vmap_area_lock);
}

unsigned long vmap_lazy_areas(void)
{
	return READ_ONCE(nr_lazy_areas);
}

/* Free a held list's pages. */
static void vmap_free_held(u32 *held)
{
	struct page *page;

	while ((page = pfn_list_pop(held)))
		__free_pages(page, 0);
}

/*
 * The list reversed: the areas in the order they were vfree()d, so a
 * batch is released in the order an eager vfree() would have released it.
 */
static struct vm_struct *purge_list_oldest_first(struct vm_struct *list)
{
	struct vm_struct *rev = NULL, *next;

	for (; list; list = next) {
		next = list->next;
		list->next = rev;
		rev = list;
	}
	return rev;
}

/*
 * One purge:
 *   take the whole list and its span (under purge_vmap_area_lock)
 *   flush_tlb_kernel_range(span) on every CPU         one round of IPIs
 *   free every area's held pages
 *   release the ranges and vm_structs, then the page tables left empty,
 *       one walk per run of freed areas (vmalloc_areas_release)
 * Returns false if the list was empty (no flush).
 */
static bool purge_vmap_area_lazy(void)
{
	struct vm_struct *list, *vm;
	u64 start, end;

	spin_lock(&vmap_purge_lock);
	spin_lock(&purge_vmap_area_lock);
	list = purge_list;
	start = purge_start;
	end = purge_end;
	purge_list = NULL;
	purge_start = ~0ULL;
	purge_end = 0;
	/* Counted out now: nr_lazy_areas never exceeds the lazy areas in the trees. */
	for (vm = list; vm; vm = vm->next) {
		vmap_lazy_nr -= vm->size >> PAGE_SHIFT;
		held_pages -= vm->nr_held;
		nr_lazy_areas--;
	}
	if (list)
		nr_purges++;
	spin_unlock(&purge_vmap_area_lock);
	if (!list) {
		spin_unlock(&vmap_purge_lock);
		return false;
	}
	flush_tlb_kernel_range(start, end);
	for (vm = list; vm; vm = vm->next)
		vmap_free_held(&vm->held);
	vmalloc_areas_release(purge_list_oldest_first(list)); /* frees the vm_structs */
	spin_unlock(&vmap_purge_lock);
	return true;
}

void free_vmap_area_noflush(struct vm_struct *vm, u32 held, unsigned long nr_held)
{
	u64 start = (u64)vm->addr;
	bool over;

	spin_lock(&purge_vmap_area_lock);
	vm->held = held;
	vm->nr_held = (unsigned int)nr_held;
	vm->next = purge_list;
	purge_list = vm;
	purge_start = MIN(purge_start, start);
	purge_end = MAX(purge_end, start + vm->size);
	vmap_lazy_nr += vm->size >> PAGE_SHIFT;
	held_pages += nr_held;
	nr_lazy_areas++;
	over = vmap_lazy_nr > lazy_max_pages() ||
	       held_pages > MIN(totalram_pages / 16, VMAP_HELD_MAX);
	spin_unlock(&purge_vmap_area_lock);
	if (over) /* Linux schedules a work item; strata purges in this vfree() */
		purge_vmap_area_lazy();
}

bool vmap_purge_if_pending(void)
{
	vfree_deferred_run();
	return purge_vmap_area_lazy();
}

void vm_unmap_aliases(void)
{
	might_sleep();
	vmap_purge_if_pending();
}

/* The two words a deferred free keeps in its area's first page. */
static void **vfree_deferred_words(const void *addr)
{
	return page_address(vmalloc_to_page(addr));
}

void vfree_deferred_add(const void *addr, const void *caller)
{
	struct vfree_deferred *d = this_cpu_ptr(&vfree_deferred);
	void **head = &d->list;
	void **words, *old;

	if (!IS_ALIGNED((u64)addr, PAGE_SIZE) || !is_vmalloc_addr(addr) || !vmalloc_to_page(addr)) {
		__atomic_fetch_add(&vmalloc_reports, 1, __ATOMIC_RELAXED);
		pr_err("BUG: vfree(%llx) from interrupt context: not the start of a mapped vmalloc "
		       "area\n",
		       (unsigned long long)addr);
		pr_err("  caller: %pS; refused, nothing was changed\n", caller);
		dump_stack();
		return;
	}
	for (void *p = *head; p; p = vfree_deferred_words(p)[0]) {
		if (p != addr)
			continue;
		__atomic_fetch_add(&vmalloc_reports, 1, __ATOMIC_RELAXED);
		pr_err("BUG: vfree(%llx) from interrupt context: double free: already waiting "
		       "to be freed on CPU %d\n",
		       (unsigned long long)addr, smp_processor_id());
		pr_err("  caller: %pS; refused, nothing was changed\n", caller);
		dump_stack();
		return;
	}
	words = vfree_deferred_words(addr);
	words[1] = (void *)caller;
	do {
		old = READ_ONCE(*head);
		words[0] = old;
	} while (cmpxchg(head, old, (void *)addr) != old);
	__atomic_fetch_add(&nr_deferred, 1, __ATOMIC_RELAXED);
	if (!old)
		schedule_work_on(smp_processor_id(), &d->wq);
}

/* vfree() every address on one CPU's deferred list, taken whole. Task context. */
static void vfree_deferred_drain(struct vfree_deferred *d)
{
	void *p = xchg(&d->list, NULL);

	while (p) {
		void **words = vfree_deferred_words(p);
		void *next = words[0];

		vfree_caller(p, words[1]);
		p = next;
	}
}

/* A CPU's worker, in task context: that CPU's deferred vfree()s (Linux's free_work()). */
static void free_work(struct work_struct *w)
{
	vfree_deferred_drain(container_of(w, struct vfree_deferred, wq));
}

void vfree_deferred_run(void)
{
	unsigned int cpu;

	for_each_online_cpu (cpu) {
		vfree_deferred_drain(per_cpu_ptr(&vfree_deferred, cpu));
	}
}
