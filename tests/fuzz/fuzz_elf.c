// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the program loader's checks (kernel/elf_check.c) on
 * arbitrary bytes as an executable.
 *
 * Input: the image itself, copied into a buffer of exactly its size, so
 * AddressSanitizer catches any read past it.
 *
 * Checked: the result is 0, or -ENOEXEC with a reason; an accepted image
 * has its program headers and every PT_LOAD's file bytes inside it, each
 * segment's memory below the user half's end, and its entry point inside a
 * segment (the invariant elf_load() relies on).
 */
#include "kernel/binfmt_elf.h"
#include "kernel/elf.h"
#include "lib/errno.h"
#include "tests/fuzz/fuzz.h"

#define USER_END 0x00007ffffffff000UL

static void check_accepted(const u8 *image, size_t size)
{
	const struct elf64_hdr *eh = (const struct elf64_hdr *)image;
	const struct elf64_phdr *ph = (const struct elf64_phdr *)(image + eh->e_phoff);
	bool entry_inside = false;

	FUZZ_CHECK(eh->e_phoff + (u64)eh->e_phnum * sizeof(*ph) <= size, "headers past the end");
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		FUZZ_CHECK(ph[i].p_offset <= size && ph[i].p_filesz <= size - ph[i].p_offset,
			   "segment %u's bytes past the end", i);
		FUZZ_CHECK(ph[i].p_vaddr < USER_END && ph[i].p_memsz <= USER_END - ph[i].p_vaddr,
			   "segment %u outside the user half", i);
		if (eh->e_entry >= ph[i].p_vaddr && eh->e_entry - ph[i].p_vaddr < ph[i].p_memsz)
			entry_inside = true;
	}
	FUZZ_CHECK(entry_inside, "entry point outside every segment");
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 *image = malloc(size ? size : 1);
	const char *why = NULL;
	int err;

	memcpy(image, data, size);
	err = elf_check(image, size, &why);
	FUZZ_CHECK(err == 0 || (err == -ENOEXEC && why), "result %d, reason %p", err, (void *)why);
	if (!err)
		check_accepted(image, size);
	free(image);
	return 0;
}
