// SPDX-License-Identifier: MIT
/*
 * Host tests for the module loader's pure parts: the ELF checks
 * (kernel/module/elf.c), the layout and the relocations
 * (kernel/module/reloc.c), the parameters (kernel/module/param.c), on a
 * small relocatable image built here field by field, so each case can
 * break exactly one thing and expect exactly its refusal.
 */
#include <stdlib.h>

#include "include/linux/moduleparam.h"
#include "kernel/module/internal.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "tests/host/htest.h"
#include "tests/host/kernel_shim.h"

/* The sample image's sections, in order. */
enum {
	S_NULL,
	S_TEXT,
	S_DATA,
	S_BSS,
	S_MODINFO,
	S_SYMTAB,
	S_STRTAB,
	S_RELA,
	S_SHSTRTAB,
	NR_S
};
/* Its symbols. */
enum {
	Y_NULL,
	Y_FUNC,
	Y_VAR,
	Y_EXT,
	Y_ABS,
	NR_Y
};

static const char strtab[] = "\0func\0var\0ext\0abs";
static const char shstrtab[] = "\0.text\0.data\0.bss\0.modinfo\0.symtab\0.strtab\0.rela.text\0"
			       ".shstrtab";
static const char modinfo[] = "license=GPL\0parm=x:a parameter\0name=sample";

static _Alignas(8) u8 img[4096];
static size_t img_size;
static struct elf64_hdr *eh;
static struct elf64_shdr *sh;
static struct elf64_sym *sym;
static struct elf64_rela *rela;
static char why[160];

/* Append len bytes of src (or zeros) at an 8-byte boundary; return the offset. */
static u64 put(const void *src, size_t len)
{
	u64 off = (img_size + 7) & ~7UL;

	if (src)
		memcpy(img + off, src, len);
	img_size = off + len;
	return off;
}

static u32 shname(const char *name)
{
	for (u32 i = 1; i < sizeof(shstrtab); i += (u32)strlen(shstrtab + i) + 1)
		if (!strcmp(shstrtab + i, name))
			return i;
	return 0;
}

static void section(unsigned int i, const char *name, u32 type, u64 flags, u64 off, u64 size)
{
	sh[i].sh_name = shname(name);
	sh[i].sh_type = type;
	sh[i].sh_flags = flags;
	sh[i].sh_offset = off;
	sh[i].sh_size = size;
	sh[i].sh_addralign = 8;
}

static void symbol(unsigned int i, u32 name, u8 info, u16 shndx, u64 value, u64 size)
{
	sym[i] = (struct elf64_sym){.st_name = name,
				    .st_info = info,
				    .st_shndx = shndx,
				    .st_value = value,
				    .st_size = size};
}

