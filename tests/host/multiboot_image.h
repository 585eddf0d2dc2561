/* SPDX-License-Identifier: MIT */
/*
 * Synthetic multiboot1 and multiboot2 structures for the host tests of
 * boot/multiboot.c, built in a fake physical memory buffer.
 *
 * parse() hands the parser an accessor (tests/host/phys_grant.c) that gives
 * a fresh malloc'd copy of exactly the bytes asked for, so a read past a
 * granted range is a heap overflow that ASan reports; on success it checks
 * that bi.info covers every grant. (The checks themselves stay in the test
 * files: tests/host/htest.h keeps its state per file.)
 */
#ifndef STRATA_HOST_MULTIBOOT_IMAGE_H
#define STRATA_HOST_MULTIBOOT_IMAGE_H

#include "boot/multiboot.h"

/* Fake physical memory: [PHYS_BASE, PHYS_BASE + sizeof(phys)). */
#define PHYS_BASE 0x100000ULL
extern u8 phys[64 * KiB];
extern struct bootinfo bi; /* what the last parse() filled */

/*
 * Parse the structure at pa: bootinfo_parse()'s result, or, where it
 * succeeded but read loader memory that bi.info does not cover,
 * PARSE_READ_OUTSIDE_INFO (a value the parser never returns).
 */
#define PARSE_READ_OUTSIDE_INFO (-1000)
int parse(u32 magic, u64 pa);
void put32(u64 pa, u32 v);
void put64(u64 pa, u64 v);
void putstr(u64 pa, const char *s);
void phys_clear(void);

/* Multiboot 1: where the info structure and what it points to go. */
#define MB1_INFO (PHYS_BASE + 0x0)
#define MB1_CMDLINE (PHYS_BASE + 0x100)
#define MB1_NAME (PHYS_BASE + 0x200)
#define MB1_MODS (PHYS_BASE + 0x300)
#define MB1_MMAP (PHYS_BASE + 0x400)

/* Write one mmap entry with the given size field at pa; return next pa. */
u64 mb1_entry(u64 pa, u32 size, u64 addr, u64 len, u32 type);

/* Multiboot 2: tags appended one by one after mb2_begin(), closed by mb2_end(). */
#define MB2_INFO (PHYS_BASE + 0x1000)
extern u64 mb2_cur; /* where the next tag goes */
void mb2_begin(void);
/* Append a tag with a payload of len bytes; returns the payload's pa. */
u64 mb2_tag(u32 type, const void *payload, u32 len);
void mb2_str(u32 type, const char *s);
void mb2_u32s(u32 type, u32 a, u32 b);
/* Close with an end tag and write total_size; returns it. */
u32 mb2_end(void);
/* A memory map tag with n entries of entry_size bytes. */
void mb2_mmap(u32 entry_size, u32 n, const struct boot_mem_entry *e);
/* A small valid memory map: low RAM, the BIOS hole, RAM above 1 MiB. */
extern const struct boot_mem_entry mb2_map[3];

#endif /* STRATA_HOST_MULTIBOOT_IMAGE_H */
