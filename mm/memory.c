// SPDX-License-Identifier: MIT
/*
 * The frames and page tables of user address spaces (mm/mmap.h): demand
 * faults, unmapping, protection changes, and an mm's birth and death.
 *
 * Invariant: a present user pte maps a page from alloc_page() that belongs
 * to this mm alone, and rss counts them; zap_page_range() is the only place
 * that frees one. The kernel half of an mm's pgd is kernel_pgd's, kept in
 * step by mm/pgtable.c from mm_alloc() to the last mmput(). Everything here
 * runs with mmap_lock held for writing (handle_mm_fault takes it), or on an
 * mm no one else can reach (mm_alloc, the last mmput).
 */
#include "mm/mm_internal.h"
#include "arch/x86_64/cpu.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/slab.h"

/* The leaf protection for a VMA's flags: user, RW if writable, NX unless executable. */
static u64 vma_pte_prot(unsigned long flags)
{
	u64 prot = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;

	if (flags & VM_WRITE)
		prot |= _PAGE_RW | _PAGE_DIRTY;
	if (!(flags & VM_EXEC))
		prot |= _PAGE_NX;
	return prot & __supported_pte_mask;
}

static bool mm_is_loaded(const struct mm_struct *mm)
{
	return (read_cr3() & PTE_PFN_MASK) == virt_to_phys(mm->pgd);
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm), GFP_KERNEL);

	if (!mm)
		return NULL;
	mm->pgd = pgd_alloc();
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	init_rwsem(&mm->mmap_lock);
	atomic_set(&mm->mm_users, 1);
	rb_tree_init(&mm->mm_rb, NULL);
	pgd_list_add(&mm->pgd_link, mm->pgd);
	return mm;
}

void exit_mmap(struct mm_struct *mm)
{
	mmap_write_lock(mm);
	/* A range as wide as the user half never needs a split, so this cannot fail. */
	mm_unmap_range(mm, 0, TASK_SIZE);
	pt_free_empty_tables(mm->pgd, 0, PT_USER_END);
	mmap_write_unlock(mm);
}

void mmput(struct mm_struct *mm)
{
	might_sleep();
	if (!atomic_dec_and_test(&mm->mm_users))
		return;
	exit_mmap(mm); /* nothing left to do if the process's exit did it */
	pgd_list_del(&mm->pgd_link);
	pgd_free(mm->pgd);
	kfree(mm);
}

void zap_page_range(struct mm_struct *mm, u64 start, u64 end)
{
	bool loaded = mm_is_loaded(mm);

	for (u64 addr = start; addr < end;) {
		pte_t *slot = pt_pte_slot(mm->pgd, addr, false);
		pte_t old;

		if (!slot) { /* no page table: skip the rest of its 2 MiB */
			addr = ALIGN_DOWN(addr, PMD_SIZE) + PMD_SIZE;
			continue;
		}
		old = ptep_get_and_clear(slot);
		if (old & _PAGE_PRESENT) {
			if (loaded)
				flush_tlb_page(addr);
			free_page((unsigned long)phys_to_virt(old & PTE_PFN_MASK));
			mm->rss--;
		}
		addr += PAGE_SIZE;
	}
}

void change_protection(struct mm_struct *mm, struct vm_area_struct *vma)
{
	u64 prot = vma_pte_prot(vma->vm_flags);
	bool loaded = mm_is_loaded(mm);

	for (u64 addr = vma->vm_start; addr < vma->vm_end; addr += PAGE_SIZE) {
		pte_t *slot = pt_pte_slot(mm->pgd, addr, false);

		if (!slot || !(*slot & _PAGE_PRESENT))
			continue;
		if (!(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC))) {
			/* PROT_NONE: x86 has no such pte, so the page goes (strata's way; Linux keeps it) */
			free_page((unsigned long)phys_to_virt(ptep_get_and_clear(slot) &
							      PTE_PFN_MASK));
			mm->rss--;
		} else {
			set_pte(slot, (*slot & PTE_PFN_MASK) | prot);
		}
		if (loaded)
			flush_tlb_page(addr);
	}
}

