/* SPDX-License-Identifier: MIT */
/*
 * What the module loader's files share; the public API is kernel/module/loader.h.
 *
 *   elf.c      the ELF checks: header, every section and symbol bound
 *   reloc.c    layout (where each section goes) and relocations
 *   sym.c      exported symbols, resolving, module symbols for %pS
 *   param.c    name=value parameters into the module's variables
 *   image.c    the images the boot loader brought; modinfo
 *   loader.c   load, init, exit, unload, the list of modules
 *   exports.c  every symbol a module may use
 *
 * elf.c, reloc.c and param.c touch nothing but the image and the buffers
 * they are given, so tests/host/test_module.c and
 * tests/fuzz/fuzz_module.c run them on the host.
 */
#ifndef STRATA_MODULE_INTERNAL_H
#define STRATA_MODULE_INTERNAL_H

#include "kernel/elf.h"
#include "lib/types.h"

/* Most sections a module may have (a -g build has about 40). */
#define MODULE_MAX_SECTIONS 128
#define MODULE_NOT_PLACED (~0ULL)

/* Longest module name, NUL included (Linux's MODULE_NAME_LEN is 56). */
#define MODULE_NAME_LEN 56

/* A checked .ko image: every pointer lies inside image[0, size). */
struct module_elf {
	const u8 *image;
	size_t size;
	const struct elf64_hdr *ehdr;
	const struct elf64_shdr *sechdrs; /* e_shnum headers */
	unsigned int nr_sections;
	const char *secstrings; /* section names, NUL-terminated table */
	unsigned int symtab;	/* index of the SHT_SYMTAB section */
	const struct elf64_sym *syms;
	unsigned int nr_syms;
	const char *strtab;   /* symbol names, NUL-terminated table */
	unsigned int modinfo; /* index of .modinfo, 0 if none */
	unsigned int params;  /* index of __param, 0 if none */
};

/*
 * Check image[0, size) as Linux's loader does before trusting anything in it:
 * ELF64, little-endian, x86_64, ET_REL; the section table, every section's
 * bytes, name and alignment; one symbol table with its string table; every
 * symbol's name and section; every relocation section's links; the .modinfo
 * and __param sections' shapes. Fills *elf and returns 0, or writes the first
 * problem to why (why_size bytes) and returns -ENOEXEC.
 * Reads nothing outside image[0, size); allocates nothing.
 */
int module_elf_check(const void *image, size_t size, struct module_elf *elf, char *why,
		     size_t why_size);

/* The name of section i (checked: always a NUL-terminated string). */
const char *module_section_name(const struct module_elf *elf, unsigned int i);

/*
 * The value of tag in .modinfo ("license" for "license=GPL"), or NULL. The
 * n-th match with n > 0 (parm= lines repeat). The result lies in the image
 * and ends at a NUL inside .modinfo.
 */
const char *module_get_modinfo(const struct module_elf *elf, const char *tag, unsigned int n);

/*
 * The layout: which sections are placed and where, as Linux's core layout,
 * in three page-aligned parts so each gets its own protection:
 *   [0, text_size)            SHF_EXECINSTR sections          RX
 *   [text_size, ro_end)       other read-only sections        RO
 *   [ro_end, size)            SHF_WRITE sections and .bss     RW, NX
 * .modinfo is not placed (it is read from the image, as Linux copies it).
 */
struct module_layout {
	u64 offset[MODULE_MAX_SECTIONS]; /* per section: its offset, or MODULE_NOT_PLACED */
	u64 text_size;			 /* page multiple */
	u64 ro_end;			 /* page multiple */
	u64 size;			 /* page multiple; > 0 */
};

/* Fill *l from a checked image. Returns 0, or -ENOEXEC with why. */
int module_layout(const struct module_elf *elf, struct module_layout *l, char *why,
		  size_t why_size);

/*
 * Apply every SHT_RELA section that patches a placed section. sec_addr[i] is
 * where section i lives (0 if not placed), written through the same address
 * (the memory is writable then); sym_value[j] is symbol j's final value (the
 * caller resolved undefined ones). Types: R_X86_64_NONE, 64, PC32, PLT32, 32,
 * 32S; any other is refused by name or number, a value that does not fit the
 * field is refused as an overflow, and a patched field must read zero before.
 * Returns 0, or -ENOEXEC with why (some relocations may have been applied).
 */
int module_relocate(const struct module_elf *elf, const u64 *sec_addr, const u64 *sym_value,
		    char *why, size_t why_size);

/* The options after a module's file name in its multiboot string. */
#define MODULE_ARGS_MAX 128

/* One image the boot loader loaded: the .ko bytes, reserved in memblock (image.c). */
struct module_image {
	char name[MODULE_NAME_LEN]; /* file name without directory and ".ko" */
	char args[MODULE_ARGS_MAX]; /* the rest of its multiboot string */
	const u8 *data;		    /* through the direct map */
	size_t size;
};

/* The image called name (module_name_of() form), or NULL. */
const struct module_image *module_image_find(const char *name);
/*
 * The module name of the file name s[0, len) into name[size]: without its
 * directories and ".ko", as Linux's tools name a module ("dir/slab1.ko" ->
 * "slab1").
 */
void module_name_of(const char *s, size_t len, char *name, size_t size);

/* A function symbol of a loaded module, for %pS and backtraces. */
struct module_symbol {
	u64 addr;
	u64 size;
	u32 name; /* offset in struct module.strtab */
};

/* A loaded module (kernel/module/loader.c). */
struct module {
	char name[MODULE_NAME_LEN];
	int state;		     /* enum module_state (kernel/module/loader.h) */
	u8 *base;		     /* module_alloc()'d: layout.size bytes */
	struct module_layout layout; /* where each section is, the parts' sizes */
	int (*init)(void);	     /* init_module, or NULL */
	void (*exit)(void);	     /* cleanup_module, or NULL: cannot be unloaded */
	struct module_symbol *syms;  /* its function symbols (kmalloc) */
	unsigned int nr_syms;
	char *strtab;	     /* their names (kmalloc) */
	char *args;	     /* the parameter text; charp values point into it */
	struct module *next; /* the list, newest first */
};

/* The loaded modules, newest first (module_list_lock in kernel/module/loader.c). */
extern struct module *module_list;

/*
 * Resolve every symbol of elf, placed at base with layout l, into
 * sym_value[] (nr_syms entries): undefined ones from the kernel's exports
 * (the _GPL ones only if gpl_ok), each unknown one reported as Linux does
 * ("name: Unknown symbol foo (err -2)"). Returns 0 or -ENOENT.
 */
int module_resolve_symbols(const char *name, const struct module_elf *elf,
			   const struct module_layout *l, u64 base, bool gpl_ok, u64 *sym_value);
/* Keep mod's function symbols (mod->syms, mod->strtab). Returns 0 or -ENOMEM. */
int module_keep_symbols(struct module *mod, const struct module_elf *elf, const u64 *sym_value);

/* One parameter descriptor, as the module's __param section holds it. */
struct kernel_param;

/*
 * Parse args ("a=1 b=text c", in place: it is cut into words) and store each
 * value through the matching one of the nr params. modname names the module
 * in the messages, which go through report (printk in the kernel). An unknown name is warned about and ignored (as Linux);
 * a value that does not parse or fit gives one line "modname: `value'
 * invalid for parameter `name'" and -EINVAL (values before it are set). A
 * charp points into args, which must outlive the module.
 */
int module_parse_params(const char *modname, char *args, const struct kernel_param *params,
			unsigned int nr, int (*report)(const char *fmt, ...));

#endif /* STRATA_MODULE_INTERNAL_H */
