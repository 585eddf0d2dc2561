// SPDX-License-Identifier: MIT
/*
 * The page allocator by hand: buddyinfo, zoneinfo, min_free_kbytes [KB],
 * page PFN|ADDR, alloc ORDER [zone], free ADDR. Every block `alloc` hands out is recorded in the registry
 * (mine.c) and `free` takes back only those, so nothing typed here can make
 * the buddy allocator (mm/page_alloc.c) see a bad free.
 */
#include "shell/shell_internal.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/frame_owner.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/page_debug.h"
#include "mm/page_info.h"
#include "mm/pgtable.h"
#include "mm/slab.h"

void shell_buddyinfo_line(const char *prefix, int zone)
{
	char line[160];
	int n = snprintf(line, sizeof(line), "%sNode 0, zone %8s", prefix, zones[zone].name);

	for (int o = 0; o < NR_ORDERS; o++)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " %6llu",
			      (unsigned long long)zones[zone].free_area[o].nr_free);
	shell_printf("%s\n", line);
}

int cmd_buddyinfo(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	shell_printf("Free blocks per order, as Linux's /proc/buddyinfo (order n = 2^n pages):\n");
	shell_printf("%-21s", "");
	for (int o = 0; o < NR_ORDERS; o++)
		shell_printf(" %6d", o);
	shell_printf("\n");
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (zones[z].managed_pages)
			shell_buddyinfo_line("", z);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		char pcp[200];

		if (!zones[z].managed_pages)
			continue;
		zone_pcp_string(&zones[z], pcp, sizeof(pcp));
		shell_printf("zone %-6s free %llu of %llu pages; per-CPU lists (not counted as "
			     "free): %s\n",
			     zones[z].name, (unsigned long long)zones[z].free_pages,
			     (unsigned long long)zones[z].managed_pages, pcp);
	}
	return 0;
}

int cmd_zoneinfo(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	zoneinfo_print();
	return 0;
}

/* Linux's sysctl vm.min_free_kbytes: read it, or set it and every zone's watermarks. */
int cmd_min_free_kbytes(int argc, char **argv)
{
	u64 kbytes;

	if (argc == 2) {
		if (!shell_arg_u64(argv[0], argv[1], &kbytes))
			return -EINVAL;
		if (kbytes > 0x7fffffffU || min_free_kbytes_set((int)kbytes)) {
			shell_printf(
				"min_free_kbytes: %llu is above MemTotal (%llu kB); unchanged\n",
				(unsigned long long)kbytes,
				(unsigned long long)(totalram_pages * 4));
			return -EINVAL;
		}
	}
	shell_printf("vm.min_free_kbytes = %d\n", min_free_kbytes);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (zones[z].managed_pages)
			shell_printf("zone %-6s min %llu low %llu high %llu pages; per-CPU high %d "
				     "batch %d\n",
				     zones[z].name,
				     (unsigned long long)zones[z].watermark[WMARK_MIN],
				     (unsigned long long)zones[z].watermark[WMARK_LOW],
				     (unsigned long long)zones[z].watermark[WMARK_HIGH],
				     zones[z].pageset_high, zones[z].pageset_batch);
	return 0;
}

/* The run frame_owner_walk() found for the one frame asked about. */
static void keep_run(const struct frame_run *run, void *arg)
{
	*(struct frame_run *)arg = *run;
}

/* Write page->flags as names ("PG_head|PG_kmalloc", or "0"). */
static void page_flags_string(u32 flags, char *buf, size_t size)
{
	static const char *const names[] = {"PG_reserved", "PG_buddy",	 "PG_head",
					    "PG_slab",	   "PG_kmalloc", "PG_pcp"};
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < ARRAY_SIZE(names) && n < size; i++)
		if (flags & (1U << i))
			n += snprintf(buf + n, size - n, "%s%s", n ? "|" : "", names[i]);
	if (!n)
		snprintf(buf, size, "0");
}

