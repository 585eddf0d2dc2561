// SPDX-License-Identifier: MIT
/*
 * Symbols for the module loader: the kernel's exports (the __ksymtab and
 * __ksymtab_gpl records that EXPORT_SYMBOL makes, listed in
 * kernel/module/exports.c), resolving a module's symbols against them, and the
 * module's own function symbols, kept so that %pS and backtraces can name
 * module code ("modtest_init+0x1f/0x60 [modtest]"), as Linux's kallsyms does
 * for modules.
 *
 * Linux resolves against other modules' exports too; strata's modules
 * export nothing yet, so the kernel's are the only ones.
 */
#include "kernel/module/internal.h"
#include "include/linux/export.h"
#include "kernel/module/loader.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/slab.h"

extern const struct kernel_symbol __start___ksymtab[], __stop___ksymtab[];
extern const struct kernel_symbol __start___ksymtab_gpl[], __stop___ksymtab_gpl[];

/* Look name up in [start, stop). */
static bool ksymtab_find(const struct kernel_symbol *start, const struct kernel_symbol *stop,
			 const char *name, u64 *value)
{
	for (const struct kernel_symbol *k = start; k < stop; k++)
		if (!strcmp(k->name, name)) {
			*value = k->value;
			return true;
		}
	return false;
}

/* The final value of symbol i, or false if it is undefined and unknown. */
static bool symbol_value(const struct module_elf *elf, const struct module_layout *l, u64 base,
			 bool gpl_ok, unsigned int i, u64 *value)
{
	const struct elf64_sym *s = &elf->syms[i];
	const char *name = elf->strtab + s->st_name;

	*value = 0;
	if (s->st_shndx == SHN_ABS) {
		*value = s->st_value;
		return true;
	}
	if (s->st_shndx != SHN_UNDEF) {
		/* A symbol in a section that is not placed (.modinfo) has no address. */
		if (l->offset[s->st_shndx] != MODULE_NOT_PLACED)
			*value = base + l->offset[s->st_shndx] + s->st_value;
		return true;
	}
	if (i == 0 || !*name)
		return true; /* the null symbol */
	if (ksymtab_find(__start___ksymtab, __stop___ksymtab, name, value))
		return true;
	if (gpl_ok && ksymtab_find(__start___ksymtab_gpl, __stop___ksymtab_gpl, name, value))
		return true;
	/* An undefined weak symbol may stay 0, as in Linux. */
	return ELF64_ST_BIND(s->st_info) == STB_WEAK;
}

int module_resolve_symbols(const char *name, const struct module_elf *elf,
			   const struct module_layout *l, u64 base, bool gpl_ok, u64 *sym_value)
{
	int err = 0;

	for (unsigned int i = 0; i < elf->nr_syms; i++)
		if (!symbol_value(elf, l, base, gpl_ok, i, &sym_value[i])) {
			pr_warn("%s: Unknown symbol %s (err %d)\n", name,
				elf->strtab + elf->syms[i].st_name, -ENOENT);
			err = -ENOENT;
		}
	return err;
}

/* Is symbol i a function placed in the module? */
static bool keep_symbol(const struct module_elf *elf, unsigned int i, const u64 *sym_value)
{
	const struct elf64_sym *s = &elf->syms[i];

	return ELF64_ST_TYPE(s->st_info) == STT_FUNC && s->st_shndx != SHN_UNDEF &&
	       s->st_shndx != SHN_ABS && sym_value[i];
}

int module_keep_symbols(struct module *mod, const struct module_elf *elf, const u64 *sym_value)
{
	size_t names = 0;
	unsigned int n = 0;

	for (unsigned int i = 0; i < elf->nr_syms; i++)
		if (keep_symbol(elf, i, sym_value)) {
			names += strlen(elf->strtab + elf->syms[i].st_name) + 1;
			n++;
		}
	mod->syms = kmalloc_array(n ? n : 1, sizeof(*mod->syms), GFP_KERNEL);
	mod->strtab = kmalloc(names ? names : 1, GFP_KERNEL);
	if (!mod->syms || !mod->strtab)
		return -ENOMEM;
	names = 0;
	for (unsigned int i = 0; i < elf->nr_syms; i++) {
		const char *name = elf->strtab + elf->syms[i].st_name;
		size_t len = strlen(name) + 1;

		if (!keep_symbol(elf, i, sym_value))
			continue;
		mod->syms[mod->nr_syms].addr = sym_value[i];
		mod->syms[mod->nr_syms].size = elf->syms[i].st_size;
		mod->syms[mod->nr_syms].name = (u32)names;
		memcpy(mod->strtab + names, name, len);
		names += len;
		mod->nr_syms++;
	}
	return 0;
}

bool module_address_lookup(u64 addr, char *buf, size_t size)
{
	for (const struct module *mod = module_list; mod; mod = mod->next) {
		if (addr < (u64)mod->base || addr >= (u64)mod->base + mod->layout.text_size)
			continue;
		for (unsigned int i = 0; i < mod->nr_syms; i++) {
			const struct module_symbol *s = &mod->syms[i];

			if (addr >= s->addr && addr < s->addr + s->size) {
				snprintf(buf, size, "%s+%#llx/%#llx [%s]", mod->strtab + s->name,
					 (unsigned long long)(addr - s->addr),
					 (unsigned long long)s->size, mod->name);
				return true;
			}
		}
		snprintf(buf, size, "%#llx [%s]", (unsigned long long)addr, mod->name);
		return true;
	}
	return false;
}
