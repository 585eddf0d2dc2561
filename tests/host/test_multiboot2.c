// SPDX-License-Identifier: MIT
/*
 * Host tests for boot/multiboot.c, multiboot 2: tag by tag (memory map,
 * command line, basic meminfo, EFI and ACPI tags) and malformed tag lists,
 * in the fake physical memory of tests/host/multiboot_image.h.
 */
#include "boot/multiboot.h"
#include "lib/errno.h"
#include "tests/host/htest.h"
#include "tests/host/multiboot_image.h"

static void mb2_full(void)
{
	u8 junk[4] = {1, 2, 3, 4};
	u32 total;

	mb2_begin();
	mb2_str(1, "root=/dev/sda quiet");
	mb2_tag(21, junk, sizeof(junk)); /* unknown tag, size 12: padded */
	mb2_str(2, "GRUB 2.12");
	mb2_u32s(3, 0x400000, 0x420000);
	mb2_u32s(4, 639, 1000);
	mb2_mmap(24, ARRAY_SIZE(mb2_map), mb2_map);
	mb2_u32s(3, 0x500000, 0x500100);
	total = mb2_end();

	ASSERT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	EXPECT_STREQ(bi.protocol, "multiboot2");
	EXPECT_STREQ(bi.cmdline, "root=/dev/sda quiet");
	EXPECT_STREQ(bi.loader_name, "GRUB 2.12");
	ASSERT_EQ(bi.nr_modules, 2);
	EXPECT_EQ(bi.modules[0].end, 0x420000);
	EXPECT_EQ(bi.modules[1].start, 0x500000);
	ASSERT_EQ(bi.nr_mmap, 3); /* the map wins over basic meminfo */
	for (u32 i = 0; i < 3; i++) {
		EXPECT_EQ(bi.mmap[i].addr, mb2_map[i].addr);
		EXPECT_EQ(bi.mmap[i].len, mb2_map[i].len);
		EXPECT_EQ(bi.mmap[i].type, mb2_map[i].type);
	}
	EXPECT_EQ(bi.info.start, MB2_INFO);
	EXPECT_EQ(bi.info.end, MB2_INFO + total);
}

/*
 * GRUB 2's multiboot2 tag holds only the arguments (seen in the boot-iso
 * log): the first word is an option and is kept; a line longer than
 * COMMAND_LINE_SIZE - 1 is cut, and cmdline_len says by how much.
 */
static void mb2_cmdline_kept_and_cut(void)
{
	static char line[BOOTINFO_CMDLINE_MAX + 50];

	mb2_begin();
	mb2_str(1, "ktest.run=1 quiet");
	mb2_end();
	ASSERT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	EXPECT_STREQ(bi.cmdline, "ktest.run=1 quiet");
	EXPECT_EQ(bi.cmdline_len, 17);

	memset(line, 'y', sizeof(line) - 1);
	memcpy(line, "ktest.run=1 pad=", 16);
	mb2_begin();
	mb2_str(1, line);
	mb2_end();
	ASSERT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	EXPECT_EQ(strlen(bi.cmdline), BOOTINFO_CMDLINE_MAX - 1);
	EXPECT_EQ(bi.cmdline_len, sizeof(line) - 1);
	EXPECT_TRUE(!strncmp(bi.cmdline, line, BOOTINFO_CMDLINE_MAX - 1));
}

static void mb2_meminfo_fallback(void)
{
	mb2_begin();
	mb2_u32s(4, 600, 2048);
	mb2_end();
	ASSERT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	ASSERT_EQ(bi.nr_mmap, 2);
	EXPECT_EQ(bi.mmap[0].len, 600 * KiB);
	EXPECT_EQ(bi.mmap[1].addr, 1 * MiB);
	EXPECT_EQ(bi.mmap[1].len, 2 * MiB);
	/* Neither map nor meminfo: success with an empty map. */
	mb2_begin();
	mb2_end();
	ASSERT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	EXPECT_EQ(bi.nr_mmap, 0);
}

static void mb2_larger_entry_size(void)
{
	mb2_begin();
	mb2_mmap(40, ARRAY_SIZE(mb2_map), mb2_map);
	mb2_end();
	ASSERT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	ASSERT_EQ(bi.nr_mmap, 3);
	EXPECT_EQ(bi.mmap[2].addr, 0x100000);
	EXPECT_EQ(bi.mmap[2].len, 0x7ee0000);
}

