// SPDX-License-Identifier: MIT
/*
 * Where a module's sections go, and the relocations that tie them together
 * and to the kernel (the image was checked by elf.c).
 *
 * Layout, as Linux's layout_sections() with its core parts (kernel/module/
 * main.c, 6.1): one pass per kind, text, read-only data, writable data,
 * each part starting on a page so it can get its own protection:
 *   for kind in (text, rodata, rw):
 *       off = ALIGN_UP(off, PAGE_SIZE)
 *       for each SHF_ALLOC section of that kind (not .modinfo):
 *           off = ALIGN_UP(off, its alignment); offset[i] = off; off += size
 *
 * Relocation (the x86_64 psABI; Linux's apply_relocate_add in
 * arch/x86/kernel/module/loader.c): S = the symbol's value, A = the addend, P = the
 * address patched:
 *   R_X86_64_64     u64 = S + A
 *   R_X86_64_32     u32 = S + A, must zero-extend back to S + A
 *   R_X86_64_32S    s32 = S + A, must sign-extend back to S + A
 *   R_X86_64_PC32, R_X86_64_PLT32   s32 = S + A - P, must sign-extend back
 *                   (a PLT32 to a function is a PC32: there is no PLT)
 * The modules area lies within 2 GiB of the kernel image, so these fit;
 * a module built without -mcmodel=kernel overflows 32S, as in Linux.
 */
#include "kernel/module/internal.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

enum layout_kind {
	LAYOUT_TEXT,
	LAYOUT_RO,
	LAYOUT_RW
};

/* Which part a section goes to, or -1 if it is not placed. */
static int section_kind(const struct module_elf *elf, unsigned int i)
{
	const struct elf64_shdr *s = &elf->sechdrs[i];

	if (!(s->sh_flags & SHF_ALLOC) || i == elf->modinfo)
		return -1;
	if (s->sh_flags & SHF_EXECINSTR)
		return LAYOUT_TEXT;
	return s->sh_flags & SHF_WRITE ? LAYOUT_RW : LAYOUT_RO;
}

int module_layout(const struct module_elf *elf, struct module_layout *l, char *why, size_t why_size)
{
	/* Sizes are checked against this, so no sum can overflow. */
	const u64 limit = 1ULL << 32;
	u64 off = 0;

	memset(l, 0, sizeof(*l));
	for (unsigned int i = 0; i < MODULE_MAX_SECTIONS; i++)
		l->offset[i] = MODULE_NOT_PLACED;
	for (int kind = LAYOUT_TEXT; kind <= LAYOUT_RW; kind++) {
		off = ALIGN_UP(off, PAGE_SIZE);
		for (unsigned int i = 1; i < elf->nr_sections; i++) {
			const struct elf64_shdr *s = &elf->sechdrs[i];

			if (section_kind(elf, i) != kind)
				continue;
			if (s->sh_size > limit) {
				snprintf(why, why_size, "section %s: %llu bytes is too big",
					 module_section_name(elf, i),
					 (unsigned long long)s->sh_size);
				return -ENOEXEC;
			}
			off = ALIGN_UP(off, s->sh_addralign ? s->sh_addralign : 1);
			l->offset[i] = off;
			off += s->sh_size;
		}
		if (kind == LAYOUT_TEXT)
			l->text_size = ALIGN_UP(off, PAGE_SIZE);
		else if (kind == LAYOUT_RO)
			l->ro_end = ALIGN_UP(off, PAGE_SIZE);
	}
	l->size = ALIGN_UP(off, PAGE_SIZE);
	if (l->text_size == 0) {
		snprintf(why, why_size, "no code (no executable section)");
		return -ENOEXEC;
	}
	return 0;
}

