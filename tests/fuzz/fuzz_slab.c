// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the slab core (mm/slab.c, slab_cache.c, slab_debug.c,
 * kmalloc.c) on the host build of the buddy allocator, over a simulated
 * RAM of 8 MiB (tests/host/sim_machine.c): small enough that kmalloc and
 * new slabs run out of pages now and then.
 *
 * Input: each byte is an operation, with a slot index and operands in the
 * bytes after it:
 *   kmem_cache_create of one of four test caches (size, align, sometimes
 *   invalid ones; HWCACHE_ALIGN, a constructor, the debug flags F, Z, P, U)
 *   or, if it exists, kmem_cache_destroy (refused while objects are live);
 *   kmem_cache_alloc / kmem_cache_zalloc; kmalloc / kzalloc of 0 bytes to
 *   past KMALLOC_MAX_SIZE; krealloc (grow, shrink, to 0, from NULL); free
 *   (then sometimes the same free again); kmem_cache_shrink of a cache or
 *   of all; and misuse: a free of a pointer inside a live object.
 *
 * A model of the live objects (up to 64 slots) is checked after every
 * operation, with kmem_cache_validate() of every cache and
 * buddy_check_invariants(): objects never overlap, are aligned as the cache
 * or the kmalloc size class promises, lie in RAM, are zero when asked,
 * keep the pattern written into them until freed (checked before every
 * free) and through krealloc; NULL comes back only for invalid requests or
 * when the cache has no free object and the buddy no block of its slab
 * order; slab_objects matches the model; every misuse and every refused
 * destroy is reported exactly once and changes nothing, and nothing else is
 * reported. At the end everything is freed, the caches destroyed and
 * shrunk, and the buddy must be exactly as after kmem_cache_init().
 */
#include "lib/errno.h"
#include "mm/mmzone.h"
#include "mm/page_info.h"
#include "mm/slab.h"
#include "mm/slab_internal.h"
#include "tests/fuzz/fuzz.h"
#include "tests/host/kernel_shim.h"
#include "tests/host/sim_machine.h"

#define RAM_START (16UL * MiB)
#define RAM_BYTES (8UL * MiB)
#define SLOTS 64
#define CACHES 4
#define MAX_OPS 2000

/* One live object of the model. */
static struct slot {
	u8 *p;	     /* the object; NULL when the slot is empty */
	size_t size; /* bytes written with the pattern: the size asked for */
	int cache;   /* index in caches[], or -1 for kmalloc */
	bool large;  /* a large kmalloc: pages from the buddy, not a slab object */
	u8 tag;	     /* every byte of the first size bytes holds it */
} slot[SLOTS];
static struct kmem_cache *caches[CACHES]; /* the test caches; NULL if not created */
static u64 reports; /* slab reports expected: the caches' ->reports summed, with the destroyed */
static u64 destroyed_reports;	   /* ->reports of destroyed caches */
static unsigned long objects_base; /* slab_objects after kmem_cache_init() */
static u8 serial;		   /* tags of successive objects */
static bool bug_expected;	   /* this operation provokes a "BUG" line on purpose */
static struct buddy_snapshot init_snapshot;

/* Boot the simulated machine and the slab layer afresh: one input, one run. */
static void machine_reset(void)
{
	sim_machine_reset(RAM_START, RAM_BYTES);
	slab_caches = NULL;
	slab_objects = 0;
	slub_debug_flags = 0;
	kmem_cache_init();
	objects_base = slab_objects;
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

static void check_all(const char *after)
{
	char why[200];

	for (struct kmem_cache *s = slab_caches; s; s = s->next)
		FUZZ_CHECK(kmem_cache_validate(s) == 0, "after %s: cache %s does not validate:\n%s",
			   after, s->name, shim_log);
	FUZZ_CHECK(buddy_check_invariants(why, sizeof(why)), "after %s: %s", after, why);
	FUZZ_CHECK(slab_objects == model_slab_objects(), "after %s: %lu slab objects, model %lu",
		   after, slab_objects, model_slab_objects());
	FUZZ_CHECK(reports_seen() == reports, "after %s: %llu reports, expected %llu:\n%s", after,
		   (unsigned long long)reports_seen(), (unsigned long long)reports, shim_log);
	FUZZ_CHECK(!shim_log_contains("BUG") || bug_expected, "after %s: unexpected report:\n%s",
		   after, shim_log);
	shim_log_clear();
	bug_expected = false;
}

/* Could GFP_KERNEL get a block of this order from the buddy (any zone)? */
static bool buddy_has_block(unsigned int order)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (unsigned int o = order; o <= MAX_ORDER; o++)
			if (zones[z].free_area[o].nr_free)
				return true;
	return false;
}

