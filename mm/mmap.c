// SPDX-License-Identifier: MIT
/*
 * The VMAs of a process (mm/mmap.h): the rbtree by address, and the
 * address-space operations behind brk, mmap, munmap and mprotect. They
 * reserve or release address space; frames are mm/memory.c's.
 *
 * Invariant (kept by every function here): the VMAs of an mm are
 * page-aligned, non-empty, disjoint, inside [MMAP_MIN_ADDR, TASK_SIZE),
 * total_vm is the sum of their sizes in pages, and each writable VMA's size
 * is in Committed_AS (mm/overcommit.c): every size change goes through
 * vma_pages_add(). Callers hold mmap_lock for writing, or own an mm no one
 * else reaches yet (exec, the tests).
 */
#include "mm/mmap.h"
#include "mm/mm_internal.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/page.h"
#include "mm/slab.h"

static struct vm_area_struct *vma_of(struct rb_node *n)
{
	return rb_entry_safe(n, struct vm_area_struct, vm_rb);
}

struct vm_area_struct *mm_first_vma(struct mm_struct *mm)
{
	return vma_of(rb_first(&mm->mm_rb));
}

struct vm_area_struct *mm_next_vma(struct vm_area_struct *vma)
{
	return vma_of(rb_next(&vma->vm_rb));
}

struct vm_area_struct *find_vma(struct mm_struct *mm, u64 addr)
{
	struct rb_node *n = mm->mm_rb.root;
	struct vm_area_struct *found = NULL;

	while (n) {
		struct vm_area_struct *v = vma_of(n);

		if (v->vm_end > addr) {
			found = v;
			if (v->vm_start <= addr)
				break;
			n = n->left;
		} else {
			n = n->right;
		}
	}
	return found;
}

/* vma grew (or shrank) by pages: total_vm (and its peak), and Committed_AS if it is writable. */
static void vma_pages_add(struct mm_struct *mm, const struct vm_area_struct *vma, long pages)
{
	mm->total_vm += (unsigned long)pages;
	mm->hiwater_vm = MAX(mm->hiwater_vm, mm->total_vm);
	if (vma->vm_flags & VM_WRITE)
		vm_commit_add(pages);
}

static long range_pages(u64 start, u64 end)
{
	return (long)((end - start) >> PAGE_SHIFT);
}

static void vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct rb_node **link = &mm->mm_rb.root, *parent = NULL;

	while (*link) {
		parent = *link;
		link = vma->vm_start < vma_of(parent)->vm_start ? &parent->left : &parent->right;
	}
	rb_insert(&mm->mm_rb, &vma->vm_rb, parent, link);
	mm->map_count++;
	vma_pages_add(mm, vma, range_pages(vma->vm_start, vma->vm_end));
}

static void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	rb_erase(&mm->mm_rb, &vma->vm_rb);
	mm->map_count--;
	vma_pages_add(mm, vma, -range_pages(vma->vm_start, vma->vm_end));
	kfree(vma);
}

/* Is [start, end) page-aligned, non-empty and inside the user range? */
static bool range_ok(u64 start, u64 end)
{
	return start < end && PAGE_ALIGNED(start) && PAGE_ALIGNED(end) && start >= MMAP_MIN_ADDR &&
	       end <= TASK_SIZE;
}

int mm_add_vma(struct mm_struct *mm, u64 start, u64 end, unsigned long flags, enum vma_kind kind)
{
	struct vm_area_struct *vma, *next;

	if (!range_ok(start, end))
		return -EINVAL;
	if ((flags & VM_WRITE) && !vm_enough_memory(range_pages(start, end)))
		return -ENOMEM; /* the overcommit policy refuses it */
	next = find_vma(mm, start);
	if (next && next->vm_start < end)
		return -EEXIST;
	vma = kzalloc(sizeof(*vma), GFP_KERNEL);
	if (!vma)
		return -ENOMEM;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = flags;
	vma->kind = kind;
	vma->vm_mm = mm;
	vma_link(mm, vma);
	return 0;
}

/* Split vma at addr (strictly inside it): vma keeps the lower part. */
static int vma_split(struct mm_struct *mm, struct vm_area_struct *vma, u64 addr)
{
	struct vm_area_struct *upper = kmalloc(sizeof(*upper), GFP_KERNEL);

	if (!upper)
		return -ENOMEM;
	*upper = *vma;
	upper->vm_start = addr;
	upper->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
	vma_pages_add(mm, vma, -range_pages(addr, vma->vm_end));
	vma->vm_end = addr;
	vma_link(mm, upper); /* counts upper's pages again, and one more VMA */
	return 0;
}

int mm_unmap_range(struct mm_struct *mm, u64 start, u64 end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	while (vma && vma->vm_start < end) {
		struct vm_area_struct *next = mm_next_vma(vma);

		if (vma->vm_start < start && vma->vm_end > end) {
			int err = vma_split(mm, vma, end);

			if (err)
				return err;
			next = mm_next_vma(vma);
		}
		zap_page_range(mm, MAX(vma->vm_start, start), MIN(vma->vm_end, end));
		if (vma->vm_start >= start && vma->vm_end <= end) {
			vma_unlink(mm, vma);
		} else if (vma->vm_start < start) {
			vma_pages_add(mm, vma, -range_pages(start, vma->vm_end));
			vma->vm_end = start;
		} else {
			/* The lower part goes: vm_start is the key, so relink. */
			rb_erase(&mm->mm_rb, &vma->vm_rb);
			mm->map_count--;
			vma_pages_add(mm, vma, -range_pages(vma->vm_start, vma->vm_end));
			vma->vm_pgoff += (end - vma->vm_start) >> PAGE_SHIFT;
			vma->vm_start = end;
			vma_link(mm, vma);
		}
		vma = next;
	}
	return 0;
}

