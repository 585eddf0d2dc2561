// SPDX-License-Identifier: MIT
/*
 * Test-managed resources: what a case holds is freed when the case ends,
 * whether it passed, failed, aborted on an ASSERT or skipped (the contract
 * is in tests/ktest.h; tests/ktest.c calls ktest_run_deferred() after each
 * case).
 *
 * Invariant: t->actions[0 .. nr_actions-1] are the pending actions, oldest
 * first; each runs at most once (it is dropped before it runs, so an action
 * that ends in a fault cannot run again). The table is inside struct ktest,
 * so registering never allocates and works with memory exhausted.
 */
#include "tests/ktest.h"
#include "lib/string.h"
#include "mm/mmzone.h"
#include "mm/page.h"
#include "mm/vmalloc.h"

void ktest_defer(struct ktest *t, void (*fn)(void *arg), void *arg)
{
	if (t->nr_actions == KTEST_MAX_ACTIONS) {
		fn(arg);
		ktest_fail(t, false, __FILE__, __LINE__,
			   "ktest_defer: %d actions already pending; this one ran at once",
			   KTEST_MAX_ACTIONS);
		klongjmp(&t->abort, 1); /* abort the case, as a failed ASSERT does */
	}
	t->actions[t->nr_actions].fn = fn;
	t->actions[t->nr_actions].arg = arg;
	t->nr_actions++;
}

/*
 * Remove the newest action whose arg is arg and return it in *out; false
 * (and a failed check naming who asked) if the case holds no such action.
 */
static bool take_action(struct ktest *t, void *arg, struct ktest_action *out, const char *who)
{
	for (unsigned int i = t->nr_actions; i-- > 0;) {
		if (t->actions[i].arg != arg)
			continue;
		*out = t->actions[i];
		memmove(&t->actions[i], &t->actions[i + 1],
			(t->nr_actions - i - 1) * sizeof(t->actions[0]));
		t->nr_actions--;
		return true;
	}
	ktest_fail(t, false, __FILE__, __LINE__, "%s(%p): the case holds no such resource", who,
		   arg);
	return false;
}

void ktest_release(struct ktest *t, void *arg)
{
	struct ktest_action a;

	if (take_action(t, arg, &a, "ktest_release"))
		a.fn(a.arg);
}

void ktest_forget(struct ktest *t, void *arg)
{
	struct ktest_action a;

	take_action(t, arg, &a, "ktest_forget");
}

void ktest_run_deferred(struct ktest *t)
{
	while (t->nr_actions) {
		struct ktest_action a = t->actions[--t->nr_actions];

		a.fn(a.arg);
	}
}

static void kfree_action(void *p)
{
	kfree(p);
}

void *ktest_kmalloc(struct ktest *t, size_t size, gfp_t gfp)
{
	void *p = kmalloc(size, gfp);

	if (p)
		ktest_defer(t, kfree_action, p);
	return p;
}

/* The block's order is in its head page while it is allocated (mm/page.h). */
static void free_pages_action(void *arg)
{
	struct page *page = arg;

	__free_pages(page, page->order);
}

struct page *ktest_alloc_pages(struct ktest *t, gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	if (page)
		ktest_defer(t, free_pages_action, page);
	return page;
}

/* The blocks ktest_hold_free_pages() took: a list through the blocks themselves. */
struct held_block {
	struct held_block *next;
	unsigned int order;
};

static void free_held_action(void *head)
{
	for (struct held_block *b = head, *next; b; b = next) {
		next = b->next;
		free_pages((unsigned long)b, b->order);
	}
}

void *ktest_hold_free_pages(struct ktest *t, u64 keep)
{
	struct held_block *head = NULL, *tail = NULL;

	for (int order = MAX_ORDER; order >= 0; order--) {
		while (nr_free_pages() >= keep + (1UL << order)) {
			struct held_block *b = (struct held_block *)__get_free_pages(
				GFP_KERNEL | __GFP_NOWARN, (unsigned int)order);

			if (!b)
				break;
			b->next = NULL;
			b->order = (unsigned int)order;
			if (tail)
				tail->next = b;
			else
				head = b;
			tail = b;
		}
	}
	if (head)
		ktest_defer(t, free_held_action, head);
	return head;
}

static void min_free_kbytes_action(void *kbytes)
{
	min_free_kbytes_set((int)(unsigned long)kbytes);
}

void ktest_set_min_free_kbytes(struct ktest *t, int kbytes)
{
	ktest_defer(t, min_free_kbytes_action, (void *)(unsigned long)min_free_kbytes);
	min_free_kbytes_set(kbytes);
}

static void vfree_action(void *p)
{
	vfree(p);
}

void *ktest_vmalloc(struct ktest *t, unsigned long size)
{
	void *p = vmalloc(size);

	if (p)
		ktest_defer(t, vfree_action, p);
	return p;
}

static void kvfree_action(void *p)
{
	kvfree(p);
}

void *ktest_kvmalloc(struct ktest *t, size_t size, gfp_t gfp)
{
	void *p = kvmalloc(size, gfp);

	if (p)
		ktest_defer(t, kvfree_action, p);
	return p;
}

static void vunmap_action(void *p)
{
	vunmap(p);
}

void *ktest_vmap(struct ktest *t, struct page **pages, unsigned int count, u64 prot)
{
	void *p = vmap(pages, count, VM_MAP, prot);

	if (p)
		ktest_defer(t, vunmap_action, p);
	return p;
}

static void free_areas_action(void *arg)
{
	struct ktest_areas *a = arg;

	for (unsigned int i = 0; i < a->n; i++) {
		if (a->vmapped)
			vunmap(a->area[i]);
		else
			vfree(a->area[i]);
		a->area[i] = NULL;
	}
}

void ktest_hold_areas(struct ktest *t, struct ktest_areas *a)
{
	ktest_defer(t, free_areas_action, a);
}

static void cache_destroy_action(void *s)
{
	kmem_cache_destroy(s);
}

struct kmem_cache *ktest_kmem_cache_create(struct ktest *t, const char *name, unsigned int size,
					   unsigned int align, slab_flags_t flags,
					   void (*ctor)(void *))
{
	struct kmem_cache *s = kmem_cache_create(name, size, align, flags, ctor);

	if (s)
		ktest_defer(t, cache_destroy_action, s);
	return s;
}

/* Every page of a slab names its cache (mm/page.h), so the object alone is enough. */
static void cache_free_action(void *obj)
{
	kmem_cache_free(virt_to_page(obj)->slab_cache, obj);
}

void *ktest_kmem_cache_alloc(struct ktest *t, struct kmem_cache *s, gfp_t gfp)
{
	void *obj = kmem_cache_alloc(s, gfp);

	if (obj)
		ktest_defer(t, cache_free_action, obj);
	return obj;
}
