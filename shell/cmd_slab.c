// SPDX-License-Identifier: MIT
/*
 * The slab allocator by hand: slabinfo, waste, shrink, kmalloc SIZE / kfree
 * ADDR, cache create|alloc|free|destroy, and bench. Like cmd_pages.c, every
 * allocation is recorded in the registry (mine.c) and the free-style
 * commands take back only what it holds, of the right kind and cache, so
 * nothing typed here reaches kfree() or kmem_cache_free() as a bad free.
 * The caches the shell creates are kept in shell_caches[]; only those can
 * be allocated from, freed to or destroyed. The slab allocator itself is
 * mm/slab.c (caches: mm/slab_cache.c, kmalloc: mm/kmalloc.c).
 */
#include "shell/shell_internal.h"
#include "bench/bench.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/mm_stats.h"
#include "mm/page_info.h"
#include "mm/slab.h"

/* Caches the shell may create at once. */
#define SHELL_CACHES_MAX 8
/* The largest object of a shell cache: half the largest buddy block, as cache_setup() allows. */
#define SHELL_CACHE_MAX_SIZE ((PAGE_SIZE << MAX_ORDER) / 2)

/* The caches `cache create` made and `cache destroy` has not yet destroyed; NULL: free slot. */
static struct kmem_cache *shell_caches[SHELL_CACHES_MAX];

int cmd_slabinfo(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	slabinfo_print();
	shell_printf("slabinfo: %u caches, %lu objects in use; 'waste' shows kmalloc's rounding "
		     "loss\n",
		     kmem_cache_count(), slab_objects);
	return 0;
}

int cmd_waste(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	kmalloc_waste_print();
	return 0;
}

/*
 * Each cache keeps up to SLAB_EMPTY_RESERVE empty slabs for the next
 * allocations: free memory that meminfo's MemFree does not count. Shrinking
 * gives them back, so MemFree reads the same before and after a session.
 */
int cmd_shrink(int argc, char **argv)
{
	u64 before = nr_free_pages();
	unsigned long pages;

	(void)argc;
	(void)argv;
	pages = kmem_cache_shrink_all();
	drain_all_pages(NULL); /* the slabs' pages went through this CPU's list */
	shell_printf("shrink: %lu page%s of empty slabs and every per-CPU list back to the buddy "
		     "(free pages %llu -> %llu)\n",
		     pages, pages == 1 ? "" : "s", (unsigned long long)before,
		     (unsigned long long)nr_free_pages());
	return 0;
}

/* Bytes kmalloc hands out for a request of size (1..KMALLOC_MAX_SIZE), without ksize's side effects. */
static size_t kmalloc_class_bytes(size_t size)
{
	struct kmem_cache *s = kmalloc_slab(size);

	return s ? s->object_size : PAGE_SIZE << get_order(size);
}

int cmd_kmalloc(int argc, char **argv)
{
	u64 size, before = nr_free_pages();
	struct kmem_cache *s;
	unsigned long active;
	unsigned int id;
	size_t given;
	void *p;

	(void)argc;
	if (!shell_arg_u64(argv[0], argv[1], &size))
		return -EINVAL;
	if (!size) {
		shell_printf("kmalloc: size 0: kmalloc(0) hands out no memory: it returns "
			     "ZERO_SIZE_PTR (%p), as Linux does, which faults if used; nothing "
			     "allocated\n",
			     kmalloc(0, GFP_KERNEL));
		return -EINVAL;
	}
	if (size > KMALLOC_MAX_SIZE) {
		shell_printf("kmalloc: %llu bytes is above KMALLOC_MAX_SIZE (%lu = 4 MiB, one "
			     "order-%u block); nothing allocated\n",
			     (unsigned long long)size, KMALLOC_MAX_SIZE, MAX_ORDER);
		return -EINVAL;
	}
	if (mine_full(argv[0]))
		return -ENOSPC;
	s = kmalloc_slab(size);
	active = s ? s->active_objs : 0;
	p = kmalloc(size, GFP_KERNEL | __GFP_NOWARN);
	if (!p) {
		shell_printf("kmalloc: no memory for %llu bytes (the buddy has no free block big "
			     "enough); nothing allocated\n",
			     (unsigned long long)size);
		return -ENOMEM;
	}
	given = kmalloc_class_bytes(size);
	id = mine_record(MINE_KMALLOC, (u64)p, size, argc, argv);
	if (s) {
		shell_printf("kmalloc: %llu bytes at %p from %s (ksize %zu: %llu bytes wasted) "
			     "(mine #%u)\n",
			     (unsigned long long)size, p, s->name, given,
			     (unsigned long long)(given - size), id);
		shell_printf("  %s: active objects %lu -> %lu in %lu slabs; 'kfree %p' gives it "
			     "back\n",
			     s->name, active, s->active_objs, s->nr_slabs, p);
	} else {
		shell_printf("kmalloc: %llu bytes at %p: above %u, so an order-%u block straight "
			     "from the buddy, kmalloc-large (ksize %zu: %llu bytes wasted) (mine "
			     "#%u)\n",
			     (unsigned long long)size, p, KMALLOC_MAX_CACHE_SIZE, get_order(size),
			     given, (unsigned long long)(given - size), id);
		shell_printf("  free pages %llu -> %llu; 'kfree %p' gives it back\n",
			     (unsigned long long)before, (unsigned long long)nr_free_pages(), p);
	}
	return 0;
}

