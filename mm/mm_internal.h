/* SPDX-License-Identifier: MIT */
/*
 * Between mm/mmap.c (the VMAs) and mm/memory.c (the frames and page
 * tables under them): not for the layers above.
 */
#ifndef STRATA_MM_INTERNAL_H
#define STRATA_MM_INTERNAL_H

#include "mm/mmap.h"

/* The VMAs in address order: the first, and the one after vma (NULL at the end). */
struct vm_area_struct *mm_first_vma(struct mm_struct *mm);
struct vm_area_struct *mm_next_vma(struct vm_area_struct *vma);

/* Rewrite the present ptes of vma for its (new) vm_flags. */
void change_protection(struct mm_struct *mm, struct vm_area_struct *vma);

#endif /* STRATA_MM_INTERNAL_H */