/* The sample: 32 bytes of text, 16 of data, 32 of bss, nr relocations of .text. */
static void build(unsigned int nr_rela)
{
	u64 text, data, info, syms, strs, relas, names;

	memset(img, 0, sizeof(img));
	img_size = sizeof(struct elf64_hdr);
	text = put(NULL, 32);
	data = put(NULL, 16);
	info = put(modinfo, sizeof(modinfo));
	syms = put(NULL, NR_Y * sizeof(struct elf64_sym));
	strs = put(strtab, sizeof(strtab));
	relas = put(NULL, nr_rela * sizeof(struct elf64_rela));
	names = put(shstrtab, sizeof(shstrtab));
	eh = (struct elf64_hdr *)img;
	memcpy(eh->e_ident, "\177ELF", 4);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_type = ET_REL;
	eh->e_machine = EM_X86_64;
	eh->e_shentsize = sizeof(struct elf64_shdr);
	eh->e_shnum = NR_S;
	eh->e_shstrndx = S_SHSTRTAB;
	eh->e_shoff = put(NULL, NR_S * sizeof(struct elf64_shdr));
	sh = (struct elf64_shdr *)(img + eh->e_shoff);
	section(S_TEXT, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, text, 32);
	section(S_DATA, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, data, 16);
	section(S_BSS, ".bss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE, 0, 32);
	section(S_MODINFO, ".modinfo", SHT_PROGBITS, SHF_ALLOC, info, sizeof(modinfo));
	section(S_SYMTAB, ".symtab", SHT_SYMTAB, 0, syms, NR_Y * sizeof(struct elf64_sym));
	sh[S_SYMTAB].sh_entsize = sizeof(struct elf64_sym);
	sh[S_SYMTAB].sh_link = S_STRTAB;
	section(S_STRTAB, ".strtab", SHT_STRTAB, 0, strs, sizeof(strtab));
	section(S_RELA, ".rela.text", SHT_RELA, 0, relas, nr_rela * sizeof(struct elf64_rela));
	sh[S_RELA].sh_entsize = sizeof(struct elf64_rela);
	sh[S_RELA].sh_link = S_SYMTAB;
	sh[S_RELA].sh_info = S_TEXT;
	section(S_SHSTRTAB, ".shstrtab", SHT_STRTAB, 0, names, sizeof(shstrtab));
	sym = (struct elf64_sym *)(img + syms);
	symbol(Y_FUNC, 1, STB_GLOBAL << 4 | STT_FUNC, S_TEXT, 0, 16);
	symbol(Y_VAR, 6, STB_GLOBAL << 4 | STT_OBJECT, S_DATA, 8, 8);
	symbol(Y_EXT, 10, STB_GLOBAL << 4 | STT_NOTYPE, SHN_UNDEF, 0, 0);
	symbol(Y_ABS, 14, STB_GLOBAL << 4 | STT_NOTYPE, SHN_ABS, 0x1234, 0);
	rela = (struct elf64_rela *)(img + relas);
}

static int check(void)
{
	struct module_elf elf;

	why[0] = '\0';
	return module_elf_check(img, img_size, &elf, why, sizeof(why));
}

static void sample_is_valid(void)
{
	struct module_elf elf;
	struct module_layout l;

	build(0);
	ASSERT_EQ(module_elf_check(img, img_size, &elf, why, sizeof(why)), 0);
	EXPECT_EQ(elf.nr_syms, NR_Y);
	EXPECT_EQ(elf.modinfo, S_MODINFO);
	EXPECT_STREQ(module_get_modinfo(&elf, "license", 0), "GPL");
	EXPECT_STREQ(module_get_modinfo(&elf, "name", 0), "sample");
	EXPECT_TRUE(module_get_modinfo(&elf, "parm", 1) == NULL);
	EXPECT_TRUE(module_get_modinfo(&elf, "lic", 0) == NULL);
	ASSERT_EQ(module_layout(&elf, &l, why, sizeof(why)), 0);
	/* Text, then the (empty) read-only part, then data and bss: page-aligned parts. */
	EXPECT_EQ(l.offset[S_TEXT], 0);
	EXPECT_EQ(l.text_size, PAGE_SIZE);
	EXPECT_EQ(l.ro_end, PAGE_SIZE);
	EXPECT_EQ(l.offset[S_DATA], PAGE_SIZE);
	EXPECT_EQ(l.offset[S_BSS], PAGE_SIZE + 16);
	EXPECT_EQ(l.offset[S_MODINFO], MODULE_NOT_PLACED);
	EXPECT_EQ(l.offset[S_SYMTAB], MODULE_NOT_PLACED);
	EXPECT_EQ(l.size, 2 * PAGE_SIZE);
}

/* Each corruption is refused with its own reason, and nothing is read past the image. */
static void header_checks(void)
{
	build(0);
	EXPECT_EQ(module_elf_check(img, 10, &(struct module_elf){0}, why, sizeof(why)), -ENOEXEC);
	EXPECT_STREQ(why, "truncated: shorter than an ELF header");
	build(0);
	img[1] = 'X';
	EXPECT_EQ(check(), -ENOEXEC);
	EXPECT_STREQ(why, "not an ELF file (bad magic)");
	build(0);
	eh->e_ident[EI_CLASS] = 1;
	EXPECT_EQ(check(), -ENOEXEC);
	EXPECT_STREQ(why, "not ELF64");
	build(0);
	eh->e_machine = 3;
	EXPECT_EQ(check(), -ENOEXEC);
	EXPECT_STREQ(why, "machine 3, not x86_64 (62)");
	build(0);
	eh->e_type = 3;
	EXPECT_EQ(check(), -ENOEXEC);
	EXPECT_STREQ(why, "ELF type 3, not ET_REL (a relocatable .ko)");
	build(0);
	EXPECT_EQ(module_elf_check(img, img_size - 8, &(struct module_elf){0}, why, sizeof(why)),
		  -ENOEXEC);
	EXPECT_STREQ(why, "truncated: section headers past the end");
	build(0);
	eh->e_shstrndx = NR_S;
	EXPECT_EQ(check(), -ENOEXEC);
	EXPECT_STREQ(why, "no section name table");
}

static void section_and_symbol_checks(void)
{
	build(0);
	sh[S_DATA].sh_offset = img_size - 8;
	EXPECT_EQ(check(), -ENOEXEC);
	EXPECT_STREQ(why, "truncated: section 2 runs past the end");
	build(0);
	sh[S_DATA].sh_name = 0xffff;
	EXPECT_EQ(check(), -ENOEXEC);
	EXPECT_STREQ(why, "section 2: name outside the name table");
	build(0);
	sh[S_TEXT].sh_addralign = 3;
	EXPECT_EQ(check(), -ENOEXEC);
	EXPECT_STREQ(why, "section 1: alignment 3");
	build(0);
	sym[Y_VAR].st_name = 1000;
	EXPECT_EQ(check(), -ENOEXEC);
	EXPECT_STREQ(why, "symbol 2: name outside the string table");
	build(0);
	sym[Y_VAR].st_shndx = SHN_COMMON;
	EXPECT_EQ(check(), -ENOEXEC);
	EXPECT_STREQ(why, "symbol var is COMMON (build with -fno-common)");
	build(0);
	sym[Y_VAR].st_shndx = NR_S;
	EXPECT_EQ(check(), -ENOEXEC);
	EXPECT_STREQ(why, "symbol var: section 9 out of range");
	build(0);
	sym[Y_VAR].st_value = 12; /* 8 bytes from 12 in a 16-byte .data */
	EXPECT_EQ(check(), -ENOEXEC);
	EXPECT_STREQ(why, "symbol var runs past the end of its section");
	build(0);
	sym[Y_VAR].st_value = 16;
	sym[Y_VAR].st_size = 0; /* a label at the very end is fine */
	EXPECT_EQ(check(), 0);
	build(0);
	img[sh[S_STRTAB].sh_offset + sh[S_STRTAB].sh_size - 1] = 's';
	EXPECT_EQ(check(), -ENOEXEC);
	EXPECT_STREQ(why, "symbol string table is not a string table");
	build(1);
	rela[0].r_info = (u64)NR_Y << 32 | R_X86_64_64;
	EXPECT_EQ(check(), -ENOEXEC);
	EXPECT_STREQ(why, "relocation 0 in .rela.text: symbol out of range");
	build(0);
	sh[S_RELA].sh_type = SHT_REL;
	EXPECT_EQ(check(), -ENOEXEC);
	EXPECT_STREQ(why, "SHT_REL relocations (only SHT_RELA)");
}

/* Placed memory for the sample: sections copied, symbols resolved (ext at ext_value). */
static u8 *place(const struct module_elf *elf, u64 *sec_addr, u64 *sym_value, u64 ext_value)
{
	struct module_layout l;
	u8 *base;

	if (module_layout(elf, &l, why, sizeof(why)))
		return NULL;
	base = aligned_alloc(PAGE_SIZE, l.size);
	memset(base, 0, l.size);
	for (unsigned int i = 0; i < NR_S; i++) {
		sec_addr[i] = l.offset[i] == MODULE_NOT_PLACED ? 0 : (u64)base + l.offset[i];
		if (sec_addr[i] && sh[i].sh_type != SHT_NOBITS)
			memcpy((void *)sec_addr[i], img + sh[i].sh_offset, sh[i].sh_size);
	}
	for (unsigned int i = 0; i < NR_Y; i++)
		sym_value[i] = sym[i].st_shndx == SHN_UNDEF ? 0
			       : sym[i].st_shndx == SHN_ABS
				       ? sym[i].st_value
				       : sec_addr[sym[i].st_shndx] + sym[i].st_value;
	sym_value[Y_EXT] = ext_value;
	return base;
}

static void set_rela(unsigned int i, u64 off, unsigned int s, u32 type, s64 addend)
{
	rela[i] = (struct elf64_rela){
		.r_offset = off, .r_info = (u64)s << 32 | type, .r_addend = addend};
}

/* Each supported type computes the psABI value, read back from the placed text. */
static void relocations_apply(void)
{
	u64 sec_addr[NR_S], sym_value[NR_Y], v64;
	struct module_elf elf;
	u32 v32;
	u8 *base, *text;

	build(5);
	set_rela(0, 0, Y_VAR, R_X86_64_64, 4);
	set_rela(1, 8, Y_EXT, R_X86_64_PC32, -4);
	set_rela(2, 12, Y_FUNC, R_X86_64_PLT32, -4);
	set_rela(3, 16, Y_ABS, R_X86_64_32, 0);
	set_rela(4, 20, Y_ABS, R_X86_64_32S, -0x2000);
	ASSERT_EQ(check(), 0);
	module_elf_check(img, img_size, &elf, why, sizeof(why));
	base = place(&elf, sec_addr, sym_value, 0);
	ASSERT_TRUE(base != NULL);
	sym_value[Y_EXT] = (u64)base + 0x100000; /* a "kernel" symbol within 2 GiB */
	EXPECT_EQ(module_relocate(&elf, sec_addr, sym_value, why, sizeof(why)), 0);
	text = (u8 *)sec_addr[S_TEXT];
	memcpy(&v64, text, 8);
	EXPECT_EQ(v64, sec_addr[S_DATA] + 8 + 4);
	memcpy(&v32, text + 8, 4);
	EXPECT_EQ((s64)(s32)v32, (s64)(sym_value[Y_EXT] - 4 - (u64)(text + 8)));
	memcpy(&v32, text + 12, 4);
	EXPECT_EQ((s64)(s32)v32, (s64)(sec_addr[S_TEXT] - 4 - (u64)(text + 12)));
	memcpy(&v32, text + 16, 4);
	EXPECT_EQ(v32, 0x1234);
	memcpy(&v32, text + 20, 4);
	EXPECT_EQ((s64)(s32)v32, 0x1234 - 0x2000);
	free(base);
}

/* One relocation rel against the sample: module_relocate()'s result, why set. */
static int relocate_one(u64 off, unsigned int s, u32 type, s64 addend, u8 prefill)
{
	u64 sec_addr[NR_S], sym_value[NR_Y];
	struct module_elf elf;
	u8 *base;
	int err;

	build(1);
	set_rela(0, off, s, type, addend);
	img[sh[S_TEXT].sh_offset + 24] = prefill;
	if (module_elf_check(img, img_size, &elf, why, sizeof(why)))
		return 1;
	base = place(&elf, sec_addr, sym_value, 0);
	sym_value[Y_EXT] = (u64)base + 0x100000;
	err = module_relocate(&elf, sec_addr, sym_value, why, sizeof(why));
	free(base);
	return err;
}

static void relocations_refused(void)
{
	EXPECT_EQ(relocate_one(0, Y_EXT, 9, 0, 0), -ENOEXEC);
	EXPECT_STREQ(why, "unsupported relocation R_X86_64_GOTPCREL (9) in .rela.text");
	EXPECT_EQ(relocate_one(0, Y_EXT, 200, 0, 0), -ENOEXEC);
	EXPECT_STREQ(why, "unsupported relocation an unknown type (200) in .rela.text");
	/* Host heap addresses are far above 2 GiB: an absolute 32S overflows. */
	EXPECT_EQ(relocate_one(0, Y_VAR, R_X86_64_32S, 0, 0), -ENOEXEC);
	EXPECT_TRUE(strstr(why, "overflow in relocation type 11 (R_X86_64_32S)") != NULL);
	EXPECT_EQ(relocate_one(0, Y_ABS, R_X86_64_32, -0x2000, 0), -ENOEXEC);
	EXPECT_TRUE(strstr(why, "overflow in relocation type 10 (R_X86_64_32)") != NULL);
	EXPECT_EQ(relocate_one(24, Y_ABS, R_X86_64_32, 0, 0xff), -ENOEXEC);
	EXPECT_TRUE(strstr(why, "the field is not zero") != NULL);
	EXPECT_EQ(relocate_one(30, Y_ABS, R_X86_64_32, 0, 0), -ENOEXEC);
	EXPECT_STREQ(why, "relocation 0 in .rela.text: offset 0x1e outside .text");
	EXPECT_EQ(relocate_one(28, Y_ABS, R_X86_64_32, 0, 0), 0); /* the last 4 bytes fit */
}

static int vals_i;
static unsigned long vals_ul;
static long vals_l;
static short vals_s;
static char *vals_p;
static bool vals_b;
static int vals_a[3];
static unsigned int vals_a_n;
static const struct kernel_param params[] = {
	{"a", vals_a, KPARAM_int, 0, 3, &vals_a_n}, {"i", &vals_i, KPARAM_int, 0, 0, NULL},
	{"ul", &vals_ul, KPARAM_ulong, 0, 0, NULL}, {"l", &vals_l, KPARAM_long, 0, 0, NULL},
	{"s", &vals_s, KPARAM_short, 0, 0, NULL},   {"p", &vals_p, KPARAM_charp, 0, 0, NULL},
	{"b", &vals_b, KPARAM_bool, 0, 0, NULL},
};

static int parse(const char *text)
{
	static char buf[128];

	strcpy(buf, text);
	shim_log_clear();
	return module_parse_params("t", buf, params, ARRAY_SIZE(params), printk);
}

static void parameters(void)
{
	EXPECT_EQ(parse("  i=-5 ul=0xffffffffffffffff l=-9223372036854775808 s=-32768 p=hi b "), 0);
	EXPECT_EQ(vals_i, -5);
	EXPECT_EQ(vals_ul, ~0UL);
	EXPECT_EQ(vals_l, INT64_MIN);
	EXPECT_EQ(vals_s, -32768);
	EXPECT_STREQ(vals_p, "hi");
	EXPECT_TRUE(vals_b);
	EXPECT_EQ(parse("b=off i=2147483647"), 0);
	EXPECT_FALSE(vals_b);
	EXPECT_EQ(vals_i, 2147483647);
	EXPECT_EQ(parse("nosuch=1 i=7"), 0);
	EXPECT_TRUE(shim_log_contains("t: unknown parameter 'nosuch' ignored"));
	EXPECT_EQ(vals_i, 7);
	EXPECT_EQ(parse("i=2147483648"), -EINVAL);
	EXPECT_TRUE(shim_log_contains("t: `2147483648' invalid for parameter `i'"));
	EXPECT_EQ(parse("s=32768"), -EINVAL);
	EXPECT_EQ(parse("s=-32769"), -EINVAL);
	EXPECT_EQ(parse("ul=-1"), -EINVAL);
	EXPECT_EQ(parse("i=12x"), -EINVAL);
	EXPECT_EQ(parse("i"), -EINVAL);
	EXPECT_EQ(parse("b=maybe"), -EINVAL);
	EXPECT_EQ(vals_i, 7); /* refused values change nothing */
}

/* module_param_array: comma-separated elements, at most the array's length. */
static void parameter_arrays(void)
{
	EXPECT_EQ(parse("a=1,-2,0x10"), 0);
	EXPECT_EQ(vals_a_n, 3);
	EXPECT_EQ(vals_a[0], 1);
	EXPECT_EQ(vals_a[1], -2);
	EXPECT_EQ(vals_a[2], 16);
	EXPECT_EQ(parse("a=5"), 0);
	EXPECT_EQ(vals_a_n, 1);
	EXPECT_EQ(vals_a[0], 5);
	EXPECT_EQ(parse("a=1,2,3,4"), -EINVAL);
	EXPECT_TRUE(shim_log_contains("t: a: can only take 3 arguments"));
	EXPECT_EQ(parse("a=1,x"), -EINVAL);
	EXPECT_TRUE(shim_log_contains("t: `x' invalid for parameter `a'"));
	EXPECT_EQ(parse("a"), -EINVAL);
	EXPECT_EQ(parse("a=1,,2"), -EINVAL); /* an empty element is no number */
}

static const struct htest_case cases[] = {
	HTEST_CASE(sample_is_valid),	       HTEST_CASE(header_checks),
	HTEST_CASE(section_and_symbol_checks), HTEST_CASE(relocations_apply),
	HTEST_CASE(relocations_refused),       HTEST_CASE(parameters),
	HTEST_CASE(parameter_arrays),
};

HTEST_MAIN("module", cases)