/* GRUB EFI's extra tags: the system table pointer and the UEFI memory map. */
static void mb2_efi_tags(void)
{
	u64 systab = 0x7f9ee018ULL;
	u32 efi_mmap[4 + 3 * 12] = {48, 1}; /* descr_size 48, version 1, 3 descriptors */

	mb2_begin();
	mb2_tag(12, &systab, sizeof(systab));
	mb2_tag(17, efi_mmap, 8 + 3 * 48);
	mb2_mmap(24, ARRAY_SIZE(mb2_map), mb2_map);
	mb2_end();
	ASSERT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	EXPECT_EQ(bi.efi_systab, systab);
	EXPECT_EQ(bi.nr_efi_mmap, 3);
	EXPECT_EQ(bi.nr_mmap, 3);

	/* A BIOS boot has neither. */
	mb2_begin();
	mb2_mmap(24, ARRAY_SIZE(mb2_map), mb2_map);
	mb2_end();
	ASSERT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	EXPECT_EQ(bi.efi_systab, 0);
	EXPECT_EQ(bi.nr_efi_mmap, 0);

	/* Truncated tags and a zero descriptor size are refused. */
	mb2_begin();
	mb2_tag(12, &systab, 4);
	mb2_end();
	EXPECT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), -EINVAL);
	efi_mmap[0] = 0;
	mb2_begin();
	mb2_tag(17, efi_mmap, 8 + 48);
	mb2_end();
	EXPECT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), -EINVAL);
}

/* Tags 14 and 15 carry RSDP copies: the 2.0+ one wins in either order. */
static void mb2_acpi_tags(void)
{
	u8 v1[20] = "RSD PTR ", v2[36] = "RSD PTR ", big[64] = "RSD PTR ";

	v1[15] = 0;
	v2[15] = 2;
	mb2_begin();
	mb2_tag(15, v2, sizeof(v2));
	mb2_tag(14, v1, sizeof(v1));
	mb2_end();
	ASSERT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	EXPECT_EQ(bi.acpi_rsdp_len, 36);
	EXPECT_TRUE(bi.acpi_rsdp_new);
	EXPECT_EQ(bi.acpi_rsdp[15], 2);

	mb2_begin();
	mb2_tag(14, v1, sizeof(v1));
	mb2_end();
	ASSERT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	EXPECT_EQ(bi.acpi_rsdp_len, 20);
	EXPECT_FALSE(bi.acpi_rsdp_new);
	EXPECT_EQ(memcmp(bi.acpi_rsdp, "RSD PTR ", 8), 0);

	/* A longer tag is cut to the 36 bytes of an RSDP; none at all is 0. */
	mb2_begin();
	mb2_tag(15, big, sizeof(big));
	mb2_end();
	ASSERT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	EXPECT_EQ(bi.acpi_rsdp_len, 36);
	mb2_begin();
	mb2_end();
	ASSERT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	EXPECT_EQ(bi.acpi_rsdp_len, 0);
}

static void mb2_malformed_rejected(void)
{
	u32 total;

	/* Tag size below the 8-byte header. */
	mb2_begin();
	mb2_str(1, "x");
	mb2_end();
	put32(MB2_INFO + 12, 4);
	EXPECT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), -EINVAL);
	/* Tag size running past total_size. */
	put32(MB2_INFO + 12, 0x100);
	EXPECT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), -EINVAL);
	/* total_size too small, too large, or past reachable memory. */
	put32(MB2_INFO + 12, 10);
	put32(MB2_INFO, 8);
	EXPECT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), -EINVAL);
	put32(MB2_INFO, 0xfffffff8);
	EXPECT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), -EINVAL);
	put32(MB2_INFO, 0x80000);
	EXPECT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), -EFAULT);
	/* Misaligned structure. */
	EXPECT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO + 4), -EINVAL);
	/* No end tag. */
	mb2_begin();
	mb2_str(1, "abc");
	put32(MB2_INFO, (u32)(mb2_cur - MB2_INFO));
	EXPECT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), -EINVAL);
	/* mmap entry_size too small for an entry. */
	mb2_begin();
	mb2_mmap(16, 2, mb2_map);
	mb2_end();
	EXPECT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), -EINVAL);
	/* Module and meminfo tags too short for their fields. */
	mb2_begin();
	mb2_tag(3, "abcd", 4);
	mb2_end();
	EXPECT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), -EINVAL);
	mb2_begin();
	mb2_tag(4, "abcd", 4);
	mb2_end();
	EXPECT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), -EINVAL);
	/* A cmdline with no NUL inside its tag. */
	mb2_begin();
	mb2_tag(1, "abcdefgh", 8);
	mb2_end();
	EXPECT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), -EINVAL);
	/* Every total_size that cuts a valid structure short is refused. */
	mb2_begin();
	mb2_str(1, "console=ttyS0");
	mb2_mmap(24, ARRAY_SIZE(mb2_map), mb2_map);
	total = mb2_end();
	for (u32 t = 0; t < total; t++) {
		put32(MB2_INFO, t);
		EXPECT_NE(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	}
}

static const struct htest_case cases[] = {
	HTEST_CASE(mb2_full),
	HTEST_CASE(mb2_cmdline_kept_and_cut),
	HTEST_CASE(mb2_meminfo_fallback),
	HTEST_CASE(mb2_larger_entry_size),
	HTEST_CASE(mb2_efi_tags),
	HTEST_CASE(mb2_acpi_tags),
	HTEST_CASE(mb2_malformed_rejected),
};

HTEST_MAIN("multiboot2", cases)
