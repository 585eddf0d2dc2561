// SPDX-License-Identifier: MIT
/*
 * Looking at the vmalloc layer: vmallocinfo in the shape of Linux's
 * /proc/vmallocinfo, and vmalloc_dump() for tests on failure, GDB and the
 * shell. Read-only: the areas are mm/vmalloc.c's, the ranges
 * mm/vmap_area.c's.
 *
 * Locking: every walk of the range trees holds vmap_area_lock, so another
 * CPU's vfree() cannot release an area (and its vm_struct) under it; the
 * lines are printed under it (the console is polled: no lock is taken
 * there but printk's own leaf lock). Task context, as vmalloc. The
 * freed-area records are a fixed ring read without it: a record being
 * written may show half old, never freed memory.
 */
#include "mm/vmalloc_internal.h"
#include "mm/page.h"
#include "mm/pgtable.h"
#include "kernel/printk.h"

/* How many lines of each kind vmalloc_dump() prints at most. */
#define VMALLOC_DUMP_LINES 16

/*
 * One line per live area, Linux's columns (mm/vmalloc.c s_show()):
 *   0x<start>-0x<end> <bytes> <caller> pages=<n> vmalloc|vmap
 * The range and the byte count include the guard page, as in Linux.
 */
static void vmallocinfo_line(const struct vmap_area *va)
{
	const struct vm_struct *vm = vmap_area_vm(va);

	if (!vm)
		return; /* another CPU is still setting it up */
	printk_raw("0x%016llx-0x%016llx %7llu %pS pages=%u %s\n", (unsigned long long)va->va_start,
		   (unsigned long long)va->va_end, (unsigned long long)(va->va_end - va->va_start),
		   va->caller, vm->nr_pages, vm->flags & VM_ALLOC ? "vmalloc" : "vmap");
}

/*
 * A lazily freed area, as Linux 6.1's show_purge_info() prints its purge
 * list: 0x<start>-0x<end> <bytes> unpurged vm_area. Linux merges touching
 * areas on that list into one line; strata prints one per area.
 */
static void vmallocinfo_unpurged_line(const struct vmap_area *va)
{
	printk_raw("0x%016llx-0x%016llx %7llu unpurged vm_area\n", (unsigned long long)va->va_start,
		   (unsigned long long)va->va_end, (unsigned long long)(va->va_end - va->va_start));
}

/* Every area of s, live ones or (unpurged) lazily freed ones. */
static void vmallocinfo_space(struct vmap_space *s, bool unpurged)
{
	struct vmap_area *va;

	for_each_vmap_area (va, s) {
		if (vmap_area_unpurged(va) != unpurged)
			continue;
		if (unpurged)
			vmallocinfo_unpurged_line(va);
		else
			vmallocinfo_line(va);
	}
}

/*
 * The live areas, then the lazily freed ones, as Linux's s_show() then
 * show_purge_info(); under vmap_area_lock.
 */
void vmallocinfo_print(void)
{
	spin_lock(&vmap_area_lock);
	vmallocinfo_space(&vmap_space, false);
	vmallocinfo_space(&module_space, false);
	vmallocinfo_space(&vmap_space, true);
	vmallocinfo_space(&module_space, true);
	spin_unlock(&vmap_area_lock);
}

void vmalloc_dump(void)
{
	const struct vmalloc_freed *f;
	struct vmap_lazy_stats lazy;
	struct vmap_stats st;
	struct vmap_area *va;
	unsigned int n = 0;

	spin_lock(&vmap_area_lock);
	vmap_space_stats(&vmap_space, &st);
	printk_raw("vmalloc: %llu areas (%llu KiB with guard pages), %llu free ranges, "
		   "largest free %llu KiB, page-table pages (all) %llu\n",
		   (unsigned long long)st.nr_busy, (unsigned long long)(st.busy_bytes >> 10),
		   (unsigned long long)st.nr_free, (unsigned long long)(st.largest_free >> 10),
		   (unsigned long long)pt_table_pages);
	vmap_lazy_stats(&lazy);
	printk_raw("vmalloc: lazily freed %lu areas (%lu pages, %lu held), purge at %lu pages, "
		   "%lu purges, %lu vfree deferred from interrupts\n",
		   lazy.areas, lazy.lazy_pages, lazy.held_pages, lazy_max_pages(), lazy.purges,
		   lazy.deferred);
	printk_raw("vmalloc: areas (first %u):\n", VMALLOC_DUMP_LINES);
	for_each_vmap_area (va, &vmap_space) {
		if (n++ == VMALLOC_DUMP_LINES)
			break;
		if (vmap_area_unpurged(va))
			vmallocinfo_unpurged_line(va);
		else
			vmallocinfo_line(va);
	}
	printk_raw("vmalloc: free ranges (first %u):\n", VMALLOC_DUMP_LINES);
	n = 0;
	for (va = vmap_free_first(&vmap_space); va && n < VMALLOC_DUMP_LINES;
	     va = vmap_free_next(va), n++)
		printk_raw("  0x%016llx-0x%016llx %llu KiB\n", (unsigned long long)va->va_start,
			   (unsigned long long)va->va_end,
			   (unsigned long long)((va->va_end - va->va_start) >> 10));
	spin_unlock(&vmap_area_lock);
	printk_raw("vmalloc: recently freed (newest first):\n");
	for (unsigned int i = 0; i < VMALLOC_DUMP_LINES && (f = vmalloc_freed_record(i)); i++)
		printk_raw("  0x%016llx-0x%016llx %s from %pS, freed by %pS\n",
			   (unsigned long long)f->start, (unsigned long long)f->end,
			   f->flags & VM_ALLOC ? "vmalloc" : "vmap", f->caller, f->free_caller);
}

/* vmalloc_for_each_page() over one space. */
static void vmalloc_space_for_each_page(struct vmap_space *s, void (*fn)(pfn_t pfn, void *arg),
					void *arg)
{
	struct vmap_area *va;

	for_each_vmap_area (va, s) {
		const struct vm_struct *vm = vmap_area_vm(va);

		if (!vm || !(vm->flags & VM_ALLOC))
			continue;
		for (u32 pfn = vm->held; pfn != PFN_NONE; pfn = pfn_to_page(pfn)->next)
			fn(pfn, arg); /* lazily freed: held until the purge */
		if (vmap_area_unpurged(va))
			continue;
		for (unsigned int i = 0; i < vm->nr_pages; i++) {
			unsigned long pfn = vmalloc_to_pfn((const char *)vm->addr + i * PAGE_SIZE);

			if (pfn)
				fn(pfn, arg);
		}
	}
}

void vmalloc_for_each_page(void (*fn)(pfn_t pfn, void *arg), void *arg)
{
	spin_lock(&vmap_area_lock);
	vmalloc_space_for_each_page(&vmap_space, fn, arg);
	vmalloc_space_for_each_page(&module_space, fn, arg);
	spin_unlock(&vmap_area_lock);
}
