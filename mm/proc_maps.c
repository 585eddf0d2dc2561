// SPDX-License-Identifier: MIT
/*
 * A process's address space in the shapes of Linux's /proc/PID/maps and
 * the Vm lines of /proc/PID/status (fs/proc/task_mmu.c). strata has no
 * files: device and inode print as 00:00 0, and the ELF segments carry the
 * program's name where Linux prints the file's path.
 */
#include "mm/mm_internal.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

/* Linux pads the fields before a name to this width (25 + 6 * sizeof(void *) - 1). */
#define MAPS_NAME_COLUMN 72

static const char *vma_name(const struct vm_area_struct *vma, const char *prog)
{
	switch (vma->kind) {
	case VMA_HEAP:
		return "[heap]";
	case VMA_STACK:
		return "[stack]";
	case VMA_ANON:
		return NULL;
	default:
		return prog;
	}
}

void mm_print_maps(struct mm_struct *mm, const char *name)
{
	for (struct vm_area_struct *v = mm_first_vma(mm); v; v = mm_next_vma(v)) {
		const char *label = vma_name(v, name);
		char line[128];
		int n;

		n = snprintf(line, sizeof(line), "%08llx-%08llx %c%c%cp %08llx 00:00 0 ",
			     (unsigned long long)v->vm_start, (unsigned long long)v->vm_end,
			     v->vm_flags & VM_READ ? 'r' : '-', v->vm_flags & VM_WRITE ? 'w' : '-',
			     v->vm_flags & VM_EXEC ? 'x' : '-',
			     /* as Linux: an anonymous mapping shows offset 0 */
			     v->vm_file ? (unsigned long long)v->vm_pgoff << PAGE_SHIFT : 0ULL);
		if (label)
			printk_raw("%s%*s%s\n", line, MAX(MAPS_NAME_COLUMN - n, 0) + 1, "", label);
		else
			printk_raw("%s\n", line);
	}
}

/* Pages of the VMAs of one kind. */
static unsigned long kind_pages(struct mm_struct *mm, enum vma_kind kind, bool writable)
{
	unsigned long pages = 0;

	for (struct vm_area_struct *v = mm_first_vma(mm); v; v = mm_next_vma(v))
		if (v->kind == kind && (!writable || (v->vm_flags & VM_WRITE)))
			pages += (v->vm_end - v->vm_start) >> PAGE_SHIFT;
	return pages;
}

void mm_print_status(struct mm_struct *mm)
{
	/* Linux's VmData: private writable mappings that are not the stack. */
	unsigned long data = kind_pages(mm, VMA_DATA, true) + kind_pages(mm, VMA_HEAP, true) +
			     kind_pages(mm, VMA_ANON, true);

	printk_raw("VmSize:\t%8lu kB\n", mm->total_vm << (PAGE_SHIFT - 10));
	printk_raw("VmRSS:\t%8lu kB\n", mm->rss << (PAGE_SHIFT - 10));
	printk_raw("VmData:\t%8lu kB\n", data << (PAGE_SHIFT - 10));
	printk_raw("VmStk:\t%8lu kB\n", kind_pages(mm, VMA_STACK, false) << (PAGE_SHIFT - 10));
	printk_raw("VmExe:\t%8lu kB\n", kind_pages(mm, VMA_TEXT, false) << (PAGE_SHIFT - 10));
	printk_raw("VmPTE:\t%8lu kB\n", mm_pgtables_pages(mm) << (PAGE_SHIFT - 10));
	printk_raw("minflt:\t%8lu (field 10 of /proc/PID/stat)\n", mm->min_flt);
}
