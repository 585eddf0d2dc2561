// SPDX-License-Identifier: MIT
/*
 * The fake physical memory the multiboot host tests build their loader
 * structures in, and the builders they share (tests/host/multiboot_image.h).
 */
#include "tests/host/multiboot_image.h"
#include "lib/string.h"
#include "tests/host/phys_grant.h"

/* Fake physical memory: [PHYS_BASE, PHYS_BASE + sizeof(phys)). */
u8 phys[64 * KiB] __attribute__((aligned(8)));

struct bootinfo bi;

int parse(u32 magic, u64 pa)
{
	int ret;

	phys_grants_reset(phys, PHYS_BASE, sizeof(phys), PHYS_GRANTS_MAX);
	ret = bootinfo_parse(magic, pa, phys_grant, &bi);
	for (u32 i = 0; ret == 0 && i < nr_grants; i++)
		if (grant_range[i].start < bi.info.start || grant_range[i].end > bi.info.end)
			ret = PARSE_READ_OUTSIDE_INFO;
	phys_grants_free();
	return ret;
}

void put32(u64 pa, u32 v)
{
	memcpy(phys + (pa - PHYS_BASE), &v, 4);
}

void put64(u64 pa, u64 v)
{
	memcpy(phys + (pa - PHYS_BASE), &v, 8);
}

void putstr(u64 pa, const char *s)
{
	memcpy(phys + (pa - PHYS_BASE), s, strlen(s) + 1);
}

void phys_clear(void)
{
	memset(phys, 0, sizeof(phys));
}

/* Write one mmap entry with the given size field at pa; return next pa. */
u64 mb1_entry(u64 pa, u32 size, u64 addr, u64 len, u32 type)
{
	put32(pa, size);
	put64(pa + 4, addr);
	put64(pa + 12, len);
	put32(pa + 20, type);
	return pa + 4 + size;
}

u64 mb2_cur; /* where the next tag goes */

void mb2_begin(void)
{
	phys_clear();
	mb2_cur = MB2_INFO + 8;
}

/* Append a tag with a payload of len bytes; returns the payload's pa. */
u64 mb2_tag(u32 type, const void *payload, u32 len)
{
	u64 pa = mb2_cur;

	put32(pa, type);
	put32(pa + 4, 8 + len);
	if (len)
		memcpy(phys + (pa + 8 - PHYS_BASE), payload, len);
	mb2_cur = ALIGN_UP(pa + 8 + len, 8);
	return pa + 8;
}

void mb2_str(u32 type, const char *s)
{
	mb2_tag(type, s, (u32)strlen(s) + 1);
}

void mb2_u32s(u32 type, u32 a, u32 b)
{
	u32 v[2] = {a, b};

	mb2_tag(type, v, sizeof(v));
}

/* Close with an end tag and write total_size; returns it. */
u32 mb2_end(void)
{
	u32 total;

	mb2_tag(0, NULL, 0);
	total = (u32)(mb2_cur - MB2_INFO);
	put32(MB2_INFO, total);
	return total;
}

/* A memory map tag with n entries of entry_size bytes. */
void mb2_mmap(u32 entry_size, u32 n, const struct boot_mem_entry *e)
{
	u8 buf[8 + 8 * 64];

	memset(buf, 0, sizeof(buf));
	memcpy(buf, &entry_size, 4);
	for (u32 i = 0; i < n; i++) {
		memcpy(buf + 8 + i * entry_size, &e[i].addr, 8);
		memcpy(buf + 8 + i * entry_size + 8, &e[i].len, 8);
		memcpy(buf + 8 + i * entry_size + 16, &e[i].type, 4);
	}
	mb2_tag(6, buf, 8 + n * entry_size);
}

const struct boot_mem_entry mb2_map[] = {
	{0x0, 0x9fc00, BOOT_MEM_USABLE},
	{0xf0000, 0x10000, BOOT_MEM_RESERVED},
	{0x100000, 0x7ee0000, BOOT_MEM_USABLE},
};
