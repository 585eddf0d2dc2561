// SPDX-License-Identifier: MIT
/*
 * Demos of the slab allocator (mm/slab.c, mm/kmalloc.c), run by `demo
 * NAME` (cmd_demo.c, which checks that each leaves no trace):
 *
 *   slab1         kmalloc/kzalloc with hexdumps: stale, zero, free pointer, poison
 *   custom-cache  a cache with ctor, poison, red zone, HWCACHE_ALIGN; its slot layout
 *   poison        a write after free, reported at the next allocation (F)
 *   caches        100 caches created, listed, destroyed; Linux's merging
 * and the slab halves of `demo exhaust` (kmalloc until it fails) and `demo
 * doublefree` (kfree twice). The kmalloc size demos are demo_waste.c.
 *
 * The hexdumps read free objects and red zones on purpose, so they are
 * built without KASAN checks (no_sanitize_address), as mm/slab*.c are.
 */
#include "shell/shell_internal.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/page_info.h"
#include "mm/slab.h"

#define NO_KASAN __attribute__((no_sanitize_address))

NO_KASAN void shell_hexdump(const char *indent, const void *p, size_t len)
{
	const u8 *b = p;

	for (size_t off = 0; off < len; off += 16) {
		char line[128];
		int n = snprintf(line, sizeof(line), "%s%016lx: ", indent,
				 (unsigned long)(b + off));

		for (size_t i = off; i < off + 16; i++) {
			const char *gap = i % 8 == 7 ? "  " : " ";

			if (i < len)
				n += snprintf(line + n, sizeof(line) - (size_t)n, "%02x%s", b[i],
					      gap);
			else
				n += snprintf(line + n, sizeof(line) - (size_t)n, "  %s", gap);
		}
		for (size_t i = off; i < off + 16 && i < len; i++)
			n += snprintf(line + n, sizeof(line) - (size_t)n, "%c",
				      b[i] >= 0x20 && b[i] < 0x7f ? b[i] : '.');
		shell_printf("%s\n", line);
	}
}

/* A slot of a debug cache, from its left red zone to the slot's end. */
static void dump_slot(const struct kmem_cache *s, const void *obj)
{
	shell_printf("    left red zone %u bytes, object %u, right red zone %u, free pointer "
		     "8 (at +%u), padding %u:\n",
		     s->red_left_pad, s->object_size, s->offset - s->object_size, s->offset,
		     s->size - s->red_left_pad - s->offset - 8);
	shell_hexdump("    ", (const u8 *)obj - s->red_left_pad, s->size);
}

