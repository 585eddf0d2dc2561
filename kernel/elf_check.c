// SPDX-License-Identifier: MIT
/*
 * Is this image a static ELF64 x86_64 executable? The checks the program
 * loader makes before it maps anything (kernel/binfmt_elf.h), kept apart
 * so the host tests and the fuzzer can run them on any bytes.
 *
 * Invariant: after elf_check() returns 0, the headers and every PT_LOAD's
 * file bytes lie inside the image, each segment's memory range, in pages,
 * fits below the user half's end without wrapping, and the entry point
 * lies in a segment.
 */
#include "kernel/binfmt_elf.h"
#include "kernel/elf.h"
#include "lib/errno.h"
#include "lib/string.h"

/* The user half's end (mm/mmap.h's TASK_SIZE), repeated so this file has no mm dependency. */
#define ELF_USER_END 0x00007ffffffff000UL
#define ELF_MAX_PHNUM 64

static int bad(const char **why, const char *what)
{
	*why = what;
	return -ENOEXEC;
}

static int check_load(const struct elf64_phdr *ph, size_t size, const char **why)
{
	if (ph->p_filesz > ph->p_memsz)
		return bad(why, "a PT_LOAD segment has more file bytes than memory");
	if (ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return bad(why, "a PT_LOAD segment's bytes lie past the end of the file");
	if ((ph->p_offset & 0xfff) != (ph->p_vaddr & 0xfff))
		return bad(why, "a PT_LOAD segment's offset and address differ within a page");
	if (ph->p_vaddr >= ELF_USER_END || ph->p_memsz > ELF_USER_END - ph->p_vaddr)
		return bad(why, "a PT_LOAD segment lies outside the user address space");
	return 0;
}

int elf_check(const u8 *image, size_t size, const char **why)
{
	const struct elf64_hdr *eh = (const struct elf64_hdr *)image;
	const struct elf64_phdr *ph;
	unsigned int loads = 0;
	bool entry_inside = false;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, "\177ELF", 4) != 0)
		return bad(why, "not an ELF file (no \\177ELF magic)");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_ident[EI_VERSION] != EV_CURRENT)
		return bad(why, "not a little-endian ELF64 file of version 1");
	if (eh->e_machine != EM_X86_64)
		return bad(why, "not an x86_64 program");
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return bad(why, "not an executable (ET_EXEC or ET_DYN)");
	if (eh->e_phentsize != sizeof(*ph) || eh->e_phnum == 0 || eh->e_phnum > ELF_MAX_PHNUM)
		return bad(why, "no program headers, or ones of the wrong size");
	if (eh->e_phoff > size || (size - eh->e_phoff) / sizeof(*ph) < eh->e_phnum ||
	    eh->e_phoff % 8)
		return bad(why, "the program headers lie past the end of the file");
	ph = (const struct elf64_phdr *)(image + eh->e_phoff);
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		int err;

		if (ph[i].p_type == PT_INTERP)
			return bad(why, "needs a program interpreter (dynamically linked): "
					"strata runs static programs only");
		if (ph[i].p_type != PT_LOAD)
			continue;
		err = check_load(&ph[i], size, why);
		if (err)
			return err;
		loads++;
		if (eh->e_entry >= ph[i].p_vaddr && eh->e_entry - ph[i].p_vaddr < ph[i].p_memsz)
			entry_inside = true;
	}
	if (!loads)
		return bad(why, "no PT_LOAD segment");
	if (!entry_inside)
		return bad(why, "the entry point lies outside every PT_LOAD segment");
	return 0;
}
