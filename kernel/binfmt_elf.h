/* SPDX-License-Identifier: MIT */
/*
 * The program loader (Linux's fs/binfmt_elf.c, the static cases): a
 * static ELF64 x86_64 executable, ET_EXEC or a static PIE (ET_DYN without
 * PT_INTERP), becomes VMAs of an mm, one per PT_LOAD segment, filled from
 * the image page by page as they are touched.
 */
#ifndef STRATA_BINFMT_ELF_H
#define STRATA_BINFMT_ELF_H

#include "lib/types.h"

struct mm_struct;

/* What the initial stack's auxiliary vector needs to know. */
struct elf_info {
	u64 entry;     /* AT_ENTRY: where the program starts */
	u64 phdr;      /* AT_PHDR: the program headers in memory */
	u64 phnum;     /* AT_PHNUM */
	u64 load_bias; /* added to every p_vaddr (0 for ET_EXEC) */
	u64 brk;       /* where the heap starts */
};

/*
 * Check that image[0, size) is a static executable strata can run; on
 * failure return -ENOEXEC and set *why to one line saying what is wrong.
 * Reads nothing outside the image. Any context; no allocation.
 */
int elf_check(const u8 *image, size_t size, const char **why);

/*
 * Check image and map its segments into mm (empty but for what a caller
 * added), filling *info. The image must outlive mm: its pages are read at
 * each first touch. -ENOEXEC (with *why), -ENOMEM, or 0.
 */
int elf_load(struct mm_struct *mm, const u8 *image, size_t size, struct elf_info *info,
	     const char **why);

#endif /* STRATA_BINFMT_ELF_H */