int demo_slab1(int argc, char **argv)
{
	struct kmem_cache *k64 = kmalloc_slab(40), *dbg;
	char *p, *q, *r;
	int err = -ENOMEM;

	(void)argc;
	(void)argv;
	shell_printf("1. p = kmalloc(40, GFP_KERNEL): 40 bytes go to the smallest class that "
		     "holds them, %s.\n   kmalloc does not clear: the bytes are whatever the slot "
		     "held before.\n",
		     k64->name);
	p = kmalloc(40, GFP_KERNEL);
	if (!p) {
		demo_out_of_memory();
		return -ENOMEM;
	}
	shell_printf("   p = %p, ksize(p) = %zu\n", p, ksize(p));
	shell_hexdump("   ", p, 64);
	shell_printf("2. q = kzalloc(40, GFP_KERNEL): the same class, every byte zeroed "
		     "(__GFP_ZERO):\n");
	q = kzalloc(40, GFP_KERNEL);
	if (!q)
		goto out_p;
	shell_printf("   q = %p\n", q);
	shell_hexdump("   ", q, 64);
	shell_printf("3. strcpy(q, \"hello, slab\"): the caller's bytes, the rest still zero:\n");
	strlcpy(q, "hello, slab", 40);
	shell_hexdump("   ", q, 64);
	shell_printf("4. kfree(q): q is free again; its free pointer (the next free object, "
		     "XORed with a\n   per-cache key and its own address) now sits at +%u, the "
		     "middle of the object:\n",
		     k64->offset);
	kfree(q);
	/* Reading the freed object is the point of this step. */
	shell_hexdump("   ", q, 64); // NOLINT(clang-analyzer-unix.Malloc)
	shell_printf("5. A cache with poisoning and red zones (slub_debug=PZ does this to any "
		     "cache):\n   kmem_cache_create(\"slab1-debug\", 40, 0, SLAB_POISON | "
		     "SLAB_RED_ZONE, NULL)\n");
	dbg = kmem_cache_create("slab1-debug", 40, 0, SLAB_POISON | SLAB_RED_ZONE, NULL);
	if (!dbg)
		goto out_p;
	r = kmem_cache_alloc(dbg, GFP_KERNEL);
	if (r) {
		err = 0;
		shell_printf("   r = kmem_cache_alloc() = %p: red zones %#x (active), the object "
			     "still POISON_FREE %#x..%#x:\n   reading it before writing is reading "
			     "garbage, and now it shows\n",
			     r, SLUB_RED_ACTIVE, POISON_FREE, POISON_END);
		dump_slot(dbg, r);
		kmem_cache_free(dbg, r);
		shell_printf("   kmem_cache_free(r): red zones %#x (inactive), object poisoned "
			     "again; checked at the next allocation\n   only with F "
			     "(SLAB_CONSISTENCY_CHECKS, as in Linux 6.1; see demo poison), or by "
			     "kmem_cache_validate:\n",
			     SLUB_RED_INACTIVE);
		dump_slot(dbg, r);
	}
	kmem_cache_destroy(dbg);
out_p:
	if (err)
		demo_out_of_memory();
	kfree(p);
	shell_printf("6. kfree(p); slab1-debug destroyed.\n");
	return err;
}

/* The custom cache's objects, as its constructor leaves them. */
struct demo_obj {
	u32 magic;	/* DEMO_OBJ_MAGIC once constructed */
	u32 uses;	/* how often the object was handed out: kept while free */
	char tag[16];	/* "constructed" */
	u8 payload[76]; /* 100 bytes in all */
};
#define DEMO_OBJ_MAGIC 0xc0ffee11U

static unsigned int demo_ctor_calls;

/* The constructor: one line per call, so the lines can be counted. */
static void demo_ctor(void *p)
{
	struct demo_obj *o = p;

	demo_ctor_calls++;
	o->magic = DEMO_OBJ_MAGIC;
	o->uses = 0;
	strlcpy(o->tag, "constructed", sizeof(o->tag));
	memset(o->payload, 0, sizeof(o->payload));
	shell_printf("   ctor #%u: object %p\n", demo_ctor_calls, p);
}

