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
 * After every operation the model (tests/fuzz/slab_model.c) checks the
 * live objects, the caches and the reports. NULL must come back only for
 * invalid requests or when the cache has no free object and the buddy no
 * block of its slab order; every misuse and every refused destroy is
 * reported exactly once and changes nothing. At the end everything is
 * freed, the caches destroyed and shrunk, and the buddy must be exactly as
 * after kmem_cache_init().
 */
#include "lib/errno.h"
#include "mm/slab_internal.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/slab_model.h"
#include "tests/host/kernel_shim.h"

#define MAX_OPS 2000

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

	model_free(s, "free");
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
		if (slot[i].p)
			model_free(&slot[i], "the final free");
	for (int c = 0; c < CACHES; c++)
		if (caches[c]) {
			destroyed_reports += caches[c]->reports;
			FUZZ_CHECK(kmem_cache_destroy(caches[c]) == 0,
				   "final destroy of %s refused", caches[c]->name);
			caches[c] = NULL;
		}
	check_all("freeing everything");
	kmem_cache_shrink_all();
	FUZZ_CHECK(slab_objects() == objects_base, "%lu slab objects left, %lu at boot",
		   slab_objects(), objects_base);
	buddy_snapshot(&end);
	FUZZ_CHECK(!memcmp(&end, &init_snapshot, sizeof(end)),
		   "buddyinfo differs from after kmem_cache_init()");
	return 0;
}
