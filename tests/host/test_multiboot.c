// SPDX-License-Identifier: MIT
/*
 * Host tests for boot/multiboot.c, multiboot 1 (and what both protocols
 * share: the magic, module strings, random corruption), in the fake
 * physical memory of tests/host/multiboot_image.h.
 */
#include <stdlib.h>
#include <time.h>

#include "boot/multiboot.h"
#include "lib/errno.h"
#include "tests/host/htest.h"
#include "tests/host/multiboot_image.h"

static void mb1_full(void)
{
	u64 end;

	phys_clear();
	put32(MB1_INFO + 0, (1 << 0) | (1 << 2) | (1 << 3) | (1 << 6) | (1 << 9));
	put32(MB1_INFO + 4, 639);
	put32(MB1_INFO + 8, 1000);
	put32(MB1_INFO + 16, (u32)MB1_CMDLINE);
	/* Multiboot 1 loaders put the image name first; the parser drops it. */
	putstr(MB1_CMDLINE, "/boot/strata.elf console=ttyS0 loglevel=7");
	put32(MB1_INFO + 64, (u32)MB1_NAME);
	putstr(MB1_NAME, "GRUB 2.06");
	put32(MB1_INFO + 20, 2);
	put32(MB1_INFO + 24, (u32)MB1_MODS);
	put32(MB1_MODS + 0, 0x400000);
	put32(MB1_MODS + 4, 0x401234);
	put32(MB1_MODS + 16, 0x500000);
	put32(MB1_MODS + 20, 0x500000); /* an empty module is fine */
	end = mb1_entry(MB1_MMAP, 20, 0, 0x9fc00, BOOT_MEM_USABLE);
	/* A larger size field: the parser must step by it, not by 20. */
	end = mb1_entry(end, 28, 0x100000, 0x7ee0000, BOOT_MEM_USABLE);
	end = mb1_entry(end, 20, 0x100000000, 0x40000000, BOOT_MEM_RESERVED);
	put32(MB1_INFO + 44, (u32)(end - MB1_MMAP));
	put32(MB1_INFO + 48, (u32)MB1_MMAP);

	ASSERT_EQ(parse(MULTIBOOT1_BOOTLOADER_MAGIC, MB1_INFO), 0);
	EXPECT_STREQ(bi.protocol, "multiboot1");
	EXPECT_STREQ(bi.cmdline, "console=ttyS0 loglevel=7");
	EXPECT_STREQ(bi.loader_name, "GRUB 2.06");
	ASSERT_EQ(bi.nr_modules, 2);
	EXPECT_EQ(bi.modules[0].start, 0x400000);
	EXPECT_EQ(bi.modules[0].end, 0x401234);
	EXPECT_EQ(bi.modules[1].start, 0x500000);
	ASSERT_EQ(bi.nr_mmap, 3);
	EXPECT_EQ(bi.mmap[1].addr, 0x100000);
	EXPECT_EQ(bi.mmap[1].len, 0x7ee0000);
	EXPECT_EQ(bi.mmap[2].addr, 0x100000000);
	EXPECT_EQ(bi.mmap[2].type, BOOT_MEM_RESERVED);
	EXPECT_FALSE(bi.mmap_truncated);
	EXPECT_EQ(bi.info.start, MB1_INFO);
	EXPECT_EQ(bi.info.end, end);
}

static void mb1_meminfo_fallback(void)
{
	phys_clear();
	put32(MB1_INFO + 0, 1 << 0);
	put32(MB1_INFO + 4, 639);
	put32(MB1_INFO + 8, 130048);
	ASSERT_EQ(parse(MULTIBOOT1_BOOTLOADER_MAGIC, MB1_INFO), 0);
	EXPECT_STREQ(bi.cmdline, "");
	EXPECT_STREQ(bi.loader_name, "");
	ASSERT_EQ(bi.nr_mmap, 2);
	EXPECT_EQ(bi.mmap[0].addr, 0);
	EXPECT_EQ(bi.mmap[0].len, 639 * KiB);
	EXPECT_EQ(bi.mmap[1].addr, 1 * MiB);
	EXPECT_EQ(bi.mmap[1].len, 130048 * KiB);
	EXPECT_EQ(bi.mmap[1].type, BOOT_MEM_USABLE);
	EXPECT_EQ(bi.info.end, MB1_INFO + 88);
}