int demo_custom_cache(int argc, char **argv)
{
	const slab_flags_t flags = SLAB_POISON | SLAB_RED_ZONE | SLAB_HWCACHE_ALIGN;
	struct demo_obj *a, *b, *again;
	struct kmem_cache *s;
	int err = -ENOMEM;

	(void)argc;
	(void)argv;
	shell_printf("1. kmem_cache_create(\"demo-custom\", %zu, 0, SLAB_POISON | SLAB_RED_ZONE | "
		     "SLAB_HWCACHE_ALIGN, demo_ctor)\n",
		     sizeof(struct demo_obj));
	s = kmem_cache_create("demo-custom", sizeof(struct demo_obj), 0, flags, demo_ctor);
	if (!s) {
		demo_out_of_memory();
		return -ENOMEM;
	}
	shell_printf("   slot %u bytes (align %u: HWCACHE_ALIGN, a 64-byte cache line), %u "
		     "objects per slab of %lu page%s\n",
		     s->size, s->align, s->objects, 1UL << s->order, s->order ? "s" : "");
	shell_printf("   flags %#x: SLAB_POISON is %s (with a constructor the object's bytes "
		     "must survive while free;\n   Linux drops poisoning for ctor caches too)\n",
		     s->flags, (s->flags & SLAB_POISON) ? "kept" : "dropped");
	slab_dump(s);
	shell_printf("2. a = kmem_cache_alloc(): the first slab is made, and the ctor runs on "
		     "every object in it:\n");
	demo_ctor_calls = 0;
	a = kmem_cache_alloc(s, GFP_KERNEL);
	if (!a)
		goto out_destroy;
	shell_printf("   ctor lines: %u = objects per slab: %u (%s)\n", demo_ctor_calls, s->objects,
		     demo_ctor_calls == s->objects ? "yes" : "NO");
	a->uses++;
	shell_printf("3. a = %p: magic %#x, tag \"%s\", uses %u. Its slot, with the red zones "
		     "%#x (allocated):\n",
		     (void *)a, a->magic, a->tag, a->uses, SLUB_RED_ACTIVE);
	dump_slot(s, a);
	b = (struct demo_obj *)((u8 *)a + s->size);
	shell_printf("   The next slot, %p, is free: red zones %#x (inactive), ctor's state "
		     "intact:\n",
		     (void *)b, SLUB_RED_INACTIVE);
	dump_slot(s, b);
	shell_printf("4. kmem_cache_free(a), then kmem_cache_alloc() again: the same object, no "
		     "ctor line,\n   its state kept (uses stays %u):\n",
		     a->uses);
	kmem_cache_free(s, a);
	demo_ctor_calls = 0;
	again = kmem_cache_alloc(s, GFP_KERNEL);
	if (!again)
		goto out_destroy;
	shell_printf("   got %p (%s), ctor calls %u, uses %u\n", (void *)again,
		     again == a ? "the same" : "another", demo_ctor_calls, again->uses);
	kmem_cache_free(s, again);
	shell_printf("5. kmem_cache_validate: %lu problems\n", kmem_cache_validate(s));
	err = 0;
out_destroy:
	if (err)
		demo_out_of_memory();
	kmem_cache_destroy(s);
	shell_printf("6. demo-custom destroyed.\n");
	return err;
}

/* The bug: a write through a pointer whose object was freed (KASAN would catch it first). */
NO_KASAN static void write_after_free(u8 *p, size_t off, u8 v)
{
	*(volatile u8 *)(p + off) = v;
}

int demo_poison(int argc, char **argv)
{
	const slab_flags_t flags =
		SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER;
	struct kmem_cache *s;
	u8 *obj, *again;
	u64 reports;
	int err = -ENOMEM;

	(void)argc;
	(void)argv;
	shell_printf("1. kmem_cache_create(\"demo-poison\", 64, 0, SLAB_CONSISTENCY_CHECKS | "
		     "SLAB_RED_ZONE |\n   SLAB_POISON | SLAB_STORE_USER, NULL): what "
		     "slub_debug=FZPU,demo-poison gives it. As in\n   Linux 6.1, the poison is "
		     "checked at allocation only with F (consistency checks);\n   P alone "
		     "only poisons, and a write after free stays unseen until a validate.\n"
		     "   obj = kmem_cache_alloc(), filled with 'A' by its owner:\n");
	s = kmem_cache_create("demo-poison", 64, 0, flags, NULL);
	if (!s) {
		demo_out_of_memory();
		return -ENOMEM;
	}
	obj = kmem_cache_alloc(s, GFP_KERNEL);
	if (!obj)
		goto out_destroy;
	memset(obj, 'A', 64);
	shell_hexdump("   ", obj, 64);
	shell_printf("2. kmem_cache_free(obj): the slab poisons it, %#x ... %#x:\n", POISON_FREE,
		     POISON_END);
	kmem_cache_free(s, obj);
	shell_hexdump("   ", obj, 64);
	shell_printf("3. The bug: the old owner still holds obj and writes obj[8] = 0x42 after "
		     "the free:\n");
	write_after_free(obj, 8, 0x42);
	shell_hexdump("   ", obj, 64);
	shell_printf("4. The next kmem_cache_alloc() takes obj again and checks it first: the "
		     "report, in Linux's shape\n   (what, the first bad byte and the value "
		     "expected, the callers, the slot's bytes, the fix):\n");
	reports = s->reports;
	again = kmem_cache_alloc(s, GFP_KERNEL);
	if (!again)
		goto out_destroy;
	shell_printf("5. The kernel goes on: reports %llu -> %llu. The bytes were restored "
		     "(the FIX line), so strata\n   hands out %s; Linux 6.1 would take the "
		     "whole slab out of use (\"FIX demo-poison:\n   Marking all objects "
		     "used\") and allocate from a new slab. kmem_cache_validate finds %lu\n"
		     "   problems now.\n",
		     (unsigned long long)reports, (unsigned long long)s->reports,
		     again == obj ? "the same object" : "another object", kmem_cache_validate(s));
	kmem_cache_free(s, again);
	err = 0;
out_destroy:
	if (err)
		demo_out_of_memory();
	kmem_cache_destroy(s);
	shell_printf("6. demo-poison destroyed.\n");
	return err;
}

