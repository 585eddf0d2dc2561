// SPDX-License-Identifier: MIT
/*
 * The module loader's ELF checks: nothing in a .ko is used before this file
 * has checked that it lies inside the image and has the shape it claims.
 * After module_elf_check() returns 0, every later step (layout, symbols,
 * relocations, parameters, modinfo) may index sections and symbols by the
 * numbers the image gives without checking bounds again, except the
 * relocation offsets, whose width depends on the type (reloc.c).
 *
 * Checked, in order (the first failure is reported):
 *   header: size, magic, ELF64, little-endian, ET_REL, EM_X86_64, section
 *           header size and table inside the image, shstrndx in the table
 *   each section: bytes inside the image (but NOBITS), name inside the name
 *           table, alignment 0 or a power of two no larger than a page
 *   string tables (names, symbol names): non-empty, NUL-terminated
 *   one SHT_SYMTAB, whole entries, linked to a string table; no SHT_REL
 *   each symbol: name inside its table; section SHN_UNDEF, SHN_ABS or a real
 *           section, not SHN_COMMON (build with -fno-common); inside its
 *           section (value and size)
 *   each SHT_RELA: whole entries, linked to the symbol table, patching a
 *           real section; each entry's symbol index inside the table
 *   .modinfo: ends with a NUL; __param: whole struct kernel_param entries
 */
#include "kernel/module/internal.h"
#include "include/linux/moduleparam.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

/* Is [off, off + len) inside [0, size)? Without overflow. */
static bool in_image(u64 off, u64 len, u64 size)
{
	return off <= size && len <= size - off;
}

/* Is table[0, size) a string table: non-empty and ending with NUL? */
static bool strtab_ok(const char *table, u64 size)
{
	return size > 0 && table[size - 1] == '\0';
}

static int bad(char *why, size_t why_size, const char *what)
{
	snprintf(why, why_size, "%s", what);
	return -ENOEXEC;
}

static int check_header(const struct elf64_hdr *h, size_t size, char *why, size_t why_size)
{
	if (size < sizeof(*h))
		return bad(why, why_size, "truncated: shorter than an ELF header");
	if (memcmp(h->e_ident, "\177ELF", 4) != 0)
		return bad(why, why_size, "not an ELF file (bad magic)");
	if (h->e_ident[EI_CLASS] != ELFCLASS64)
		return bad(why, why_size, "not ELF64");
	if (h->e_ident[EI_DATA] != ELFDATA2LSB)
		return bad(why, why_size, "not little-endian");
	if (h->e_type != ET_REL) {
		snprintf(why, why_size, "ELF type %u, not ET_REL (a relocatable .ko)", h->e_type);
		return -ENOEXEC;
	}
	if (h->e_machine != EM_X86_64) {
		snprintf(why, why_size, "machine %u, not x86_64 (62)", h->e_machine);
		return -ENOEXEC;
	}
	if (h->e_shentsize != sizeof(struct elf64_shdr))
		return bad(why, why_size, "section header size is not 64 bytes");
	if (h->e_shnum == 0 || h->e_shnum > MODULE_MAX_SECTIONS) {
		snprintf(why, why_size, "%u sections (1 .. %d supported)", h->e_shnum,
			 MODULE_MAX_SECTIONS);
		return -ENOEXEC;
	}
	if (!in_image(h->e_shoff, (u64)h->e_shnum * sizeof(struct elf64_shdr), size))
		return bad(why, why_size, "truncated: section headers past the end");
	if (h->e_shoff % 8)
		return bad(why, why_size, "section headers not 8-byte aligned");
	if (h->e_shstrndx == SHN_UNDEF || h->e_shstrndx >= h->e_shnum)
		return bad(why, why_size, "no section name table");
	return 0;
}