/* May an allocation from s fail: no free object and no block for a new slab? */
static bool cache_may_fail(const struct kmem_cache *s)
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

static void check_intact(const struct slot *s, const char *when)
{
	FUZZ_CHECK(bytes_are(s->p, s->size, s->tag), "%s: object %p (%zu bytes) lost its contents",
		   when, (void *)s->p, s->size);
}

/* Record a new object in slot i, checking where it lies, and fill it. */
static void model_take(int i, u8 *p, size_t size, int cache, size_t align, bool zeroed)
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
static size_t kmalloc_align(const void *p)
{
	size_t class = ksize(p);

	if (class > KMALLOC_MAX_CACHE_SIZE)
		return PAGE_SIZE;
	return class & (class - 1) ? 8 : MIN(class, PAGE_SIZE);
}

/* May a kmalloc of size fail? Too big, or no memory for its class or pages. */
static bool kmalloc_may_fail(size_t size)
{
	if (size > KMALLOC_MAX_SIZE)
		return true;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return !buddy_has_block(get_order(size));
	return cache_may_fail(kmalloc_slab(size));
}

static void ctor(void *p)
{
	*(u8 *)p = 0xc7;
}

static void op_create_or_destroy(struct fuzz_input *in, int c)
{
	static const char *const names[CACHES] = {"fuzz-0", "fuzz-1", "fuzz-2", "fuzz-3"};
	u8 how = fuzz_u8(in);
	u32 raw = fuzz_u32(in);
	unsigned int size = how & 0x80 ? raw % (3 * MiB) : 1 + raw % 4096;
	unsigned int align = how & 0x40 ? (unsigned int)(raw >> 20) % 5000 : 1U << (raw >> 24) % 13;
	slab_flags_t flags = (how & 1 ? SLAB_HWCACHE_ALIGN : 0) |
			     (how & 2 ? SLAB_CONSISTENCY_CHECKS : 0) |
			     (how & 4 ? SLAB_RED_ZONE : 0) | (how & 8 ? SLAB_POISON : 0) |
			     (how & 16 ? SLAB_STORE_USER : 0);
	bool valid = size && size <= (PAGE_SIZE << MAX_ORDER) / 2 && !(align & (align - 1)) &&
		     align <= PAGE_SIZE;
	int live = 0, err;

	if (!caches[c]) {
		caches[c] = kmem_cache_create(names[c], size, align, flags, how & 32 ? ctor : NULL);
		FUZZ_CHECK(!caches[c] || valid, "cache of size %u align %u created", size, align);
		FUZZ_CHECK(caches[c] || !valid || !buddy_has_block(0),
			   "valid cache (size %u align %u flags %#x) not created:\n%s", size, align,
			   flags, shim_log);
		if (caches[c])
			FUZZ_CHECK(caches[c]->object_size == size &&
					   caches[c]->align >= MAX(align, 8U),
				   "cache %s: object size %u align %u, asked %u %u", names[c],
				   caches[c]->object_size, caches[c]->align, size, align);
		return;
	}
	for (int i = 0; i < SLOTS; i++)
		live += slot[i].p && slot[i].cache == c;
	if (!live)
		destroyed_reports += caches[c]->reports;
	err = kmem_cache_destroy(caches[c]);
	if (live) {
		bug_expected = true;
		FUZZ_CHECK(err == -EBUSY, "destroy with %d live objects: %d", live, err);
		FUZZ_CHECK(shim_log_contains("still allocated"), "live objects not listed");
		reports++;
	} else {
		FUZZ_CHECK(err == 0, "destroy of an empty cache: %d", err);
		caches[c] = NULL;
	}
}