#define DEMO_CACHES 100

int demo_caches(int argc, char **argv)
{
	/* static: 1.6 KiB is too much for the boot stack */
	static struct kmem_cache *caches[DEMO_CACHES];
	static void *objs[DEMO_CACHES];
	unsigned int before = kmem_cache_count(), made = 0, destroyed = 0;
	u64 free_before = nr_free_pages();
	bool failed = false;

	(void)argc;
	(void)argv;
	shell_printf("1. kmem_cache_create(\"demo-cache-NN\", 8 + 24 * NN, ...) for NN = 0..99, "
		     "one object from each (%u caches before)\n",
		     before);
	for (unsigned int i = 0; i < DEMO_CACHES; i++) {
		char name[KMEM_CACHE_NAME_LEN];

		snprintf(name, sizeof(name), "demo-cache-%02u", i);
		caches[i] = kmem_cache_create(name, 8 + 24 * i, 0, 0, NULL);
		objs[i] = caches[i] ? kmem_cache_alloc(caches[i], GFP_KERNEL) : NULL;
		made += caches[i] != NULL;
		if (!objs[i]) {
			failed = true;
			shell_printf("   %s and its object:\n", name);
			demo_out_of_memory();
			break;
		}
	}
	shell_printf("   %u caches made; %u caches now; free pages %llu -> %llu (a slab each, and "
		     "the struct kmem_caches)\n",
		     made, kmem_cache_count(), (unsigned long long)free_before,
		     (unsigned long long)nr_free_pages());
	shell_printf("2. slabinfo:\n");
	slabinfo_print();
	shell_printf("3. One object freed and one kmem_cache_destroy() per cache:\n");
	for (unsigned int i = 0; i < DEMO_CACHES; i++) {
		if (!caches[i])
			continue;
		kmem_cache_free(caches[i], objs[i]);
		destroyed += !kmem_cache_destroy(caches[i]);
		caches[i] = NULL;
	}
	shell_printf("   %u destroyed; %u caches now (%s), free pages %llu\n", destroyed,
		     kmem_cache_count(),
		     kmem_cache_count() == before ? "as before" : "NOT as before",
		     (unsigned long long)nr_free_pages());
	shell_printf("4. Merging. Linux 6.1 merges a new cache into an existing one whose slot "
		     "is as large or at\n   most 7 bytes larger, when alignment and flags agree "
		     "and neither has a constructor, red\n   zones, poison, user tracking or a "
		     "usercopy region (find_mergeable() in mm/slab_common.c;\n   boot with "
		     "slab_nomerge to stop it): kmem_cache_create() then returns the existing "
		     "cache,\n");
	shell_printf("   /proc/slabinfo lists only it, and /sys/kernel/slab/<name> is a symlink "
		     "to it ('slabinfo -a'\n   lists the aliases). These 100 sizes are 24 bytes "
		     "apart, so none would merge with another,\n   but each could become an alias "
		     "of some other cache of its size.\n");
	shell_printf("   strata does not merge: every kmem_cache_create() makes a cache of its "
		     "own, so slabinfo\n   shows each, a leak or a corruption is reported under "
		     "the name that made it, and destroy\n   needs no reference count; the price "
		     "is a partly used slab per cache (step 1's free pages).\n");
	return failed ? -ENOMEM : 0;
}