/* Every section's bytes, and the section-name table. */
static int check_sections(struct module_elf *elf, char *why, size_t why_size)
{
	const struct elf64_shdr *names = &elf->sechdrs[elf->ehdr->e_shstrndx];

	for (unsigned int i = 1; i < elf->nr_sections; i++) {
		const struct elf64_shdr *s = &elf->sechdrs[i];

		if (s->sh_type != SHT_NOBITS && !in_image(s->sh_offset, s->sh_size, elf->size)) {
			snprintf(why, why_size, "truncated: section %u runs past the end", i);
			return -ENOEXEC;
		}
		if (s->sh_addralign & (s->sh_addralign - 1) || s->sh_addralign > PAGE_SIZE) {
			snprintf(why, why_size, "section %u: alignment %llu", i,
				 (unsigned long long)s->sh_addralign);
			return -ENOEXEC;
		}
		if (s->sh_type == SHT_REL)
			return bad(why, why_size, "SHT_REL relocations (only SHT_RELA)");
	}
	if (names->sh_type != SHT_STRTAB ||
	    !strtab_ok((const char *)elf->image + names->sh_offset, names->sh_size))
		return bad(why, why_size, "section name table is not a string table");
	elf->secstrings = (const char *)elf->image + names->sh_offset;
	for (unsigned int i = 0; i < elf->nr_sections; i++)
		if (elf->sechdrs[i].sh_name >= names->sh_size) {
			snprintf(why, why_size, "section %u: name outside the name table", i);
			return -ENOEXEC;
		}
	return 0;
}

static int check_symtab(struct module_elf *elf, char *why, size_t why_size)
{
	const struct elf64_shdr *sym = NULL, *str;

	for (unsigned int i = 1; i < elf->nr_sections; i++) {
		if (elf->sechdrs[i].sh_type != SHT_SYMTAB)
			continue;
		if (sym)
			return bad(why, why_size, "more than one symbol table");
		sym = &elf->sechdrs[i];
		elf->symtab = i;
	}
	if (!sym)
		return bad(why, why_size, "no symbol table");
	if (sym->sh_entsize != sizeof(struct elf64_sym) ||
	    sym->sh_size % sizeof(struct elf64_sym) || sym->sh_offset % 8 ||
	    sym->sh_size / sizeof(struct elf64_sym) > 0xffffffu)
		return bad(why, why_size, "symbol table of odd size or alignment");
	if (sym->sh_link == 0 || sym->sh_link >= elf->nr_sections)
		return bad(why, why_size, "symbol table without a string table");
	str = &elf->sechdrs[sym->sh_link];
	if (str->sh_type != SHT_STRTAB ||
	    !strtab_ok((const char *)elf->image + str->sh_offset, str->sh_size))
		return bad(why, why_size, "symbol string table is not a string table");
	elf->syms = (const struct elf64_sym *)(elf->image + sym->sh_offset);
	elf->nr_syms = (unsigned int)(sym->sh_size / sizeof(struct elf64_sym));
	elf->strtab = (const char *)elf->image + str->sh_offset;
	for (unsigned int i = 0; i < elf->nr_syms; i++) {
		const struct elf64_sym *s = &elf->syms[i];

		if (s->st_name >= str->sh_size) {
			snprintf(why, why_size, "symbol %u: name outside the string table", i);
			return -ENOEXEC;
		}
		if (s->st_shndx == SHN_COMMON) {
			snprintf(why, why_size, "symbol %s is COMMON (build with -fno-common)",
				 elf->strtab + s->st_name);
			return -ENOEXEC;
		}
		if (s->st_shndx == SHN_UNDEF || s->st_shndx == SHN_ABS)
			continue;
		if (s->st_shndx >= elf->nr_sections) {
			snprintf(why, why_size, "symbol %s: section %u out of range",
				 elf->strtab + s->st_name, s->st_shndx);
			return -ENOEXEC;
		}
		if (s->st_value > elf->sechdrs[s->st_shndx].sh_size ||
		    s->st_size > elf->sechdrs[s->st_shndx].sh_size - s->st_value) {
			snprintf(why, why_size, "symbol %s runs past the end of its section",
				 elf->strtab + s->st_name);
			return -ENOEXEC;
		}
	}
	return 0;
}