static void op_cache_alloc(struct fuzz_input *in, int i)
{
	u8 b = fuzz_u8(in);
	int c = b % CACHES;
	struct kmem_cache *s = caches[c];
	bool may_fail;
	u8 *p;

	if (!s)
		return;
	may_fail = cache_may_fail(s);
	p = b & 4 ? kmem_cache_zalloc(s, GFP_KERNEL | __GFP_NOWARN)
		  : kmem_cache_alloc(s, GFP_KERNEL | __GFP_NOWARN);
	if (!p) {
		FUZZ_CHECK(may_fail, "%s: NULL with a free object or a free block", s->name);
		return;
	}
	model_take(i, p, s->object_size, c, s->align, b & 4);
}

/* A size for kmalloc: mostly slab classes, sometimes large, now and then too large. */
static size_t pick_size(struct fuzz_input *in)
{
	u8 how = fuzz_u8(in);
	u32 raw = fuzz_u32(in);

	if (how % 16 == 0)
		return raw % (KMALLOC_MAX_SIZE + 2 * PAGE_SIZE);
	if (how % 4 == 0)
		return 1 + raw % (4 * KMALLOC_MAX_CACHE_SIZE);
	return 1 + raw % 1024;
}

static void op_kmalloc(struct fuzz_input *in, int i)
{
	size_t size = pick_size(in);
	bool zero = fuzz_u8(in) & 1, may_fail = size && kmalloc_may_fail(size);
	u8 *p = zero ? kzalloc(size, GFP_KERNEL | __GFP_NOWARN)
		     : kmalloc(size, GFP_KERNEL | __GFP_NOWARN);

	if (!size) {
		FUZZ_CHECK(p == ZERO_SIZE_PTR && !ksize(p), "kmalloc(0) = %p, ksize %zu", p,
			   ksize(p));
		kfree(p);
		return;
	}
	if (!p) {
		FUZZ_CHECK(may_fail, "kmalloc(%zu) NULL with memory free", size);
		return;
	}
	FUZZ_CHECK(size && ksize(p) >= size, "kmalloc(%zu): ksize %zu", size, ksize(p));
	FUZZ_CHECK(size > KMALLOC_MAX_CACHE_SIZE || ksize(p) == kmalloc_slab(size)->object_size,
		   "kmalloc(%zu) came from a cache of %zu", size, ksize(p));
	model_take(i, p, size, -1, kmalloc_align(p), zero);
}

static void op_krealloc(struct fuzz_input *in, int i)
{
	struct slot old = slot[i];
	size_t size = pick_size(in);
	bool may_fail = size && kmalloc_may_fail(size);
	u8 *p;

	if (old.p && old.cache >= 0)
		return; /* krealloc is for kmalloc memory only */
	if (old.p)
		check_intact(&old, "krealloc");
	p = krealloc(old.p, size, GFP_KERNEL | __GFP_NOWARN);
	if (!size) {
		FUZZ_CHECK(p == ZERO_SIZE_PTR, "krealloc(p, 0) = %p", p);
		slot[i].p = NULL; /* krealloc(p, 0) freed it */
		return;
	}
	if (!p) {
		FUZZ_CHECK(may_fail, "krealloc(%zu) NULL with memory free", size);
		if (old.p)
			check_intact(&old, "failed krealloc"); /* untouched */
		return;
	}
	FUZZ_CHECK(ksize(p) >= size, "krealloc(%zu): ksize %zu", size, ksize(p));
	slot[i].p = NULL;
	if (old.p) {
		old.p = p;
		old.size = MIN(old.size, size);
		check_intact(&old, "krealloc's copy");
	}
	model_take(i, p, size, -1, kmalloc_align(p), false);
}