static void mb1_long_strings_truncated(void)
{
	char s[BOOTINFO_CMDLINE_MAX + 100];

	phys_clear();
	memset(s, 'a', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	s[1] = ' '; /* "a aaa...": not a file name (no '/', loader not QEMU) */
	put32(MB1_INFO + 0, (1 << 2) | (1 << 9));
	put32(MB1_INFO + 16, (u32)(PHYS_BASE + 0x1000));
	putstr(PHYS_BASE + 0x1000, s);
	put32(MB1_INFO + 64, (u32)(PHYS_BASE + 0x2000));
	putstr(PHYS_BASE + 0x2000, s);
	ASSERT_EQ(parse(MULTIBOOT1_BOOTLOADER_MAGIC, MB1_INFO), 0);
	/* Truncated to fit; cmdline_len says how long it was. */
	EXPECT_EQ(strlen(bi.cmdline), BOOTINFO_CMDLINE_MAX - 1);
	EXPECT_EQ(bi.cmdline_len, sizeof(s) - 1);
	EXPECT_EQ(strlen(bi.loader_name), BOOTINFO_NAME_MAX - 1);
	/* The hull still covers the whole strings, NUL included. */
	EXPECT_EQ(bi.info.end, PHYS_BASE + 0x2000 + sizeof(s));
}

/* Put "loader" as the loader name and "name args" as the command line; parse. */
static int mb1_cmdline(const char *loader, const char *name, const char *args)
{
	static char line[8 * KiB];

	phys_clear();
	snprintf(line, sizeof(line), "%s%s%s", name, name[0] ? " " : "", args);
	put32(MB1_INFO + 0, (1 << 2) | (1 << 9));
	put32(MB1_INFO + 16, (u32)(PHYS_BASE + 0x4000));
	putstr(PHYS_BASE + 0x4000, line);
	put32(MB1_INFO + 64, (u32)MB1_NAME);
	putstr(MB1_NAME, loader);
	return parse(MULTIBOOT1_BOOTLOADER_MAGIC, MB1_INFO);
}

/*
 * QEMU's -kernel puts the kernel's path first: a long path must not push
 * the arguments out (the 255-byte copy used to keep only the path), and a
 * line of COMMAND_LINE_SIZE - 1 bytes after it is kept whole.
 */
static void mb1_qemu_image_name_dropped(void)
{
	static char path[4000], args[BOOTINFO_CMDLINE_MAX];

	memset(path, 'd', sizeof(path) - 1);
	for (size_t i = 0; i < sizeof(path) - 1; i += 16)
		path[i] = '/';
	ASSERT_EQ(mb1_cmdline("qemu", path, "ktest.run=1 loglevel=8"), 0);
	EXPECT_STREQ(bi.cmdline, "ktest.run=1 loglevel=8");
	EXPECT_EQ(bi.cmdline_len, 22);
	/* A relative path (make run's build/strata.elf) and no '/' at all. */
	ASSERT_EQ(mb1_cmdline("qemu", "strata.elf", "shell=0"), 0);
	EXPECT_STREQ(bi.cmdline, "shell=0");
	/* QEMU without -append: the name and nothing after it. */
	ASSERT_EQ(mb1_cmdline("qemu", "build/strata.elf", ""), 0);
	EXPECT_STREQ(bi.cmdline, "");
	EXPECT_EQ(bi.cmdline_len, 0);
	/* 2047 bytes of arguments after a 4 KiB path: all kept, nothing cut. */
	memset(args, 'x', sizeof(args) - 1);
	memcpy(args, "ktest.run=1 pad=", 16);
	ASSERT_EQ(mb1_cmdline("qemu", path, args), 0);
	EXPECT_EQ(strlen(bi.cmdline), BOOTINFO_CMDLINE_MAX - 1);
	EXPECT_EQ(bi.cmdline_len, BOOTINFO_CMDLINE_MAX - 1);
	EXPECT_TRUE(!strncmp(bi.cmdline, "ktest.run=1 pad=", 16));
}

/* GRUB 2 passes only the arguments (also for multiboot 1): all are kept. */
static void mb1_grub_arguments_kept(void)
{
	ASSERT_EQ(mb1_cmdline("GRUB 2.06-13+deb12u2", "", "ktest.run=1 loglevel=8"), 0);
	EXPECT_STREQ(bi.cmdline, "ktest.run=1 loglevel=8");
	/* An absolute path first is a file name, whichever the loader. */
	ASSERT_EQ(mb1_cmdline("GRUB 2.06", "/boot/strata.elf", "quiet"), 0);
	EXPECT_STREQ(bi.cmdline, "quiet");
}

static void mb1_malformed_rejected(void)
{
	u64 end;

	phys_clear();
	put32(MB1_INFO + 0, 1 << 6);
	put32(MB1_INFO + 48, (u32)MB1_MMAP);
	/* Entry size field too small. */
	end = mb1_entry(MB1_MMAP, 16, 0, 0x1000, 1);
	put32(MB1_INFO + 44, (u32)(end - MB1_MMAP));
	EXPECT_EQ(parse(MULTIBOOT1_BOOTLOADER_MAGIC, MB1_INFO), -EINVAL);
	/* Entry running past mmap_length. */
	end = mb1_entry(MB1_MMAP, 20, 0, 0x1000, 1);
	put32(MB1_INFO + 44, 20);
	EXPECT_EQ(parse(MULTIBOOT1_BOOTLOADER_MAGIC, MB1_INFO), -EINVAL);
	/* Trailing bytes too short for a size field. */
	put32(MB1_INFO + 44, (u32)(end - MB1_MMAP) + 2);
	EXPECT_EQ(parse(MULTIBOOT1_BOOTLOADER_MAGIC, MB1_INFO), -EINVAL);
	/* mmap_length beyond the sanity bound. */
	put32(MB1_INFO + 44, 0x10000000);
	EXPECT_EQ(parse(MULTIBOOT1_BOOTLOADER_MAGIC, MB1_INFO), -EINVAL);
	/* mmap outside reachable memory. */
	put32(MB1_INFO + 44, 24);
	put32(MB1_INFO + 48, 0x1000);
	EXPECT_EQ(parse(MULTIBOOT1_BOOTLOADER_MAGIC, MB1_INFO), -EFAULT);
	/* A module that ends before it starts. */
	phys_clear();
	put32(MB1_INFO + 0, 1 << 3);
	put32(MB1_INFO + 20, 1);
	put32(MB1_INFO + 24, (u32)MB1_MODS);
	put32(MB1_MODS + 0, 0x5000);
	put32(MB1_MODS + 4, 0x4000);
	EXPECT_EQ(parse(MULTIBOOT1_BOOTLOADER_MAGIC, MB1_INFO), -EINVAL);
	/* A module count whose list would run off memory. */
	put32(MB1_INFO + 20, 1000);
	put32(MB1_INFO + 24, (u32)(PHYS_BASE + sizeof(phys) - 32));
	EXPECT_EQ(parse(MULTIBOOT1_BOOTLOADER_MAGIC, MB1_INFO), -EFAULT);
	/* A cmdline with no NUL before the end of memory. */
	phys_clear();
	memset(phys + sizeof(phys) - 64, 'x', 64);
	put32(MB1_INFO + 0, 1 << 2);
	put32(MB1_INFO + 16, (u32)(PHYS_BASE + sizeof(phys) - 64));
	EXPECT_EQ(parse(MULTIBOOT1_BOOTLOADER_MAGIC, MB1_INFO), -EFAULT);
	/* The info structure itself not reachable. */
	EXPECT_EQ(parse(MULTIBOOT1_BOOTLOADER_MAGIC, PHYS_BASE + sizeof(phys) - 64), -EFAULT);
}

static void mb1_many_entries_and_modules(void)
{
	u64 pa = MB1_MMAP;

	phys_clear();
	for (u32 i = 0; i < BOOTINFO_MAX_MMAP + 5; i++)
		pa = mb1_entry(pa, 20, (u64)i * 0x10000, 0x10000, 1);
	put32(MB1_INFO + 0, (1 << 3) | (1 << 6));
	put32(MB1_INFO + 44, (u32)(pa - MB1_MMAP));
	put32(MB1_INFO + 48, (u32)MB1_MMAP);
	put32(MB1_INFO + 20, BOOTINFO_MAX_MODULES + 2);
	put32(MB1_INFO + 24, (u32)MB1_MODS);
	for (u32 i = 0; i < BOOTINFO_MAX_MODULES + 2; i++) {
		put32(MB1_MODS + 16 * i, 0x1000000 + i * 0x1000);
		put32(MB1_MODS + 16 * i + 4, 0x1000000 + i * 0x1000 + 0x800);
	}
	ASSERT_EQ(parse(MULTIBOOT1_BOOTLOADER_MAGIC, MB1_INFO), 0);
	EXPECT_EQ(bi.nr_mmap, BOOTINFO_MAX_MMAP);
	EXPECT_TRUE(bi.mmap_truncated);
	EXPECT_EQ(bi.mmap[BOOTINFO_MAX_MMAP - 1].addr, (u64)(BOOTINFO_MAX_MMAP - 1) * 0x10000);
	EXPECT_EQ(bi.nr_modules, BOOTINFO_MAX_MODULES);
	EXPECT_EQ(bi.nr_modules_ignored, 2);
}

static void bad_magic(void)
{
	phys_clear();
	EXPECT_EQ(parse(0x12345678, MB1_INFO), -EINVAL);
	EXPECT_EQ(parse(0, MB1_INFO), -EINVAL);
}

/*
 * Random byte corruption of valid mb1 and mb2 structures: the result may be
 * anything, but the parser must neither crash nor read outside its grants
 * (ASan watches), and on success the hull still covers every grant.
 */
static void random_corruption(void)
{
	unsigned seed = (unsigned)time(NULL);
	const char *env = getenv("HTEST_SEED");

	if (env)
		seed = (unsigned)strtoul(env, NULL, 0);
	htest_diag("random_corruption: seed %u (set HTEST_SEED to replay)", seed);
	srand(seed);
	for (int round = 0; round < 2000 && !htest_case_failed(); round++) {
		bool two = round & 1;
		u64 base = two ? MB2_INFO : MB1_INFO;
		u32 len;

		if (two) {
			mb2_begin();
			mb2_str(1, "console=ttyS0");
			mb2_u32s(3, 0x400000, 0x420000);
			mb2_mmap(24, ARRAY_SIZE(mb2_map), mb2_map);
			len = mb2_end();
		} else {
			u64 end;

			phys_clear();
			put32(MB1_INFO, (1 << 2) | (1 << 3) | (1 << 6) | (1 << 9));
			put32(MB1_INFO + 16, (u32)MB1_CMDLINE);
			putstr(MB1_CMDLINE, "quiet");
			put32(MB1_INFO + 64, (u32)MB1_NAME);
			putstr(MB1_NAME, "GRUB");
			put32(MB1_INFO + 20, 1);
			put32(MB1_INFO + 24, (u32)MB1_MODS);
			put32(MB1_MODS + 4, 0x1000);
			end = mb1_entry(MB1_MMAP, 20, 0, 0x9fc00, 1);
			end = mb1_entry(end, 20, 0x100000, 0x1000000, 1);
			put32(MB1_INFO + 44, (u32)(end - MB1_MMAP));
			put32(MB1_INFO + 48, (u32)MB1_MMAP);
			len = (u32)(end - MB1_INFO);
		}
		for (int k = 1 + rand() % 4; k > 0; k--)
			phys[base - PHYS_BASE + (u32)rand() % len] = (u8)rand();
		EXPECT_NE(parse(two ? MULTIBOOT2_BOOTLOADER_MAGIC : MULTIBOOT1_BOOTLOADER_MAGIC,
				base),
			  PARSE_READ_OUTSIDE_INFO);
	}
}

/* Each module keeps its string: GRUB's module2 words, QEMU's "path args". */
static void module_strings(void)
{
	u8 mod[16 + 2 * 8] = {0};
	static const char str[] = "modtest.ko count=5";

	mb2_begin();
	memcpy(mod, (u32[]){0x400000, 0x401000}, 8);
	memcpy(mod + 8, str, sizeof(str));
	mb2_tag(3, mod, 8 + sizeof(str));
	mb2_u32s(3, 0x500000, 0x500100); /* no string at all */
	mb2_end();
	ASSERT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), 0);
	ASSERT_EQ(bi.nr_modules, 2);
	EXPECT_STREQ(bi.module_string[0], "modtest.ko count=5");
	EXPECT_STREQ(bi.module_string[1], "");

	mb2_begin();
	memcpy(mod + 8, "no-nul-in-here!!", 16);
	mb2_tag(3, mod, 24);
	mb2_end();
	EXPECT_EQ(parse(MULTIBOOT2_BOOTLOADER_MAGIC, MB2_INFO), -EINVAL);

	phys_clear();
	put32(MB1_INFO + 0, 1 << 3);
	put32(MB1_INFO + 20, 2);
	put32(MB1_INFO + 24, (u32)MB1_MODS);
	put32(MB1_MODS + 0, 0x400000);
	put32(MB1_MODS + 4, 0x401234);
	put32(MB1_MODS + 8, (u32)MB1_NAME);
	putstr(MB1_NAME, "tests/modules/modtest/modtest.ko who=you");
	put32(MB1_MODS + 16, 0x500000);
	put32(MB1_MODS + 20, 0x500000);
	ASSERT_EQ(parse(MULTIBOOT1_BOOTLOADER_MAGIC, MB1_INFO), 0);
	ASSERT_EQ(bi.nr_modules, 2);
	EXPECT_STREQ(bi.module_string[0], "tests/modules/modtest/modtest.ko who=you");
	EXPECT_STREQ(bi.module_string[1], "");
}

static const struct htest_case cases[] = {
	HTEST_CASE(mb1_full),
	HTEST_CASE(mb1_meminfo_fallback),
	HTEST_CASE(mb1_long_strings_truncated),
	HTEST_CASE(mb1_qemu_image_name_dropped),
	HTEST_CASE(mb1_grub_arguments_kept),
	HTEST_CASE(mb1_malformed_rejected),
	HTEST_CASE(mb1_many_entries_and_modules),
	HTEST_CASE(bad_magic),
	HTEST_CASE(module_strings),
	HTEST_CASE(random_corruption),
};

HTEST_MAIN("multiboot", cases)
