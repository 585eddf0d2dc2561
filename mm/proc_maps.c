// SPDX-License-Identifier: MIT
/*
 * A process's address space in the shapes of Linux's /proc/PID/maps and
 * the Vm lines of /proc/PID/status (fs/proc/task_mmu.c). strata has no
 * files: device and inode print as 00:00 0, and the ELF segments carry the
 * program's name where Linux prints the file's path. The other names follow
 * Linux's show_map_vma(): [heap] for any other VMA that touches
 * [start_brk, brk], [stack] for the stack.
 *
 * The process may be running on another CPU meanwhile: each reader holds
 * mmap_lock for reading only while it copies (one VMA at a time for maps,
 * resuming by address as Linux's seq_file does with m_start(); the
 * counters at once for status) and prints after releasing it, so a slow
 * console never holds up the process's faults.
 */
#include "mm/mm_internal.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

/* Linux pads the fields before a name to this width (25 + 6 * sizeof(void *) - 1). */
#define MAPS_NAME_COLUMN 72

/* A VMA and the break, as copied under mmap_lock. */
struct vma_copy {
	struct vm_area_struct vma;
	u64 start_brk, brk;
};

static const char *vma_name(const struct vma_copy *c, const char *prog)
{
	const struct vm_area_struct *vma = &c->vma;

	if (vma->kind == VMA_TEXT || vma->kind == VMA_DATA)
		return prog;
	/* Linux's test: so a mapping over the heap's pages is [heap] too. */
	if (vma->vm_start <= c->brk && vma->vm_end >= c->start_brk)
		return "[heap]";
	return vma->kind == VMA_STACK ? "[stack]" : NULL;
}

/* The first VMA ending above addr, copied under mmap_lock; false if none. */
static bool vma_copy_from(struct mm_struct *mm, u64 addr, struct vma_copy *copy)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	if (vma)
		*copy = (struct vma_copy){*vma, mm->start_brk, mm->brk};
	mmap_read_unlock(mm);
	return vma;
}

void mm_print_maps(struct mm_struct *mm, const char *name)
{
	struct vma_copy c;
	const struct vm_area_struct *v = &c.vma;

	for (u64 addr = 0; vma_copy_from(mm, addr, &c); addr = v->vm_end) {
		const char *label = vma_name(&c, name);
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

/*
 * Linux's per-mm page counts (mm_struct's data_vm, stack_vm, exec_vm, kept
 * by vm_stat_account()), here summed over the VMAs: data is private
 * writable memory that is not the stack, stk the VM_GROWSDOWN VMAs, exe
 * the executable ones that are neither (Linux's VmExe is the part of
 * exec_vm inside the program's code; strata loads no libraries, so it is
 * all of it).
 */
static void vma_pages_by_kind(struct mm_struct *mm, struct mm_status *st)
{
	for (struct vm_area_struct *v = mm_first_vma(mm); v; v = mm_next_vma(v)) {
		unsigned long pages = (v->vm_end - v->vm_start) >> PAGE_SHIFT;

		if (v->vm_flags & VM_GROWSDOWN)
			st->stk += pages;
		else if (v->vm_flags & VM_WRITE)
			st->data += pages;
		else if (v->vm_flags & VM_EXEC)
			st->exe += pages;
	}
}

void mm_status_snapshot(struct mm_struct *mm, struct mm_status *st)
{
	*st = (struct mm_status){0};
	mmap_read_lock(mm);
	st->size = mm->total_vm;
	st->peak = MAX(mm->hiwater_vm, mm->total_vm);
	st->rss = mm->rss;
	st->hwm = MAX(mm->hiwater_rss, mm->rss);
	st->pte = mm_pgtables_pages(mm);
	st->min_flt = mm->min_flt;
	vma_pages_by_kind(mm, st);
	mmap_read_unlock(mm);
}

void mm_print_status(struct mm_struct *mm)
{
	const unsigned int kb = PAGE_SHIFT - 10;
	struct mm_status st;

	mm_status_snapshot(mm, &st);
	/* Linux's lines, in its order, less those strata has no use for (VmLck, RssAnon ...). */
	printk_raw("VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmHWM:\t%8lu kB\nVmRSS:\t%8lu kB\n",
		   st.peak << kb, st.size << kb, st.hwm << kb, st.rss << kb);
	printk_raw("VmData:\t%8lu kB\nVmStk:\t%8lu kB\nVmExe:\t%8lu kB\nVmPTE:\t%8lu kB\n",
		   st.data << kb, st.stk << kb, st.exe << kb, st.pte << kb);
	printk_raw("minflt:\t%8lu (field 10 of /proc/PID/stat)\n", st.min_flt);
}
