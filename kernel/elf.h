/* SPDX-License-Identifier: MIT */
/*
 * The ELF64 structures and constants the module loader and the program
 * loader read (System V ABI, ELF-64 Object File Format 1.5; the x86_64
 * psABI for the relocation types). Only what a relocatable x86_64 object
 * (.ko) and a static executable use.
 */
#ifndef STRATA_ELF_H
#define STRATA_ELF_H

#include "lib/types.h"

#define EI_NIDENT 16
#define EI_CLASS 4
#define EI_DATA 5
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_REL 1
#define ET_EXEC 2
#define ET_DYN 3
#define EI_VERSION 6
#define EV_CURRENT 1
#define EM_X86_64 62

#define SHT_NULL 0
#define SHT_PROGBITS 1
#define SHT_SYMTAB 2
#define SHT_STRTAB 3
#define SHT_RELA 4
#define SHT_NOBITS 8
#define SHT_REL 9

#define SHF_WRITE 0x1
#define SHF_ALLOC 0x2
#define SHF_EXECINSTR 0x4

#define SHN_UNDEF 0
#define SHN_LORESERVE 0xff00
#define SHN_ABS 0xfff1
#define SHN_COMMON 0xfff2

#define STT_NOTYPE 0
#define STT_OBJECT 1
#define STT_FUNC 2
#define STT_SECTION 3
#define STT_FILE 4
#define STB_LOCAL 0
#define STB_GLOBAL 1
#define STB_WEAK 2
#define ELF64_ST_BIND(info) ((info) >> 4)
#define ELF64_ST_TYPE(info) ((info)&0xf)

#define R_X86_64_NONE 0
#define R_X86_64_64 1
#define R_X86_64_PC32 2
#define R_X86_64_PLT32 4
#define R_X86_64_32 10
#define R_X86_64_32S 11
#define ELF64_R_SYM(info) ((u32)((info) >> 32))
#define ELF64_R_TYPE(info) ((u32)(info))

struct elf64_hdr {
	u8 e_ident[EI_NIDENT]; /* "\177ELF", class, data, version, ... */
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff; /* section header table's file offset */
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize; /* sizeof(struct elf64_shdr) */
	u16 e_shnum;
	u16 e_shstrndx; /* section holding the section names */
};

/* Program headers: what an executable asks to be mapped. */
#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6
#define PF_X 0x1
#define PF_W 0x2
#define PF_R 0x4

struct elf64_phdr {
	u32 p_type;
	u32 p_flags;
	u64 p_offset; /* the segment's first byte in the file */
	u64 p_vaddr;
	u64 p_paddr;
	u64 p_filesz; /* bytes from the file; the rest up to p_memsz is zero */
	u64 p_memsz;
	u64 p_align;
};

struct elf64_shdr {
	u32 sh_name; /* offset in the section-name table */
	u32 sh_type;
	u64 sh_flags;
	u64 sh_addr;
	u64 sh_offset;
	u64 sh_size;
	u32 sh_link; /* RELA: its symbol table; SYMTAB: its string table */
	u32 sh_info; /* RELA: the section it patches */
	u64 sh_addralign;
	u64 sh_entsize;
};

struct elf64_sym {
	u32 st_name;
	u8 st_info; /* binding << 4 | type */
	u8 st_other;
	u16 st_shndx; /* its section, or SHN_UNDEF / SHN_ABS / SHN_COMMON */
	u64 st_value; /* offset in its section (relocatable objects) */
	u64 st_size;
};

struct elf64_rela {
	u64 r_offset; /* where in the patched section */
	u64 r_info;   /* symbol index << 32 | type */
	s64 r_addend;
};

#endif /* STRATA_ELF_H */