int cmd_kfree(int argc, char **argv)
{
	u64 addr, before = nr_free_pages();
	struct mine_entry *e;
	struct kmem_cache *s;
	unsigned long active;

	(void)argc;
	if (!shell_arg_u64(argv[0], argv[1], &addr))
		return -EINVAL;
	if (mine_wrong_kind(argv[0], addr, MINE_KMALLOC))
		return -EINVAL;
	e = mine_find(MINE_KMALLOC, addr);
	if (!e) {
		shell_printf(
			"kfree: %#llx is not an address the shell's kmalloc handed out ('mine' "
			"lists them); nothing freed\n",
			(unsigned long long)addr);
		return -EINVAL;
	}
	s = kmalloc_slab(e->amount);
	active = s ? s->active_objs : 0;
	kfree((void *)addr);
	if (s)
		shell_printf("kfree: %#llx (mine #%u) back to %s: active objects %lu -> %lu in %lu "
			     "slabs\n",
			     (unsigned long long)addr, e->id, s->name, active, s->active_objs,
			     s->nr_slabs);
	else
		shell_printf(
			"kfree: %#llx (mine #%u), kmalloc-large, back to the buddy: free pages "
			"%llu -> %llu\n",
			(unsigned long long)addr, e->id, (unsigned long long)before,
			(unsigned long long)nr_free_pages());
	mine_forget(e);
	return 0;
}

/* The slot of shell_caches[] holding the cache named name, or -1 (after one line). */
static int shell_cache_slot(const char *cmd, const char *name)
{
	for (int i = 0; i < SHELL_CACHES_MAX; i++)
		if (shell_caches[i] && !strcmp(shell_caches[i]->name, name))
			return i;
	if (kmem_cache_find(name))
		shell_printf("%s: '%s' is not a cache the shell created; only those can be used "
			     "here ('cache create NAME SIZE' makes one)\n",
			     cmd, name);
	else
		shell_printf("%s: no cache named '%s' ('slabinfo' lists the caches)\n", cmd, name);
	return -1;
}

/* A name for a new cache: 1..31 of [A-Za-z0-9_.-], not taken. False after one line. */
static bool cache_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n >= KMEM_CACHE_NAME_LEN) {
		shell_printf("cache create: the name is %zu characters; at most %d fit\n", n,
			     KMEM_CACHE_NAME_LEN - 1);
		return false;
	}
	for (const char *p = name; *p; p++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.')) {
			shell_printf("cache create: '%s': a name is letters, digits, '_', '-' and "
				     "'.'\n",
				     name);
			return false;
		}
	}
	if (kmem_cache_find(name)) {
		shell_printf("cache create: a cache named '%s' already exists\n", name);
		return false;
	}
	return true;
}

static int cache_create(int argc, char **argv)
{
	u64 size, align = 0;
	struct kmem_cache *s;
	int slot = -1;

	if (argc < 4 || argc > 5) {
		shell_printf("cache create: %s (usage: cache create NAME SIZE [ALIGN])\n",
			     argc < 4 ? "missing argument" : "too many arguments");
		return -EINVAL;
	}
	if (!cache_name_ok(argv[2]) || !shell_arg_u64("cache create", argv[3], &size) ||
	    (argc == 5 && !shell_arg_u64("cache create", argv[4], &align)))
		return -EINVAL;
	if (!size || size > SHELL_CACHE_MAX_SIZE) {
		shell_printf("cache create: SIZE must be 1 .. %lu bytes (half the largest buddy "
			     "block)\n",
			     SHELL_CACHE_MAX_SIZE);
		return -EINVAL;
	}
	if ((align & (align - 1)) || align > PAGE_SIZE) {
		shell_printf("cache create: ALIGN must be 0 or a power of two up to %lu\n",
			     PAGE_SIZE);
		return -EINVAL;
	}
	for (int i = 0; i < SHELL_CACHES_MAX && slot < 0; i++)
		if (!shell_caches[i])
			slot = i;
	if (slot < 0) {
		shell_printf("cache create: the shell already made %d caches (the most it tracks); "
			     "destroy one first\n",
			     SHELL_CACHES_MAX);
		return -ENOSPC;
	}
	s = kmem_cache_create(argv[2], (unsigned int)size, (unsigned int)align, 0, NULL);
	if (!s) {
		shell_printf("cache create: kmem_cache_create failed (no memory)\n");
		return -ENOMEM;
	}
	shell_caches[slot] = s;
	shell_printf("cache create: %s: object %u bytes, slot %u (align %u), slabs of %lu page%s "
		     "with %u objects, %lu bytes of each slab unused\n",
		     s->name, s->object_size, s->size, s->align, 1UL << s->order,
		     s->order ? "s" : "", s->objects,
		     (PAGE_SIZE << s->order) - (unsigned long)s->objects * s->size);
	return 0;
}

