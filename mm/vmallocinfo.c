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

void vmallocinfo_print(void)
{
	struct vmap_area *va;

	spin_lock(&vmap_area_lock);
	for_each_vmap_area (va, &vmap_space)
		vmallocinfo_line(va);
	for_each_vmap_area (va, &module_space)
		vmallocinfo_line(va);
	spin_unlock(&vmap_area_lock);
}

void vmalloc_dump(void)
{
	const struct vmalloc_freed *f;
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
	printk_raw("vmalloc: areas (first %u):\n", VMALLOC_DUMP_LINES);
	for_each_vmap_area (va, &vmap_space) {
		if (n++ == VMALLOC_DUMP_LINES)
			break;
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
