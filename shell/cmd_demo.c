// SPDX-License-Identifier: MIT
/*
 * `demo NAME [ARGS]`: guided demonstrations that print what happens step by
 * step, natively, what the book's chapter 7-9 demo modules show on Linux.
 * The demos live in demo_pages.c (the page allocator), demo_slab.c and
 * demo_waste.c (the slab allocator), demo_vm.c (the address space),
 * demo_smp.c (interrupt context and other CPUs) and demo_user.c (user
 * processes: their address space, demand paging, the OOM killer);
 * this file is their table and the check that each leaves no trace: the
 * mm_stats counters (free pages, page-table pages, slab objects) and the
 * number of slab caches must read the same after a demo as before it, and
 * the closing line says so.
 *
 * A demo that cannot allocate says so (demo_out_of_memory()), frees what it
 * took and returns -ENOMEM: the check runs all the same, and the closing
 * line says the demo stopped. Any other error is bad input, answered before
 * the demo took anything, so no closing line follows it.
 *
 * Adding a demo: one function in the demo_*.c file of its layer, its
 * prototype in shell_internal.h, one row in demos[].
 */
#include "shell/shell_internal.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/vmalloc.h"
#include "mm/mm_stats.h"
#include "mm/slab.h"

/* One row of the demo table, like struct shell_cmd. */
struct shell_demo {
	const char *name;
	const char *usage; /* its arguments, "" if none */
	unsigned int min_args, max_args;
	const char *help;		   /* one line */
	int (*run)(int argc, char **argv); /* argv[0] is the demo's name */
};

static const struct shell_demo demos[] = {
	{"vas", "", 0, 0, "the kernel address space, region by region, a sample in each", demo_vas},
	{"phys", "ADDR LEN", 2, 2, "VA -> PA -> PFN page by page, with a contiguity check",
	 demo_phys},
	{"lowlevel", "[ORDER]", 0, 1,
	 "__get_free_page(s), get_zeroed_page, alloc_page(s) + page_address", demo_lowlevel},
	{"exact", "", 0, 0, "alloc_pages_exact(33 KiB) against the order-4 block it rounds to",
	 demo_exact},
	{"buddy", "", 0, 0, "a block split and merged again, order by order", demo_buddy},
	{"exhaust", "", 0, 0,
	 "alloc_pages, then kmalloc, until they fail (no OOM killer for the kernel)", demo_exhaust},
	{"doublefree", "", 0, 0, "a page, then a kmalloc, freed twice: reported and refused",
	 demo_doublefree},
	{"slab1", "", 0, 0, "kmalloc/kzalloc with hexdumps: stale, zero, free pointer, poison",
	 demo_slab1},
	{"maxsize", "", 0, 0, "kmalloc growing by powers of two until it fails at the ceiling",
	 demo_maxsize},
	{"wastage", "", 0, 0, "kmalloc(n) vs ksize: actual, waste, waste %, and plot data",
	 demo_wastage},
	{"waste-by-caller", "", 0, 0, "the waste of five call sites, accounted per site",
	 demo_waste_by_caller},
	{"custom-cache", "", 0, 0, "a cache with ctor, red zones, HWCACHE_ALIGN: its slot layout",
	 demo_custom_cache},
	{"poison", "", 0, 0, "a write after free, reported at the next allocation", demo_poison},
	{"caches", "", 0, 0, "100 caches created, listed by slabinfo, destroyed", demo_caches},
	{"vmalloc", "", 0, 0,
	 "vmalloc, vzalloc, kvmalloc, kcalloc: where each lands; a read-only vmap", demo_vmalloc},
	{"guard", "", 0, 0, "a write past a vmalloc area hits its guard page, caught", demo_guard},
	{"atomic", "", 0, 0,
	 "GFP_ATOMIC from every CPU's timer interrupt; GFP_KERNEL there reported", demo_atomic},
	{"shootdown", "", 0, 0, "a remote kfree; a vfree()d area purged with one TLB shootdown",
	 demo_shootdown},
	{"uservas", "", 0, 0, "a process's user half from inside, its VMAs, the kernel half",
	 demo_uservas},
	{"paging", "[PAGES]", 0, 1, "RSS and minor faults growing page by page (getrusage)",
	 demo_paging},
	{"oom", "", 0, 0, "oom_killer_try: touching until OOM-killed; not touching, overcommit",
	 demo_oom},
};

void demo_out_of_memory(void)
{
	shell_printf("   -> NULL: out of memory; the demo stops here and frees what it took\n");
}

static void demo_list(void)
{
	shell_printf("Demos ('demo NAME [ARGS]'; each frees all it takes):\n");
	for (unsigned int i = 0; i < ARRAY_SIZE(demos); i++) {
		char synopsis[32];

		snprintf(synopsis, sizeof(synopsis), "%s%s%s", demos[i].name,
			 *demos[i].usage ? " " : "", demos[i].usage);
		shell_printf("  %-18s %s\n", synopsis, demos[i].help);
	}
}

int cmd_demo(int argc, char **argv)
{
	const struct shell_demo *d = NULL;
	struct mm_stats before, after;
	unsigned int nargs = (unsigned int)argc - 2, caches;
	int err;

	if (argc == 1) {
		demo_list();
		return 0;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(demos); i++)
		if (!strcmp(demos[i].name, argv[1]))
			d = &demos[i];
	if (!d) {
		shell_printf("demo: unknown demo '%s'; 'demo' lists them\n", argv[1]);
		return -EINVAL;
	}
	if (nargs < d->min_args || nargs > d->max_args) {
		shell_printf("demo %s: %s (usage: demo %s%s%s)\n", d->name,
			     nargs < d->min_args ? "missing argument" : "too many arguments",
			     d->name, *d->usage ? " " : "", d->usage);
		return -EINVAL;
	}
	vm_unmap_aliases(); /* lazily freed vmalloc areas count as freed */
	mm_stats_read(&before);
	caches = kmem_cache_count();
	err = d->run(argc - 1, argv + 1);
	if (err && err != -ENOMEM)
		return err;
	vm_unmap_aliases();
	mm_stats_read(&after);
	if (kmem_cache_count() != caches) {
		shell_printf("demo %s: LEFT A TRACE: %u slab caches before, %u after\n", d->name,
			     caches, kmem_cache_count());
		return -EBUSY;
	}
	for (int i = 0; i < NR_MM_STATS; i++) {
		if (after.v[i] != before.v[i]) {
			shell_printf("demo %s: LEFT A TRACE: %s %llu before, %llu after\n", d->name,
				     mm_stat_names[i], (unsigned long long)before.v[i],
				     (unsigned long long)after.v[i]);
			return -EBUSY;
		}
	}
	shell_printf("demo %s: %s; free and slab pages (%llu), page tables (%llu), slab objects "
		     "(%llu) and caches (%u) as before\n",
		     d->name, err ? "stopped, out of memory" : "done",
		     (unsigned long long)after.v[MM_FREE_PAGES],
		     (unsigned long long)after.v[MM_PT_PAGES],
		     (unsigned long long)after.v[MM_SLAB_OBJECTS], caches);
	return err;
}