/*
 * The struct page's fields, each union read as the page's state uses it:
 * order for a buddy block or an allocation, inuse/objects and slab_cache
 * for a slab page (the same 32 bits as order: never print them as one).
 */
static void page_print_fields(const struct page *page, const char *flags)
{
	shell_printf("    flags %#x (%s)", page->flags, flags);
	if (page->flags & PG_slab)
		shell_printf(", slab inuse %u of %u objects\n", page->inuse, page->objects);
	else if (page->flags & (PG_buddy | PG_head))
		shell_printf(", order %u\n", page->order);
	else
		shell_printf(", order field %u (unused in this state)\n", page->order);
	shell_printf("    next %#x, prev %#x (pfn links; %#x = none)\n", page->next, page->prev,
		     PFN_NONE);
	if (page->flags & PG_slab)
		shell_printf("    slab_cache %p (%s), freelist %#llx\n", (void *)page->slab_cache,
			     page->slab_cache ? page->slab_cache->name : "none",
			     (unsigned long long)page->freelist);
	else if (page->caller)
		shell_printf("    caller %pS (%s), freelist %#llx\n", (void *)page->caller,
			     page->flags & PG_buddy ? "who freed it" : "who allocated it",
			     (unsigned long long)page->freelist);
	else
		shell_printf("    caller 0, freelist %#llx\n", (unsigned long long)page->freelist);
}

/*
 * A number below max_pfn is a pfn; anything else must be a mapped kernel
 * virtual address (direct map, kernel image), translated by the page tables.
 */
int cmd_page(int argc, char **argv)
{
	struct frame_run run = {.owner = FRAME_UNKNOWN};
	const struct page *page;
	char state[160], flags[64];
	phys_addr_t pa;
	u64 v;
	pfn_t pfn;

	(void)argc;
	if (!shell_arg_u64(argv[0], argv[1], &v))
		return -EINVAL;
	if (v < max_pfn) {
		pfn = v;
	} else if (v >= PAGE_OFFSET && pt_translate(kernel_pgd, v, &pa) &&
		   pfn_valid(pa >> PAGE_SHIFT)) {
		pfn = pa >> PAGE_SHIFT;
	} else {
		shell_printf("page: %#llx is neither a pfn (below max_pfn %#llx) nor a mapped "
			     "kernel address of RAM\n",
			     (unsigned long long)v, (unsigned long long)max_pfn);
		return -EINVAL;
	}
	page = pfn_to_page(pfn);
	page_describe_state(pfn, state, sizeof(state));
	frame_owner_walk(pfn, pfn + 1, keep_run, &run);
	page_flags_string(page->flags, flags, sizeof(flags));
	shell_printf("page pfn %#llx: phys %#llx, zone %s, direct map %#llx\n",
		     (unsigned long long)pfn, (unsigned long long)pfn << PAGE_SHIFT,
		     zones[pfn_zone(pfn)].name,
		     (unsigned long long)phys_to_virt(pfn << PAGE_SHIFT));
	shell_printf("  state: %s\n", state);
	if (run.owner == FRAME_SLAB && run.cache)
		shell_printf("  owner: slab:%s (as memmap shows it)\n", run.cache->name);
	else if (frame_owner_has_order(run.owner))
		shell_printf("  owner: %s-%u (as memmap shows it)\n", frame_owner_name(run.owner),
			     run.order);
	else
		shell_printf("  owner: %s (as memmap shows it)\n", frame_owner_name(run.owner));
	shell_printf("  struct page at %p (mem_map[%#llx], %zu bytes):\n", (const void *)page,
		     (unsigned long long)pfn, sizeof(*page));
	page_print_fields(page, flags);
	return 0;
}

