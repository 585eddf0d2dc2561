// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the module loader's ELF checks, layout and relocations
 * (kernel/module/elf.c, kernel/module/reloc.c) on arbitrary bytes as a .ko.
 *
 * Input: the image itself (copied into an 8-aligned buffer of exactly its
 * size, so AddressSanitizer catches any read past it). If the checks pass,
 * the sections are placed as the loader does, in a fresh buffer of exactly
 * the layout's size, with undefined symbols at a "kernel" address 1 MiB
 * above it, and every relocation applied (a write outside the placed
 * memory is a heap overflow).
 *
 * Checked: results are 0 or -ENOEXEC with a reason; the layout's parts are
 * page multiples in order; each placed section lies inside the layout;
 * .modinfo lookups end inside the image.
 */
#include "kernel/module/internal.h"
#include "lib/errno.h"
#include "tests/fuzz/fuzz.h"

/* Larger layouts are skipped (they are valid, just not worth the memory). */
#define FUZZ_LAYOUT_MAX (1UL << 20)

static void check_layout(const struct module_elf *elf, const struct module_layout *l)
{
	FUZZ_CHECK(l->text_size % PAGE_SIZE == 0 && l->ro_end % PAGE_SIZE == 0 &&
			   l->size % PAGE_SIZE == 0,
		   "parts not page multiples");
	FUZZ_CHECK(l->text_size > 0 && l->text_size <= l->ro_end && l->ro_end <= l->size,
		   "parts out of order");
	for (unsigned int i = 0; i < elf->nr_sections; i++)
		if (l->offset[i] != MODULE_NOT_PLACED)
			FUZZ_CHECK(l->offset[i] + elf->sechdrs[i].sh_size <= l->size,
				   "section %u outside the layout", i);
}

static void place_and_relocate(const struct module_elf *elf, const struct module_layout *l)
{
	u64 sec_addr[MODULE_MAX_SECTIONS];
	u64 *sym_value = calloc(elf->nr_syms ? elf->nr_syms : 1, sizeof(u64));
	u8 *base = aligned_alloc(PAGE_SIZE, l->size);
	char why[160];
	int err;

	FUZZ_CHECK(sym_value && base, "out of host memory");
	memset(base, 0, l->size);
	for (unsigned int i = 0; i < elf->nr_sections; i++) {
		const struct elf64_shdr *s = &elf->sechdrs[i];

		sec_addr[i] = l->offset[i] == MODULE_NOT_PLACED ? 0 : (u64)base + l->offset[i];
		if (sec_addr[i] && s->sh_type != SHT_NOBITS)
			memcpy((void *)sec_addr[i], elf->image + s->sh_offset, s->sh_size);
	}
	for (unsigned int i = 0; i < elf->nr_syms; i++) {
		const struct elf64_sym *s = &elf->syms[i];

		if (s->st_shndx == SHN_UNDEF)
			sym_value[i] = (u64)base + (1UL << 20);
		else if (s->st_shndx == SHN_ABS)
			sym_value[i] = s->st_value;
		else
			sym_value[i] = sec_addr[s->st_shndx] + s->st_value;
	}
	err = module_relocate(elf, sec_addr, sym_value, why, sizeof(why));
	FUZZ_CHECK(err == 0 || (err == -ENOEXEC && why[0]), "relocate: %d", err);
	free(base);
	free(sym_value);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 *image = malloc(size ? size : 1);
	struct module_layout l;
	struct module_elf elf;
	const char *info;
	char why[160] = "";
	int err;

	FUZZ_CHECK(image != NULL, "out of host memory");
	memcpy(image, data, size);
	err = module_elf_check(image, size, &elf, why, sizeof(why));
	FUZZ_CHECK(err == 0 || (err == -ENOEXEC && why[0]), "check: %d", err);
	if (!err) {
		info = module_get_modinfo(&elf, "license", 0);
		FUZZ_CHECK(!info || (info > (const char *)image &&
				     info + strlen(info) < (const char *)image + size),
			   "modinfo outside the image");
		err = module_layout(&elf, &l, why, sizeof(why));
		FUZZ_CHECK(err == 0 || err == -ENOEXEC, "layout: %d", err);
		if (!err) {
			check_layout(&elf, &l);
			if (l.size <= FUZZ_LAYOUT_MAX)
				place_and_relocate(&elf, &l);
		}
	}
	free(image);
	return 0;
}
