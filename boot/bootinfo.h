/* SPDX-License-Identifier: MIT */
/*
 * The bootloader-neutral description of the machine that kmain() works from.
 *
 * boot/multiboot.c fills one struct bootinfo from either a multiboot1 or a
 * multiboot2 information structure; nothing after it needs to know which
 * loader ran. Memory map entries are copied exactly as the loader gave them
 * (E820 types, possibly overlapping, unaligned or empty): mm/memmap.c is the
 * one place that cleans them up.
 */
#ifndef STRATA_BOOTINFO_H
#define STRATA_BOOTINFO_H

#include "lib/types.h"

/* E820 / multiboot memory types, the values both multiboot specs use. */
#define BOOT_MEM_USABLE 1
#define BOOT_MEM_RESERVED 2
#define BOOT_MEM_ACPI_RECLAIM 3
#define BOOT_MEM_ACPI_NVS 4
#define BOOT_MEM_BAD 5

#define BOOTINFO_MAX_MMAP 128
#define BOOTINFO_MAX_MODULES 8
/* Linux's COMMAND_LINE_SIZE on x86 (arch/x86/include/asm/setup.h, 6.1). */
#define BOOTINFO_CMDLINE_MAX 2048
#define BOOTINFO_NAME_MAX 64
#define BOOTINFO_RSDP_MAX 36 /* an ACPI 2.0+ RSDP */
/* A module's string ("path args"), truncated to fit. */
#define BOOTINFO_MODULE_STRING_MAX 192

/* One memory map entry as the loader reported it: [addr, addr + len). */
struct boot_mem_entry {
	u64 addr;
	u64 len;
	u32 type; /* BOOT_MEM_* (other values are treated as reserved) */
};

/* A physical range [start, end) that must not be handed out. */
struct boot_range {
	u64 start;
	u64 end;
};

struct bootinfo {
	const char *protocol;		     /* "multiboot1" or "multiboot2" */
	char loader_name[BOOTINFO_NAME_MAX]; /* "" when the loader gave none */
	/*
	 * The kernel's arguments, NUL-terminated, truncated to fit: a multiboot 1
	 * loader's leading file name is dropped. cmdline_len is the length the
	 * loader gave (without that name): more than strlen(cmdline) when cut.
	 */
	char cmdline[BOOTINFO_CMDLINE_MAX];
	u32 cmdline_len;
	struct boot_mem_entry mmap[BOOTINFO_MAX_MMAP];
	u32 nr_mmap;	     /* entries used in mmap[] */
	bool mmap_truncated; /* the loader gave more entries than fit */
	struct boot_range modules[BOOTINFO_MAX_MODULES];
	/*
	 * Each module's string, NUL-terminated, truncated to fit; "" if the
	 * loader gave none. QEMU's -initrd gives the file's path and the words
	 * after it; GRUB's module2 only the words after the path (so
	 * tools/mkiso.sh writes the file name again as the first of them).
	 */
	char module_string[BOOTINFO_MAX_MODULES][BOOTINFO_MODULE_STRING_MAX];
	u32 nr_modules;
	u32 nr_modules_ignored; /* modules the loader gave beyond BOOTINFO_MAX_MODULES */
	struct boot_range info; /* the multiboot information structure itself */
	/*
	 * UEFI firmware, seen through multiboot2 (GRUB EFI adds these tags;
	 * BIOS loaders do not): the EFI system table's physical address from
	 * tag 11 or 12, 0 when absent, and the number of descriptors in the
	 * firmware's own memory map (tag 17), 0 when absent. The E820-style
	 * mmap[] above is GRUB's translation of that same UEFI map.
	 */
	u64 efi_systab;
	u32 nr_efi_mmap;
	/*
	 * ACPI: a copy of the RSDP from multiboot2 tag 15 (ACPI 2.0+, preferred)
	 * or 14 (ACPI 1.0), acpi_rsdp_len bytes of it; 0 when the loader gave
	 * neither (multiboot1 never does: the kernel then searches the BIOS
	 * areas). Checked by arch/x86_64/acpi_tables.c, not here.
	 */
	u8 acpi_rsdp[BOOTINFO_RSDP_MAX];
	u32 acpi_rsdp_len;
	bool acpi_rsdp_new; /* the copy came from tag 15 */
};

#endif /* STRATA_BOOTINFO_H */