static void op_free(struct fuzz_input *in, int i)
{
	struct slot *s = &slot[i];
	u8 *p = s->p;

	check_intact(s, "free");
	if (s->cache >= 0)
		kmem_cache_free(caches[s->cache], p);
	else
		kfree(p);
	s->p = NULL;
	if (!(fuzz_u8(in) & 1))
		return;
	/*
	 * The same free again. p is the head of its slab's freelist, or its
	 * slab went back to the buddy, or (large kmalloc) its pages did: each
	 * is refused and reported, whatever the cache's debug flags.
	 */
	shim_log_clear();
	bug_expected = true;
	if (s->cache >= 0) {
		kmem_cache_free(caches[s->cache], p);
		reports++;
	} else if (!s->large) {
		kfree(p);
		reports += slab_of(p) != NULL;
	} else {
		kfree(p);
	}
	FUZZ_CHECK(shim_log_contains("BUG"), "double free of %p not reported", (void *)p);
}

static void op_shrink(struct fuzz_input *in)
{
	u8 b = fuzz_u8(in);
	u64 before = nr_free_pages();
	unsigned long pages = b & 4		   ? kmem_cache_shrink_all()
			      : caches[b % CACHES] ? kmem_cache_shrink(caches[b % CACHES])
						   : 0;

	FUZZ_CHECK(nr_free_pages() == before + pages, "shrink gave %lu pages, the buddy got %llu",
		   pages, (unsigned long long)(nr_free_pages() - before));
}

/* A free of a pointer inside a live slab object: reported and refused. */
static void op_misuse(struct fuzz_input *in, int i)
{
	struct slot *s = &slot[i];
	size_t off;

	if (!s->p || s->size < 2 || s->large)
		return;
	off = 1 + fuzz_u16(in) % (s->size - 1);
	if (s->cache >= 0)
		kmem_cache_free(caches[s->cache], s->p + off);
	else
		kfree(s->p + off);
	reports++;
	bug_expected = true;
	FUZZ_CHECK(shim_log_contains("not the start of an object"), "free of %p + %zu:\n%s",
		   (void *)s->p, off, shim_log);
	check_intact(s, "refused free");
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_input in = {data, size};
	struct buddy_snapshot end;

	machine_reset();
	check_all("boot");
	for (int ops = 0; in.left && ops < MAX_OPS; ops++) {
		u8 op = fuzz_u8(&in);
		int i = fuzz_u8(&in) % SLOTS;
		const char *what;

		switch (op % 10) {
		case 0:
			what = "kmem_cache_create/destroy";
			op_create_or_destroy(&in, i % CACHES);
			break;
		case 1:
		case 2:
			what = slot[i].p ? "free" : "kmem_cache_alloc";
			if (slot[i].p)
				op_free(&in, i);
			else
				op_cache_alloc(&in, i);
			break;
		case 3:
		case 4:
			what = slot[i].p ? "free" : "kmalloc";
			if (slot[i].p)
				op_free(&in, i);
			else
				op_kmalloc(&in, i);
			break;
		case 5:
			what = "krealloc";
			op_krealloc(&in, i);
			break;
		case 6:
			what = "shrink";
			op_shrink(&in);
			break;
		case 7:
			what = "misuse";
			op_misuse(&in, i);
			break;
		default:
			what = "free";
			if (slot[i].p)
				op_free(&in, i);
			break;
		}
		check_all(what);
	}
	for (int i = 0; i < SLOTS; i++)
		if (slot[i].p) {
			check_intact(&slot[i], "the final free");
			if (slot[i].cache >= 0)
				kmem_cache_free(caches[slot[i].cache], slot[i].p);
			else
				kfree(slot[i].p);
			slot[i].p = NULL;
		}
	for (int c = 0; c < CACHES; c++)
		if (caches[c]) {
			destroyed_reports += caches[c]->reports;
			FUZZ_CHECK(kmem_cache_destroy(caches[c]) == 0,
				   "final destroy of %s refused", caches[c]->name);
			caches[c] = NULL;
		}
	check_all("freeing everything");
	kmem_cache_shrink_all();
	FUZZ_CHECK(slab_objects == objects_base, "%lu slab objects left, %lu at boot", slab_objects,
		   objects_base);
	buddy_snapshot(&end);
	FUZZ_CHECK(!memcmp(&end, &init_snapshot, sizeof(end)),
		   "buddyinfo differs from after kmem_cache_init()");
	return 0;
}
