// SPDX-License-Identifier: MIT
/*
 * vmalloc by hand: `vmalloc SIZE` and `vfree ADDR`. Every area `vmalloc`
 * makes is recorded in the registry (mine.c) as MINE_VMALLOC, and `vfree`
 * takes back only those, so nothing typed here reaches vfree() (mm/vmalloc.c)
 * with an address the shell did not get from vmalloc(). `vmallocinfo` (in
 * cmd_mm.c) lists the areas; the demos are in demo_vmalloc.c.
 */
#include "shell/shell_internal.h"
#include "lib/errno.h"
#include "mm/gfp.h"
#include "mm/page_info.h"
#include "mm/vmalloc.h"

/* The most page frames `vmalloc` lists after an allocation. */
#define VMALLOC_CMD_SHOW_PAGES 8

/*
 * "pfns 0x1234 0x1233 ... (N more)": the frames behind the first pages of
 * the area at addr, to show they are scattered; whether they are contiguous.
 */
static void vmalloc_show_pages(const char *addr, unsigned long nr_pages)
{
	unsigned long shown = MIN(nr_pages, (unsigned long)VMALLOC_CMD_SHOW_PAGES);
	unsigned long first = vmalloc_to_pfn(addr);
	bool contiguous = true;

	shell_printf("  page frames:");
	for (unsigned long i = 0; i < nr_pages; i++) {
		unsigned long pfn = vmalloc_to_pfn(addr + i * PAGE_SIZE);

		if (pfn != first + i)
			contiguous = false;
		if (i < shown)
			shell_printf(" %#lx", pfn);
	}
	if (nr_pages > shown)
		shell_printf(" (%lu more)", nr_pages - shown);
	shell_printf("\n  physically contiguous: %s\n",
		     nr_pages == 1 ? "one page"
		     : contiguous
			     ? "yes, by chance (vmalloc does not try)"
			     : "no (vmalloc maps one page at a time, wherever the buddy had one)");
}

int cmd_vmalloc(int argc, char **argv)
{
	u64 size, before = nr_free_pages(), limit = totalram_pages << PAGE_SHIFT;
	unsigned long pages;
	unsigned int id;
	char *p;

	if (!shell_arg_u64(argv[0], argv[1], &size))
		return -EINVAL;
	if (!size || size > limit) {
		shell_printf(
			"vmalloc: SIZE must be 1 .. %llu bytes (all of RAM); nothing allocated\n",
			(unsigned long long)limit);
		return -EINVAL;
	}
	if (mine_full(argv[0]))
		return -ENOSPC;
	/* __GFP_NOWARN: the line below says it, once. The caller is this function. */
	p = __vmalloc(size, GFP_KERNEL | __GFP_NOWARN);
	if (!p) {
		shell_printf(
			"vmalloc: no room for %llu bytes (pages, page tables or a virtual range "
			"ran out); nothing allocated\n",
			(unsigned long long)size);
		return -ENOMEM;
	}
	pages = ALIGN_UP(size, PAGE_SIZE) >> PAGE_SHIFT;
	id = mine_record(MINE_VMALLOC, (u64)p, size, argc, argv);
	shell_printf("vmalloc: %llu bytes = %lu page%s at %#llx (mine #%u), guard page at %#llx\n",
		     (unsigned long long)size, pages, pages == 1 ? "" : "s", (unsigned long long)p,
		     id, (unsigned long long)(p + pages * PAGE_SIZE));
	vmalloc_show_pages(p, pages);
	shell_printf("  free pages %llu -> %llu (its pages, and any page table or slab page its "
		     "records needed)\n",
		     (unsigned long long)before, (unsigned long long)nr_free_pages());
	shell_printf(
		"  'vmallocinfo' lists it, 'demo phys %#llx %llu' walks it, 'vfree %#llx' gives "
		"it back\n",
		(unsigned long long)p, (unsigned long long)MIN(size, 64 * PAGE_SIZE),
		(unsigned long long)p);
	return 0;
}

int cmd_vfree(int argc, char **argv)
{
	u64 addr, before = nr_free_pages();
	struct vmap_lazy_stats st;
	struct mine_entry *e;

	(void)argc;
	if (!shell_arg_u64(argv[0], argv[1], &addr) || mine_wrong_kind(argv[0], addr, MINE_VMALLOC))
		return -EINVAL;
	e = mine_find(MINE_VMALLOC, addr);
	if (!e) {
		shell_printf("vfree: %#llx is not an area the shell's vmalloc handed out ('mine' "
			     "lists them); nothing freed\n",
			     (unsigned long long)addr);
		return -EINVAL;
	}
	vfree((void *)addr);
	vmap_lazy_stats(&st);
	shell_printf("vfree: %llu bytes at %#llx (mine #%u) unmapped; lazily freed: %s\n",
		     (unsigned long long)e->amount, (unsigned long long)addr, e->id,
		     st.areas ? "its pages wait for the purge ('vmalloc_purge')"
			      : "the purge ran, its pages are back in the buddy allocator");
	mine_forget(e);
	shell_printf("  free pages %llu -> %llu\n", (unsigned long long)before,
		     (unsigned long long)nr_free_pages());
	return 0;
}

int cmd_vmalloc_purge(int argc, char **argv)
{
	struct vmap_lazy_stats st;
	u64 before = nr_free_pages();

	(void)argc;
	(void)argv;
	vmap_lazy_stats(&st);
	vm_unmap_aliases();
	if (!st.areas) {
		shell_printf("vmalloc_purge: nothing lazily freed; no flush\n");
		return 0;
	}
	shell_printf("vmalloc_purge: %lu lazily freed area%s (%lu pages, %lu held) purged with one "
		     "TLB flush on every CPU; free pages %llu -> %llu\n",
		     st.areas, st.areas == 1 ? "" : "s", st.lazy_pages, st.held_pages,
		     (unsigned long long)before, (unsigned long long)nr_free_pages());
	return 0;
}