/* May an access of this kind (FAULT_FLAG_*) touch a VMA with these flags? */
static bool access_allowed(unsigned long vm_flags, unsigned int flags)
{
	if (flags & FAULT_FLAG_WRITE)
		return vm_flags & VM_WRITE;
	if (flags & FAULT_FLAG_INSTR)
		return vm_flags & VM_EXEC;
	return vm_flags & (VM_READ | VM_WRITE | VM_EXEC);
}

/* Copy the image bytes of an ELF segment that fall into the page at addr. */
static void fill_from_file(const struct vm_area_struct *vma, u64 addr, u8 *page)
{
	u64 file_end = vma->vm_file_start + vma->vm_file_size;
	u64 from = MAX(addr, vma->vm_file_start), to = MIN(addr + PAGE_SIZE, file_end);

	if (vma->vm_file && from < to)
		memcpy(page + (from - addr), vma->vm_file + (from - vma->vm_file_start), to - from);
}

/*
 * The fault under mmap_lock (for writing):
 *
 *   vma = the first VMA ending above addr
 *   below it: a stack (VM_GROWSDOWN) extends down to addr if expand_stack()
 *             allows it; otherwise, or no VMA at all: FAULT_NO_VMA
 *   the VMA forbids the access: FAULT_ACCESS
 *   a zeroed page (filled from the image for an ELF segment) mapped with
 *   the VMA's protection; rss and min_flt count it
 */
static enum fault_result fault_locked(struct mm_struct *mm, u64 addr, unsigned int flags)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	pte_t *slot;
	u8 *page;

	if (!vma || (vma->vm_start > addr && expand_stack(mm, vma, addr)))
		return FAULT_NO_VMA;
	if (!access_allowed(vma->vm_flags, flags))
		return FAULT_ACCESS;
	addr &= PAGE_MASK;
	slot = pt_pte_slot(mm->pgd, addr, true);
	if (!slot)
		return FAULT_NO_MEMORY;
	if (*slot & _PAGE_PRESENT) {
		/* Another path mapped it, or this CPU's TLB was stale: retry. */
		flush_tlb_page(addr);
		return FAULT_MAPPED;
	}
	page = (u8 *)get_zeroed_page(GFP_KERNEL | __GFP_NOWARN);
	if (!page)
		return FAULT_NO_MEMORY;
	fill_from_file(vma, addr, page);
	set_pte(slot, virt_to_phys(page) | vma_pte_prot(vma->vm_flags));
	mm->rss++;
	mm->hiwater_rss = MAX(mm->hiwater_rss, mm->rss);
	mm->min_flt++;
	return FAULT_MAPPED;
}

enum fault_result handle_mm_fault(struct mm_struct *mm, u64 addr, unsigned int flags)
{
	enum fault_result r;

	mmap_write_lock(mm);
	r = fault_locked(mm, addr, flags);
	mmap_write_unlock(mm);
	return r;
}

void *mm_page_for_kernel(struct mm_struct *mm, u64 addr)
{
	phys_addr_t pa;

	if (handle_mm_fault(mm, addr, FAULT_FLAG_WRITE) != FAULT_MAPPED ||
	    !pt_translate(mm->pgd, addr & PAGE_MASK, &pa))
		return NULL;
	return phys_to_virt(pa);
}

/* Tables below the entry e at level (e itself not counted). */
static unsigned long count_tables(pte_t e, enum pt_level level)
{
	const pte_t *t;
	unsigned long n = 1;

	if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
		return 0;
	if (level + 1 == PT_PTE)
		return 1;
	t = phys_to_virt(e & PTE_PFN_MASK);
	for (int i = 0; i < PTRS_PER_TABLE; i++)
		n += count_tables(t[i], level + 1);
	return n;
}

unsigned long mm_pgtables_pages(struct mm_struct *mm)
{
	unsigned long n = 0; /* the pgd is not counted, as in Linux's mm_pgtables_bytes() */

	for (int i = 0; i < PTRS_PER_TABLE / 2; i++)
		n += count_tables(mm->pgd[i], PT_PGD);
	return n;
}