static int check_relas(const struct module_elf *elf, char *why, size_t why_size)
{
	for (unsigned int i = 1; i < elf->nr_sections; i++) {
		const struct elf64_shdr *s = &elf->sechdrs[i];
		const struct elf64_rela *r;

		if (s->sh_type != SHT_RELA)
			continue;
		r = (const struct elf64_rela *)(elf->image + s->sh_offset);
		if (s->sh_entsize != sizeof(*r) || s->sh_size % sizeof(*r) || s->sh_offset % 8 ||
		    s->sh_link != elf->symtab || s->sh_info == 0 ||
		    s->sh_info >= elf->nr_sections) {
			snprintf(why, why_size, "relocation section %s: bad size, link or target",
				 module_section_name(elf, i));
			return -ENOEXEC;
		}
		for (u64 j = 0; j < s->sh_size / sizeof(*r); j++)
			if (ELF64_R_SYM(r[j].r_info) >= elf->nr_syms) {
				snprintf(why, why_size,
					 "relocation %llu in %s: symbol out of range",
					 (unsigned long long)j, module_section_name(elf, i));
				return -ENOEXEC;
			}
	}
	return 0;
}

/* .modinfo and __param, found by name. */
static int check_special(struct module_elf *elf, char *why, size_t why_size)
{
	for (unsigned int i = 1; i < elf->nr_sections; i++) {
		const struct elf64_shdr *s = &elf->sechdrs[i];
		const char *name = module_section_name(elf, i);

		if (!strcmp(name, ".modinfo")) {
			if (s->sh_type != SHT_PROGBITS || !s->sh_size ||
			    elf->image[s->sh_offset + s->sh_size - 1] != '\0')
				return bad(why, why_size, ".modinfo does not end with a NUL");
			elf->modinfo = i;
		} else if (!strcmp(name, "__param")) {
			if (s->sh_type != SHT_PROGBITS ||
			    s->sh_size % sizeof(struct kernel_param) || !(s->sh_flags & SHF_ALLOC))
				return bad(why, why_size, "__param is not an array of parameters");
			elf->params = i;
		}
	}
	return 0;
}

int module_elf_check(const void *image, size_t size, struct module_elf *elf, char *why,
		     size_t why_size)
{
	int err;

	memset(elf, 0, sizeof(*elf));
	elf->image = image;
	elf->size = size;
	elf->ehdr = image;
	err = check_header(elf->ehdr, size, why, why_size);
	if (err)
		return err;
	elf->sechdrs = (const struct elf64_shdr *)(elf->image + elf->ehdr->e_shoff);
	elf->nr_sections = elf->ehdr->e_shnum;
	err = check_sections(elf, why, why_size);
	if (!err)
		err = check_symtab(elf, why, why_size);
	if (!err)
		err = check_relas(elf, why, why_size);
	if (!err)
		err = check_special(elf, why, why_size);
	return err;
}

const char *module_section_name(const struct module_elf *elf, unsigned int i)
{
	return elf->secstrings + elf->sechdrs[i].sh_name;
}

const char *module_get_modinfo(const struct module_elf *elf, const char *tag, unsigned int n)
{
	const struct elf64_shdr *s;
	const char *p, *end;
	size_t len = strlen(tag);

	if (!elf->modinfo)
		return NULL;
	s = &elf->sechdrs[elf->modinfo];
	p = (const char *)elf->image + s->sh_offset;
	end = p + s->sh_size;
	/* Strings back to back, some separated by NUL padding. */
	for (; p < end; p += strlen(p) + 1) {
		if (!strncmp(p, tag, len) && p[len] == '=' && n-- == 0)
			return p + len + 1;
	}
	return NULL;
}