/* The zone name argument of alloc as GFP flags; false after one line if unknown. */
static bool zone_arg_gfp(const char *arg, gfp_t *gfp)
{
	if (!strcmp(arg, "dma"))
		*gfp = GFP_KERNEL | GFP_DMA;
	else if (!strcmp(arg, "dma32"))
		*gfp = GFP_KERNEL | GFP_DMA32;
	else if (!strcmp(arg, "normal"))
		*gfp = GFP_KERNEL;
	else {
		shell_printf("alloc: unknown zone '%s' (dma, dma32 or normal)\n", arg);
		return false;
	}
	return true;
}

int cmd_alloc(int argc, char **argv)
{
	gfp_t gfp = GFP_KERNEL;
	u64 order, before = nr_free_pages(), pcp_before = nr_pcp_pages();
	struct page *page;
	unsigned long addr;
	unsigned int id;
	int z;

	if (!shell_arg_u64(argv[0], argv[1], &order))
		return -EINVAL;
	if (order > MAX_ORDER) {
		shell_printf("alloc: order %llu is above MAX_ORDER (%u, blocks of 4 MiB)\n",
			     (unsigned long long)order, MAX_ORDER);
		return -EINVAL;
	}
	if (argc == 3 && !zone_arg_gfp(argv[2], &gfp))
		return -EINVAL;
	if (mine_full(argv[0]))
		return -ENOSPC;
	page = alloc_pages(gfp | __GFP_NOWARN, (unsigned int)order);
	if (!page) {
		shell_printf("alloc: no free block of order %llu in zone %s or below "
			     "(Normal -> DMA32 -> DMA); nothing allocated\n",
			     (unsigned long long)order,
			     (gfp & GFP_DMA)	 ? "DMA"
			     : (gfp & GFP_DMA32) ? "DMA32"
						 : "Normal");
		return -ENOMEM;
	}
	addr = (unsigned long)page_address(page);
	id = mine_record(MINE_PAGES, addr, order, argc, argv);
	z = pfn_zone(page_to_pfn(page));
	shell_printf(
		"alloc: order %llu = %llu pages (%llu KiB) at %#lx, pfn %#llx, zone %s (mine #%u)\n",
		(unsigned long long)order, 1ULL << order, (4ULL << order), addr,
		(unsigned long long)page_to_pfn(page), zones[z].name, id);
	shell_buddyinfo_line("  buddyinfo now: ", z);
	shell_printf("  free pages %llu -> %llu, per-CPU lists %llu -> %llu; 'free %#lx' gives it "
		     "back\n",
		     (unsigned long long)before, (unsigned long long)nr_free_pages(),
		     (unsigned long long)pcp_before, (unsigned long long)nr_pcp_pages(), addr);
	return 0;
}

int cmd_free(int argc, char **argv)
{
	u64 addr, before = nr_free_pages(), pcp_before = nr_pcp_pages();
	struct mine_entry *e;
	unsigned int order;
	int z;

	(void)argc;
	if (!shell_arg_u64(argv[0], argv[1], &addr) || mine_wrong_kind(argv[0], addr, MINE_PAGES))
		return -EINVAL;
	e = mine_find(MINE_PAGES, addr);
	if (!e) {
		shell_printf("free: %#llx is not a block the shell handed out ('mine' lists them); "
			     "nothing freed\n",
			     (unsigned long long)addr);
		return -EINVAL;
	}
	order = (unsigned int)e->amount;
	z = pfn_zone(virt_to_phys((void *)addr) >> PAGE_SHIFT);
	free_pages(addr, order);
	shell_printf("free: order %u at %#llx (mine #%u) back to the buddy allocator\n", order,
		     (unsigned long long)addr, e->id);
	mine_forget(e);
	shell_buddyinfo_line("  buddyinfo now: ", z);
	shell_printf("  free pages %llu -> %llu, per-CPU lists %llu -> %llu\n",
		     (unsigned long long)before, (unsigned long long)nr_free_pages(),
		     (unsigned long long)pcp_before, (unsigned long long)nr_pcp_pages());
	return 0;
}
