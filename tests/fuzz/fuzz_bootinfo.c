// SPDX-License-Identifier: MIT
/*
 * Fuzz target: bootinfo_parse() (boot/multiboot.c), multiboot 1 and 2, then
 * memmap_usable() (mm/memmap.c) over the memory map it copied.
 *
 * Input: one byte choosing the magic (multiboot1, multiboot2, or the next
 * four bytes as a raw magic), then the bytes of "physical memory" starting
 * at PHYS_BASE, where the information structure also starts. The accessor
 * (tests/host/phys_grant.c) hands out a fresh malloc'd copy of exactly the
 * range asked for, so a read outside a granted range is a heap overflow that
 * AddressSanitizer reports.
 *
 * Checked: the result is 0, -EINVAL or -EFAULT; on success every granted
 * range lies inside bi.info (the parser's own account of what it read),
 * the strings are NUL-terminated inside their arrays, the counts are within
 * their arrays, and the usable RAM computed from the map is a page-aligned
 * range list. (tests/fuzz/fuzz_memmap.c checks memmap_usable in depth.)
 */
#include "boot/multiboot.h"
#include "lib/errno.h"
#include "mm/memmap.h"
#include "tests/fuzz/fuzz.h"
#include "tests/host/phys_grant.h"

#define PHYS_BASE 0x1000ULL
#define MAX_GRANTS 4096

static void check_bootinfo(const struct bootinfo *bi)
{
	static struct boot_range usable[BOOTINFO_MAX_MMAP * 2];
	int nr;

	FUZZ_CHECK(bi->info.start == PHYS_BASE && bi->info.start < bi->info.end,
		   "info [%#llx, %#llx)", (unsigned long long)bi->info.start,
		   (unsigned long long)bi->info.end);
	for (u32 i = 0; i < nr_grants; i++)
		FUZZ_CHECK(grant_range[i].start >= bi->info.start &&
				   grant_range[i].end <= bi->info.end,
			   "read [%#llx, %#llx) outside info [%#llx, %#llx)",
			   (unsigned long long)grant_range[i].start,
			   (unsigned long long)grant_range[i].end,
			   (unsigned long long)bi->info.start, (unsigned long long)bi->info.end);
	FUZZ_CHECK(memchr(bi->loader_name, 0, sizeof(bi->loader_name)), "loader name");
	FUZZ_CHECK(memchr(bi->cmdline, 0, sizeof(bi->cmdline)), "cmdline");
	FUZZ_CHECK(bi->nr_mmap <= BOOTINFO_MAX_MMAP, "nr_mmap %u", bi->nr_mmap);
	FUZZ_CHECK(bi->nr_modules <= BOOTINFO_MAX_MODULES, "nr_modules %u", bi->nr_modules);
	FUZZ_CHECK(bi->protocol && (!strcmp(bi->protocol, "multiboot1") ||
				    !strcmp(bi->protocol, "multiboot2")),
		   "protocol");

	nr = memmap_usable(bi->mmap, bi->nr_mmap, usable, ARRAY_SIZE(usable));
	FUZZ_CHECK(nr >= 0, "memmap_usable: %d with room for twice the entries", nr);
	for (int i = 0; i < nr; i++)
		FUZZ_CHECK(usable[i].start < usable[i].end &&
				   IS_ALIGNED(usable[i].start | usable[i].end, PAGE_SIZE) &&
				   (i == 0 || usable[i - 1].end < usable[i].start),
			   "usable range %d", i);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct bootinfo bi;
	struct fuzz_input in = {data, size};
	u8 which = fuzz_u8(&in);
	u32 magic;
	int ret;

	if (which % 4 == 3)
		magic = fuzz_u32(&in);
	else if (which % 2)
		magic = MULTIBOOT2_BOOTLOADER_MAGIC;
	else
		magic = MULTIBOOT1_BOOTLOADER_MAGIC;
	phys_grants_reset(in.p, PHYS_BASE, in.left, MAX_GRANTS);
	ret = bootinfo_parse(magic, PHYS_BASE, phys_grant, &bi);
	FUZZ_CHECK(ret == 0 || ret == -EINVAL || ret == -EFAULT, "returned %d", ret);
	if (ret == 0)
		check_bootinfo(&bi);
	phys_grants_free();
	return 0;
}
