// SPDX-License-Identifier: MIT
/*
 * Loading a static executable into an address space (kernel/binfmt_elf.h),
 * as Linux 6.1's load_elf_binary() places one without randomization:
 * ET_EXEC at its own addresses; a static PIE (ET_DYN, no PT_INTERP) where
 * mmap would put a mapping of its size (top-down below the mmap base),
 * with its heap moved to ELF_ET_DYN_BASE; the heap of an ET_EXEC starts
 * after its last segment.
 *
 * Invariant: a loaded segment is one VMA whose pages are filled from the
 * image at the first touch (mm/memory.c); nothing is copied here.
 */
#include "kernel/binfmt_elf.h"
#include "kernel/elf.h"
#include "lib/errno.h"
#include "mm/mmap.h"

/* Linux's x86_64 ELF_ET_DYN_BASE: two thirds of the 47-bit user window, not page-aligned. */
#define ELF_ET_DYN_BASE (TASK_SIZE / 3 * 2)

static const struct elf64_phdr *phdrs(const u8 *image)
{
	return (const struct elf64_phdr *)(image + ((const struct elf64_hdr *)image)->e_phoff);
}

/* The page span [*lo, *hi) the PT_LOAD segments cover, before any bias. */
static void load_span(const u8 *image, u64 *lo, u64 *hi)
{
	const struct elf64_hdr *eh = (const struct elf64_hdr *)image;
	const struct elf64_phdr *ph = phdrs(image);

	*lo = ~0UL;
	*hi = 0;
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
			continue;
		*lo = MIN(*lo, ALIGN_DOWN(ph[i].p_vaddr, PAGE_SIZE));
		*hi = MAX(*hi, PAGE_ALIGN(ph[i].p_vaddr + ph[i].p_memsz));
	}
}

/* Where the program headers are in memory (AT_PHDR), 0 if no segment holds them. */
static u64 phdr_address(const u8 *image, u64 bias)
{
	const struct elf64_hdr *eh = (const struct elf64_hdr *)image;
	const struct elf64_phdr *ph = phdrs(image);

	for (unsigned int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_PHDR)
			return ph[i].p_vaddr + bias;
	for (unsigned int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset <= eh->e_phoff &&
		    eh->e_phoff < ph[i].p_offset + ph[i].p_filesz)
			return ph[i].p_vaddr + (eh->e_phoff - ph[i].p_offset) + bias;
	return 0;
}

static int map_segment(struct mm_struct *mm, const u8 *image, const struct elf64_phdr *ph, u64 bias,
		       const char **why)
{
	u64 start = ALIGN_DOWN(ph->p_vaddr + bias, PAGE_SIZE);
	u64 end = PAGE_ALIGN(ph->p_vaddr + bias + ph->p_memsz);
	unsigned long flags = (ph->p_flags & PF_R ? VM_READ : 0) |
			      (ph->p_flags & PF_W ? VM_WRITE : 0) |
			      (ph->p_flags & PF_X ? VM_EXEC : 0);
	struct vm_area_struct *vma;
	int err;

	err = mm_add_vma(mm, start, end, flags, ph->p_flags & PF_W ? VMA_DATA : VMA_TEXT);
	if (err == -EEXIST || err == -EINVAL) {
		*why = err == -EEXIST ? "two PT_LOAD segments share a page"
				      : "a PT_LOAD segment lies below mmap_min_addr";
		return -ENOEXEC;
	}
	if (err)
		return err;
	vma = find_vma(mm, start);
	vma->vm_file = image + ph->p_offset;
	vma->vm_file_start = ph->p_vaddr + bias;
	vma->vm_file_size = ph->p_filesz;
	vma->vm_pgoff = (ph->p_offset - (ph->p_vaddr & ~PAGE_MASK)) >> PAGE_SHIFT;
	return 0;
}

int elf_load(struct mm_struct *mm, const u8 *image, size_t size, struct elf_info *info,
	     const char **why)
{
	const struct elf64_hdr *eh = (const struct elf64_hdr *)image;
	const struct elf64_phdr *ph;
	u64 lo, hi, bias = 0;
	int err = elf_check(image, size, why);

	if (err)
		return err;
	ph = phdrs(image);
	load_span(image, &lo, &hi);
	if (lo >= hi) {
		*why = "every PT_LOAD segment is empty";
		return -ENOEXEC;
	}
	if (eh->e_type == ET_DYN) {
		u64 base = mm_get_unmapped_area(mm, hi - lo);

		if (!base)
			return -ENOMEM;
		bias = base - lo;
	}
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
			continue;
		err = map_segment(mm, image, &ph[i], bias, why);
		if (err)
			return err;
	}
	info->entry = eh->e_entry + bias;
	info->phdr = phdr_address(image, bias);
	info->phnum = eh->e_phnum;
	info->load_bias = bias;
	/* Linux rounds the moved break up (ELF_PAGEALIGN): 0x555555555000. */
	info->brk = eh->e_type == ET_DYN ? PAGE_ALIGN(ELF_ET_DYN_BASE) : hi;
	return 0;
}
