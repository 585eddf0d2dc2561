/* SPDX-License-Identifier: MIT */
/*
 * <linux/export.h>: EXPORT_SYMBOL and EXPORT_SYMBOL_GPL.
 *
 * In the kernel, each export is one struct kernel_symbol {address, name} in
 * the section __ksymtab (or __ksymtab_gpl), which linker.ld keeps between
 * __start___ksymtab and __stop___ksymtab (and the _gpl pair); the module
 * loader (kernel/module/sym.c) resolves a module's undefined symbols
 * against these records only. strata's exports are all in one file,
 * kernel/module/exports.c, so the list is one place to read.
 *
 * Linux 6.1 stores 32-bit offsets to the symbol and name on x86_64
 * (CONFIG_HAVE_ARCH_PREL32_RELOCATIONS); strata stores plain pointers, which
 * read more easily in a debugger. In a module, an export is recorded the same
 * way but not yet used: strata's modules cannot export to other modules.
 */
#ifndef _LINUX_EXPORT_H
#define _LINUX_EXPORT_H

struct kernel_symbol {
	unsigned long value; /* the symbol's address (text or data) */
	const char *name;    /* its name, as the module's ELF names it */
};

#define __EXPORT_SYMBOL(sym, sec)                         \
	extern __typeof__(sym)(sym);                      \
	static const struct kernel_symbol __ksymtab_##sym \
		__attribute__((section(sec), used, aligned(8))) = {(unsigned long)&(sym), #sym}

#define EXPORT_SYMBOL(sym) __EXPORT_SYMBOL(sym, "__ksymtab")
/* For modules whose MODULE_LICENSE is GPL-compatible only, as in Linux. */
#define EXPORT_SYMBOL_GPL(sym) __EXPORT_SYMBOL(sym, "__ksymtab_gpl")

#endif /* _LINUX_EXPORT_H */
