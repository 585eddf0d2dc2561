/* SPDX-License-Identifier: MIT */
/*
 * A fake physical memory for the boot-information parser (boot/multiboot.c)
 * on the host, shared by tests/host/multiboot_image.c (the multiboot host tests) and
 * tests/fuzz/fuzz_bootinfo.c.
 *
 * phys_grant() is the parser's accessor: it hands out a fresh malloc'd copy
 * of exactly the bytes asked for, so a read past a granted range is a heap
 * overflow that AddressSanitizer reports. Every grant is logged in
 * grant_range[0 .. nr_grants) so a test can check that bootinfo.info covers
 * all the loader memory the parser touched. Invariant: between
 * phys_grants_reset() and phys_grants_free(), each logged grant owns one
 * heap copy.
 */
#ifndef STRATA_TESTS_HOST_PHYS_GRANT_H
#define STRATA_TESTS_HOST_PHYS_GRANT_H

#include "boot/multiboot.h"

/* The largest number of grants a table can log. */
#define PHYS_GRANTS_MAX 20000

extern struct boot_range grant_range[PHYS_GRANTS_MAX];
extern u32 nr_grants;

/*
 * Back physical [base, base + len) by image, with an empty log; a grant
 * beyond max_grants (<= PHYS_GRANTS_MAX) is refused like one outside memory.
 */
void phys_grants_reset(const u8 *image, u64 base, u64 len, u32 max_grants);

/* The accessor: a copy of [pa, pa + len), or NULL outside memory or past the limit. */
const void *phys_grant(u64 pa, u64 len);

/* Free every copy handed out and empty the log. */
void phys_grants_free(void);

#endif
