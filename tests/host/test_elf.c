// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/elf_check.c, the program loader's checks: a
 * minimal static executable built here is accepted, each single fault in
 * it is refused with -ENOEXEC and a reason, and every truncation of it is
 * refused without a read past the end (each image is copied into a buffer
 * of exactly its size, so AddressSanitizer sees any overread).
 */
#include <stdlib.h>
#include <string.h>

#include "tests/host/htest.h"
#include "kernel/binfmt_elf.h"
#include "kernel/elf.h"
#include "lib/errno.h"

/* ELF header, two program headers (text, data), 64 bytes of "code". */
struct image {
	struct elf64_hdr eh;
	struct elf64_phdr ph[2];
	u8 code[64];
};

static struct image good(void)
{
	struct image im;

	memset(&im, 0, sizeof(im));
	memcpy(im.eh.e_ident, "\177ELF", 4);
	im.eh.e_ident[EI_CLASS] = ELFCLASS64;
	im.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	im.eh.e_ident[EI_VERSION] = EV_CURRENT;
	im.eh.e_type = ET_EXEC;
	im.eh.e_machine = EM_X86_64;
	im.eh.e_version = EV_CURRENT;
	im.eh.e_phoff = sizeof(im.eh);
	im.eh.e_phentsize = sizeof(struct elf64_phdr);
	im.eh.e_phnum = 2;
	im.eh.e_entry = 0x400000 + offsetof(struct image, code);
	im.ph[0] = (struct elf64_phdr){.p_type = PT_LOAD,
				       .p_flags = PF_R | PF_X,
				       .p_vaddr = 0x400000,
				       .p_filesz = sizeof(im),
				       .p_memsz = sizeof(im),
				       .p_align = 0x1000};
	im.ph[1] = (struct elf64_phdr){.p_type = PT_LOAD,
				       .p_flags = PF_R | PF_W,
				       .p_offset = 0,
				       .p_vaddr = 0x600000,
				       .p_filesz = 16,
				       .p_memsz = 0x3000,
				       .p_align = 0x1000};
	return im;
}

/* elf_check() on an exact-size copy of the first size bytes of im. */
static int check(const struct image *im, size_t size, const char **why)
{
	u8 *copy = malloc(size ? size : 1);
	int err;

	memcpy(copy, im, size);
	*why = NULL;
	err = elf_check(copy, size, why);
	free(copy);
	return err;
}

static void accepts_a_static_executable(void)
{
	struct image im = good();
	const char *why;

	EXPECT_EQ(check(&im, sizeof(im), &why), 0);
	im.eh.e_type = ET_DYN; /* a static PIE */
	EXPECT_EQ(check(&im, sizeof(im), &why), 0);
}

/* One change to a good image, and the reason it must give. */
static void refused(void (*change)(struct image *), const char *reason)
{
	struct image im = good();
	const char *why;

	change(&im);
	EXPECT_EQ(check(&im, sizeof(im), &why), -ENOEXEC);
	EXPECT_TRUE(why && strstr(why, reason));
	if (!why || !strstr(why, reason))
		htest_logf("wanted a reason containing \"%s\", got \"%s\"", reason, why ? why : "");
}

static void bad_magic(struct image *im)
{
	im->eh.e_ident[1] = 'e';
}
static void elf32(struct image *im)
{
	im->eh.e_ident[EI_CLASS] = 1;
}
static void i386(struct image *im)
{
	im->eh.e_machine = 3;
}
static void relocatable(struct image *im)
{
	im->eh.e_type = ET_REL;
}
static void phentsize(struct image *im)
{
	im->eh.e_phentsize = 32;
}
static void no_phdrs(struct image *im)
{
	im->eh.e_phnum = 0;
}
static void phoff_past_end(struct image *im)
{
	im->eh.e_phoff = ~0UL - 8;
}
static void interpreter(struct image *im)
{
	im->ph[1].p_type = PT_INTERP;
}
static void filesz_over_memsz(struct image *im)
{
	im->ph[1].p_filesz = 0x4000;
}
static void offset_wraps(struct image *im)
{
	im->ph[1].p_offset = ~0UL - 7;
}
static void bytes_past_end(struct image *im)
{
	im->ph[0].p_filesz = im->ph[0].p_memsz = 4096;
}
static void misaligned(struct image *im)
{
	im->ph[1].p_vaddr = 0x600010;
}
static void kernel_half(struct image *im)
{
	im->ph[1].p_vaddr = 0xffffffff80000000UL;
}
static void memsz_wraps(struct image *im)
{
	im->ph[1].p_memsz = ~0UL - 0x1000;
}
static void entry_outside(struct image *im)
{
	im->eh.e_entry = 0x500000;
}
static void no_load(struct image *im)
{
	im->ph[0].p_type = im->ph[1].p_type = 6;
}

static void refuses_each_fault(void)
{
	refused(bad_magic, "no \\177ELF magic");
	refused(elf32, "ELF64");
	refused(i386, "not an x86_64 program");
	refused(relocatable, "not an executable");
	refused(phentsize, "program headers");
	refused(no_phdrs, "program headers");
	refused(phoff_past_end, "past the end of the file");
	refused(interpreter, "interpreter");
	refused(filesz_over_memsz, "more file bytes than memory");
	refused(offset_wraps, "past the end of the file");
	refused(bytes_past_end, "past the end of the file");
	refused(misaligned, "differ within a page");
	refused(kernel_half, "outside the user address space");
	refused(memsz_wraps, "outside the user address space");
	refused(entry_outside, "entry point");
	refused(no_load, "no PT_LOAD");
}

/* Every prefix of the image is refused and read only inside its bytes. */
static void refuses_every_truncation(void)
{
	struct image im = good();
	const char *why;
	unsigned int refusals = 0;

	for (size_t size = 0; size < sizeof(im); size++)
		refusals += check(&im, size, &why) == -ENOEXEC && why;
	EXPECT_EQ(refusals, sizeof(im));
}

static const struct htest_case cases[] = {
	HTEST_CASE(accepts_a_static_executable),
	HTEST_CASE(refuses_each_fault),
	HTEST_CASE(refuses_every_truncation),
};

HTEST_MAIN("elf_check", cases)