/* A kmalloc'ed object on the exhaust demo's list (the list lives in the objects). */
struct exhaust_obj {
	struct exhaust_obj *next;
};

void demo_exhaust_kmalloc(void)
{
	struct exhaust_obj *list = NULL;
	u64 start = nr_free_pages() + slab_reserve_pages(), total = 0;
	unsigned long objects = slab_objects();
	void *last;

	shell_printf("Now kmalloc: 4 MiB at a time until it fails, then halving the size down "
		     "to 8 bytes (__GFP_NOWARN):\n");
	for (size_t size = KMALLOC_MAX_SIZE; size >= 8; size /= 2) {
		u64 n = 0;
		struct exhaust_obj *o;

		while ((o = kmalloc(size, GFP_KERNEL | __GFP_NOWARN))) {
			o->next = list;
			list = o;
			n++;
		}
		if (n)
			shell_printf("  kmalloc(%7zu) x %llu\n", size, (unsigned long long)n);
		total += n;
	}
	shell_printf("Free pages now %llu, slab objects %lu. kmalloc(8) without __GFP_NOWARN: "
		     "kmalloc-8 needs a new slab, the buddy says no:\n",
		     (unsigned long long)nr_free_pages(), slab_objects());
	last = kmalloc(8, GFP_KERNEL);
	shell_printf("kmalloc(8) = %p. Freeing the %llu allocations...\n", last,
		     (unsigned long long)total);
	kfree(last);
	while (list) {
		struct exhaust_obj *o = list;

		list = o->next;
		kfree(o);
	}
	shell_printf("Free pages %llu (with the slab's empty-slab reserve: %llu), slab objects "
		     "%lu: %s\n",
		     (unsigned long long)nr_free_pages(),
		     (unsigned long long)nr_free_pages() + slab_reserve_pages(), slab_objects(),
		     nr_free_pages() + slab_reserve_pages() >= start && slab_objects() == objects
			     ? "back to the start"
			     : "NOT back to the start");
}

int demo_doublefree_kfree(void)
{
	struct kmem_cache *s = kmalloc_slab(100);
	unsigned long active;
	u64 reports, where;
	void *p;

	shell_printf("5. The same through kmalloc: p = kmalloc(100) from %s\n", s->name);
	p = kmalloc(100, GFP_KERNEL);
	if (!p) {
		demo_out_of_memory();
		return -ENOMEM;
	}
	active = kmem_cache_active_objs(s);
	where = (u64)p;
	kfree(p);
	/* Only the address is printed, but the analyzer counts it as a use of p. */
	// NOLINTNEXTLINE(clang-analyzer-unix.Malloc)
	shell_printf("6. kfree(%p): p is now the first object on its slab's freelist\n",
		     (void *)where);
	shell_printf("7. kfree(%p) again: the slab sees p already free, reports and refuses:\n",
		     (void *)where);
	reports = s->reports;
	kfree(p); // NOLINT(clang-analyzer-unix.Malloc): the double free is the demonstration
	shell_printf("8. The kernel goes on: %s reports %llu -> %llu, active objects %lu (one "
		     "fewer than with p: %s),\n   kmem_cache_validate: %lu problems\n",
		     s->name, (unsigned long long)reports, (unsigned long long)s->reports,
		     kmem_cache_active_objs(s),
		     kmem_cache_active_objs(s) + 1 == active ? "yes" : "NO",
		     kmem_cache_validate(s));
	shell_printf("9. Linux 6.1 with CONFIG_SLAB_FREELIST_HARDENED (as distributions build "
		     "it) catches the same\n   bug in set_freepointer(): p is already the first "
		     "free object, and BUG_ON(object == fp)\n   stops the kernel there: an oops "
		     "that kills the task (a panic with panic_on_oops).\n");
	shell_printf("   Without hardening p would be linked into the freelist twice, and two "
		     "later kmallocs\n   would return the same memory. strata reports and "
		     "refuses instead, and keeps running: the\n   slab's own state (the freelist "
		     "head, inuse) tells the bug, and a teaching kernel should\n   show it and "
		     "go on, not stop.\n");
	return 0;
}
