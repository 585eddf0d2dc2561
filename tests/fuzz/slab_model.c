// SPDX-License-Identifier: MIT
/*
 * The model of the slab fuzz target (tests/fuzz/fuzz_slab.c): the live
 * objects it holds, the reports it expects, and the checks run after every
 * operation. Contract in tests/fuzz/slab_model.h.
 */
#include "mm/mmzone.h"
#include "mm/page_info.h"
#include "mm/slab_internal.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/slab_model.h"
#include "tests/host/kernel_shim.h"
#include "tests/host/sim_machine.h"

struct slot slot[SLOTS];
struct kmem_cache *caches[CACHES];
u64 reports;
u64 destroyed_reports;
unsigned long objects_base;
bool bug_expected;
struct buddy_snapshot init_snapshot;
static u8 serial; /* tags of successive objects */

/* Boot the simulated machine and the slab layer afresh: one input, one run. */
void machine_reset(void)
{
	sim_machine_reset(RAM_START, RAM_BYTES);
	slab_caches = NULL;
	slub_debug_flags = 0;
	kmem_cache_init();
	objects_base = slab_objects();
	buddy_snapshot(&init_snapshot);
	memset(slot, 0, sizeof(slot));
	memset(caches, 0, sizeof(caches));
	reports = destroyed_reports = 0;
	serial = 0;
	shim_log_clear();
}

static u64 reports_seen(void)
{
	u64 n = destroyed_reports;

	for (const struct kmem_cache *s = slab_caches; s; s = s->next)
		n += s->reports;
	return n;
}

static unsigned long model_slab_objects(void)
{
	unsigned long n = objects_base;

	for (int c = 0; c < CACHES; c++)
		n += caches[c] != NULL; /* its struct kmem_cache */
	for (int i = 0; i < SLOTS; i++)
		if (slot[i].p && !slot[i].large)
			n++;
	return n;
}

void check_all(const char *after)
{
	char why[200];

	for (struct kmem_cache *s = slab_caches; s; s = s->next)
		FUZZ_CHECK(kmem_cache_validate(s) == 0, "after %s: cache %s does not validate:\n%s",
			   after, s->name, shim_log);
	FUZZ_CHECK(buddy_check_invariants(why, sizeof(why)), "after %s: %s", after, why);
	FUZZ_CHECK(slab_objects() == model_slab_objects(), "after %s: %lu slab objects, model %lu",
		   after, slab_objects(), model_slab_objects());
	FUZZ_CHECK(reports_seen() == reports, "after %s: %llu reports, expected %llu:\n%s", after,
		   (unsigned long long)reports_seen(), (unsigned long long)reports, shim_log);
	FUZZ_CHECK(!shim_log_contains("BUG") || bug_expected, "after %s: unexpected report:\n%s",
		   after, shim_log);
	shim_log_clear();
	bug_expected = false;
}

/* Could GFP_KERNEL get a block of this order from the buddy (any zone)? */
bool buddy_has_block(unsigned int order)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (unsigned int o = order; o <= MAX_ORDER; o++)
			if (zones[z].free_area[o].nr_free)
				return true;
	return false;
}

/* May an allocation from s fail: no free object and no block for a new slab? */
bool cache_may_fail(const struct kmem_cache *s)
{
	return s->partial == PFN_NONE && s->empty == PFN_NONE && !buddy_has_block(s->order);
}

static bool bytes_are(const u8 *p, size_t n, u8 value)
{
	static u8 ref[PAGE_SIZE];

	/* memcmp in page chunks, not a byte loop: libFuzzer would trace every comparison. */
	memset(ref, value, sizeof(ref));
	for (size_t k = 0; k < n; k += sizeof(ref))
		if (memcmp(p + k, ref, MIN(sizeof(ref), n - k)))
			return false;
	return true;
}

void check_intact(const struct slot *s, const char *when)
{
	FUZZ_CHECK(bytes_are(s->p, s->size, s->tag), "%s: object %p (%zu bytes) lost its contents",
		   when, (void *)s->p, s->size);
}

/* Record a new object in slot i, checking where it lies, and fill it. */
void model_take(int i, u8 *p, size_t size, int cache, size_t align, bool zeroed)
{
	u64 phys = virt_to_phys(p);

	FUZZ_CHECK(phys >= RAM_START && phys + size <= RAM_START + RAM_BYTES,
		   "object %p (%zu bytes) outside RAM", (void *)p, size);
	FUZZ_CHECK(IS_ALIGNED((u64)p, align), "object %p of %s not aligned to %zu", (void *)p,
		   cache < 0 ? "kmalloc" : caches[cache]->name, align);
	for (int k = 0; k < SLOTS; k++)
		FUZZ_CHECK(!slot[k].p || p + size <= slot[k].p || slot[k].p + slot[k].size <= p,
			   "object %p (%zu bytes) overlaps %p (%zu bytes)", (void *)p, size,
			   (void *)slot[k].p, slot[k].size);
	if (zeroed)
		FUZZ_CHECK(bytes_are(p, size, 0), "zeroed object %p is not zero", (void *)p);
	slot[i].p = p;
	slot[i].size = size;
	slot[i].cache = cache;
	/* By the memory, not the size: krealloc shrinks a large kmalloc in place. */
	slot[i].large = cache < 0 && ksize(p) > KMALLOC_MAX_CACHE_SIZE;
	slot[i].tag = (u8)(1 + serial++ % 255);
	memset(p, slot[i].tag, size);
}

/*
 * The alignment kmalloc memory at p has: its size class's, up to PAGE_SIZE
 * (8 for 96 and 192), or a page for a large one. By the class p is in, not
 * the size asked: krealloc keeps a smaller size in place.
 */
size_t kmalloc_align(const void *p)
{
	size_t class = ksize(p);

	if (class > KMALLOC_MAX_CACHE_SIZE)
		return PAGE_SIZE;
	return class & (class - 1) ? 8 : MIN(class, PAGE_SIZE);
}

/* May a kmalloc of size fail? Too big, or no memory for its class or pages. */
bool kmalloc_may_fail(size_t size)
{
	if (size > KMALLOC_MAX_SIZE)
		return true;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return !buddy_has_block(get_order(size));
	return cache_may_fail(kmalloc_slab(size));
}

void model_free(struct slot *s, const char *when)
{
	check_intact(s, when);
	if (s->cache >= 0)
		kmem_cache_free(caches[s->cache], s->p);
	else
		kfree(s->p);
	s->p = NULL;
}