int mm_protect_range(struct mm_struct *mm, u64 start, u64 end, unsigned long flags)
{
	struct vm_area_struct *vma = find_vma(mm, start);
	u64 addr = start;
	int err;

	/* Linux: -ENOMEM if any part of the range is not mapped. */
	for (struct vm_area_struct *v = vma; addr < end; v = mm_next_vma(v)) {
		if (!v || v->vm_start > addr)
			return -ENOMEM;
		addr = v->vm_end;
	}
	if (vma->vm_start < start) {
		err = vma_split(mm, vma, start);
		if (err)
			return err;
		vma = mm_next_vma(vma);
	}
	for (; vma && vma->vm_start < end; vma = mm_next_vma(vma)) {
		if (vma->vm_end > end) {
			err = vma_split(mm, vma, end);
			if (err)
				return err;
		}
		if ((flags & VM_WRITE) && !(vma->vm_flags & VM_WRITE)) {
			if (!vm_enough_memory(range_pages(vma->vm_start, vma->vm_end)))
				return -ENOMEM; /* writable memory is accountable */
			vm_commit_add(range_pages(vma->vm_start, vma->vm_end));
		} else if (!(flags & VM_WRITE) && (vma->vm_flags & VM_WRITE)) {
			vm_commit_add(-range_pages(vma->vm_start, vma->vm_end));
		}
		vma->vm_flags = flags;
		change_protection(mm, vma);
	}
	return 0;
}

/* The last VMA (highest address), or NULL. */
static struct vm_area_struct *last_vma(struct mm_struct *mm)
{
	struct rb_node *n = mm->mm_rb.root;

	while (n && n->right)
		n = n->right;
	return vma_of(n);
}

u64 mm_get_unmapped_area(struct mm_struct *mm, u64 len)
{
	u64 high = MMAP_BASE;

	if (!len || len > MMAP_BASE - MMAP_MIN_ADDR)
		return 0;
	for (struct vm_area_struct *v = last_vma(mm); v; v = vma_of(rb_prev(&v->vm_rb))) {
		if (v->vm_start >= high)
			continue;
		if (v->vm_end <= high - len)
			return high - len;
		high = v->vm_start;
		if (high < MMAP_MIN_ADDR + len)
			return 0;
	}
	return high - len >= MMAP_MIN_ADDR ? high - len : 0;
}

u64 mm_brk(struct mm_struct *mm, u64 brk)
{
	u64 old_end = PAGE_ALIGN(mm->brk), new_end = PAGE_ALIGN(brk);
	struct vm_area_struct *heap;

	if (brk < mm->start_brk || brk > MMAP_BASE)
		return mm->brk;
	if (new_end < old_end) {
		if (mm_unmap_range(mm, new_end, old_end))
			return mm->brk;
	} else if (new_end > old_end) {
		struct vm_area_struct *next = find_vma(mm, old_end);

		if ((next && next->vm_start < new_end) ||
		    !vm_enough_memory(range_pages(old_end, new_end)))
			return mm->brk;
		heap = old_end > mm->start_brk ? find_vma(mm, old_end - 1) : NULL;
		if (heap && heap->kind == VMA_HEAP && heap->vm_end == old_end) {
			heap->vm_end = new_end;
			vma_pages_add(mm, heap, range_pages(old_end, new_end));
		} else if (mm_add_vma(mm, old_end, new_end, VM_READ | VM_WRITE, VMA_HEAP)) {
			return mm->brk;
		}
	}
	mm->brk = brk;
	return brk;
}

/*
 * Linux's expand_downwards() with acct_stack_growth()'s checks:
 *
 *   start = addr's page; nothing to do if vma starts at or below it
 *   prev = the VMA below: if it is accessible and not a stack itself,
 *          start must stay STACK_GUARD_GAP above its end
 *   vm_end - start <= STACK_RLIMIT; the overcommit policy allows the pages
 *   vm_start = start (still the tree's order: nothing lies between)
 */
int expand_stack(struct mm_struct *mm, struct vm_area_struct *vma, u64 addr)
{
	struct vm_area_struct *prev;
	u64 start = addr & PAGE_MASK;

	if (!(vma->vm_flags & VM_GROWSDOWN))
		return -EFAULT;
	if (start < MMAP_MIN_ADDR)
		return -EPERM;
	if (start >= vma->vm_start)
		return 0;
	prev = vma_of(rb_prev(&vma->vm_rb));
	if (prev && !(prev->vm_flags & VM_GROWSDOWN) &&
	    (prev->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)) &&
	    start - prev->vm_end < STACK_GUARD_GAP)
		return -ENOMEM;
	if (vma->vm_end - start > STACK_RLIMIT ||
	    ((vma->vm_flags & VM_WRITE) && !vm_enough_memory(range_pages(start, vma->vm_start))))
		return -ENOMEM;
	vma_pages_add(mm, vma, range_pages(start, vma->vm_start));
	vma->vm_start = start;
	return 0;
}