static int cache_alloc(int argc, char **argv)
{
	struct kmem_cache *s;
	unsigned int id;
	int slot;
	void *obj;

	if (argc != 3) {
		shell_printf("cache alloc: %s (usage: cache alloc NAME)\n",
			     argc < 3 ? "missing argument" : "too many arguments");
		return -EINVAL;
	}
	slot = shell_cache_slot("cache alloc", argv[2]);
	if (slot < 0)
		return -ENOENT;
	if (mine_full("cache alloc"))
		return -ENOSPC;
	s = shell_caches[slot];
	obj = kmem_cache_alloc(s, GFP_KERNEL | __GFP_NOWARN);
	if (!obj) {
		shell_printf("cache alloc: no memory for a new slab of %s\n", s->name);
		return -ENOMEM;
	}
	id = mine_record_object(s, (u64)obj, argc, argv);
	shell_printf("cache alloc: object at %p of %s (mine #%u); %s now has %lu active objects "
		     "in %lu slabs\n",
		     obj, s->name, id, s->name, s->active_objs, s->nr_slabs);
	return 0;
}

static int cache_free(int argc, char **argv)
{
	struct mine_entry *e;
	struct kmem_cache *s;
	int slot;
	u64 addr;

	if (argc != 4) {
		shell_printf("cache free: %s (usage: cache free NAME ADDR)\n",
			     argc < 4 ? "missing argument" : "too many arguments");
		return -EINVAL;
	}
	slot = shell_cache_slot("cache free", argv[2]);
	if (slot < 0)
		return -ENOENT;
	if (!shell_arg_u64("cache free", argv[3], &addr) ||
	    mine_wrong_kind("cache free", addr, MINE_OBJECT))
		return -EINVAL;
	s = shell_caches[slot];
	e = mine_find(MINE_OBJECT, addr);
	if (!e) {
		shell_printf("cache free: %#llx is not an object the shell allocated ('mine' lists "
			     "them); nothing freed\n",
			     (unsigned long long)addr);
		return -EINVAL;
	}
	if (e->cache != s) {
		shell_printf("cache free: %#llx is an object of %s, not of %s; nothing freed\n",
			     (unsigned long long)addr, e->cache->name, s->name);
		return -EINVAL;
	}
	kmem_cache_free(s, (void *)addr);
	shell_printf("cache free: %#llx (mine #%u) back to %s: %lu active objects in %lu slabs\n",
		     (unsigned long long)addr, e->id, s->name, s->active_objs, s->nr_slabs);
	mine_forget(e);
	return 0;
}

/*
 * Destroy is passed to the slab even while objects are live: the refusal
 * (a report listing them, -EBUSY) is the allocator's, and worth seeing.
 */
static int cache_destroy(int argc, char **argv)
{
	struct kmem_cache *s;
	unsigned long live;
	int slot;

	if (argc != 3) {
		shell_printf("cache destroy: %s (usage: cache destroy NAME)\n",
			     argc < 3 ? "missing argument" : "too many arguments");
		return -EINVAL;
	}
	slot = shell_cache_slot("cache destroy", argv[2]);
	if (slot < 0)
		return -ENOENT;
	s = shell_caches[slot];
	live = s->active_objs;
	if (kmem_cache_destroy(s)) {
		shell_printf("cache destroy: refused by the slab allocator: %s still has %lu "
			     "object%s (listed above); 'cache free' them first\n",
			     argv[2], live, live == 1 ? "" : "s");
		return -EBUSY;
	}
	shell_caches[slot] = NULL;
	shell_printf("cache destroy: %s destroyed, its slabs back to the buddy (free pages now "
		     "%llu)\n",
		     argv[2], (unsigned long long)nr_free_pages());
	return 0;
}

int cmd_cache(int argc, char **argv)
{
	if (!strcmp(argv[1], "create"))
		return cache_create(argc, argv);
	if (!strcmp(argv[1], "alloc"))
		return cache_alloc(argc, argv);
	if (!strcmp(argv[1], "free"))
		return cache_free(argc, argv);
	if (!strcmp(argv[1], "destroy"))
		return cache_destroy(argc, argv);
	shell_printf("cache: unknown subcommand '%s' (create, alloc, free or destroy)\n", argv[1]);
	return -EINVAL;
}

int cmd_bench(int argc, char **argv)
{
	const char *glob = argc > 1 ? argv[1] : "all";
	unsigned int n = bench_count(glob);

	if (!n) {
		bench_print_names(glob);
		return -ENOENT;
	}
	shell_printf("bench: %u benchmark%s\n", n, n == 1 ? "" : "s");
	bench_run(glob);
	return 0;
}