/* The psABI name of a relocation type, for the refusal of an unsupported one. */
static const char *reloc_name(u32 type)
{
	static const char *const names[] = {
		"R_X86_64_NONE",     "R_X86_64_64",	  "R_X86_64_PC32",     "R_X86_64_GOT32",
		"R_X86_64_PLT32",    "R_X86_64_COPY",	  "R_X86_64_GLOB_DAT", "R_X86_64_JUMP_SLOT",
		"R_X86_64_RELATIVE", "R_X86_64_GOTPCREL", "R_X86_64_32",       "R_X86_64_32S",
		"R_X86_64_16",	     "R_X86_64_PC16",	  "R_X86_64_8",	       "R_X86_64_PC8",
		"R_X86_64_DTPMOD64", "R_X86_64_DTPOFF64", "R_X86_64_TPOFF64",  "R_X86_64_TLSGD",
		"R_X86_64_TLSLD",    "R_X86_64_DTPOFF32", "R_X86_64_GOTTPOFF", "R_X86_64_TPOFF32",
		"R_X86_64_PC64",     "R_X86_64_GOTOFF64", "R_X86_64_GOTPC32",
	};

	return type < ARRAY_SIZE(names) ? names[type] : "an unknown type";
}

/* The width of the field a supported type patches; 0 if unsupported. */
static unsigned int reloc_width(u32 type)
{
	switch (type) {
	case R_X86_64_NONE:
		return 1; /* patches nothing, but its offset must still be inside */
	case R_X86_64_64:
		return 8;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
	case R_X86_64_32:
	case R_X86_64_32S:
		return 4;
	default:
		return 0;
	}
}

/*
 * Apply one relocation at loc (inside its section, checked). Returns 0 or
 * -ENOEXEC with why.
 */
static int reloc_one(u32 type, u8 *loc, u64 val, char *why, size_t why_size)
{
	u64 old = 0;
	u32 v32 = (u32)val;

	memcpy(&old, loc, reloc_width(type) == 8 ? 8 : reloc_width(type) == 4 ? 4 : 0);
	if (old) {
		snprintf(why, why_size, "%s at %p: the field is not zero", reloc_name(type), loc);
		return -ENOEXEC;
	}
	switch (type) {
	case R_X86_64_NONE:
		return 0;
	case R_X86_64_64:
		memcpy(loc, &val, 8);
		return 0;
	case R_X86_64_32:
		if ((u64)v32 != val)
			break;
		memcpy(loc, &v32, 4);
		return 0;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		val -= (u64)loc;
		v32 = (u32)val;
		/* a signed 32-bit field, as 32S */
		__attribute__((fallthrough));
	case R_X86_64_32S:
		if ((s64)(s32)v32 != (s64)val)
			break;
		memcpy(loc, &v32, 4);
		return 0;
	}
	snprintf(why, why_size,
		 "overflow in relocation type %u (%s) val %llx: not built with "
		 "-mcmodel=kernel?",
		 type, reloc_name(type), (unsigned long long)val);
	return -ENOEXEC;
}

int module_relocate(const struct module_elf *elf, const u64 *sec_addr, const u64 *sym_value,
		    char *why, size_t why_size)
{
	for (unsigned int i = 1; i < elf->nr_sections; i++) {
		const struct elf64_shdr *s = &elf->sechdrs[i];
		const struct elf64_rela *r;
		const struct elf64_shdr *target;

		if (s->sh_type != SHT_RELA || !sec_addr[s->sh_info])
			continue; /* debug info and other unplaced targets stay as they are */
		r = (const struct elf64_rela *)(elf->image + s->sh_offset);
		target = &elf->sechdrs[s->sh_info];
		for (u64 j = 0; j < s->sh_size / sizeof(*r); j++) {
			u32 type = ELF64_R_TYPE(r[j].r_info);
			unsigned int width = reloc_width(type);
			int err;

			if (!width) {
				snprintf(why, why_size, "unsupported relocation %s (%u) in %s",
					 reloc_name(type), type, module_section_name(elf, i));
				return -ENOEXEC;
			}
			if (r[j].r_offset > target->sh_size ||
			    width > target->sh_size - r[j].r_offset) {
				snprintf(why, why_size,
					 "relocation %llu in %s: offset %#llx outside %s",
					 (unsigned long long)j, module_section_name(elf, i),
					 (unsigned long long)r[j].r_offset,
					 module_section_name(elf, s->sh_info));
				return -ENOEXEC;
			}
			err = reloc_one(type, (u8 *)(sec_addr[s->sh_info] + r[j].r_offset),
					sym_value[ELF64_R_SYM(r[j].r_info)] + (u64)r[j].r_addend,
					why, why_size);
			if (err)
				return err;
		}
	}
	return 0;
}
