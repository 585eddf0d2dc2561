// SPDX-License-Identifier: MIT
/*
 * The fake physical memory of the boot-information tests: see
 * tests/host/phys_grant.h for the contract. A copy the host cannot allocate
 * ends the program (host memory is not what these tests are about).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/host/phys_grant.h"

struct boot_range grant_range[PHYS_GRANTS_MAX];
u32 nr_grants;

static void *grant_ptr[PHYS_GRANTS_MAX]; /* the copy of each logged grant */
static const u8 *phys_image;		 /* the bytes of [phys_base, phys_base + phys_len) */
static u64 phys_base;
static u64 phys_len;
static u32 phys_max_grants;

void phys_grants_reset(const u8 *image, u64 base, u64 len, u32 max_grants)
{
	phys_image = image;
	phys_base = base;
	phys_len = len;
	phys_max_grants = max_grants < PHYS_GRANTS_MAX ? max_grants : PHYS_GRANTS_MAX;
	nr_grants = 0;
}

const void *phys_grant(u64 pa, u64 len)
{
	void *copy;

	if (pa < phys_base || len > phys_len || pa - phys_base > phys_len - len ||
	    nr_grants == phys_max_grants)
		return NULL;
	copy = malloc(len ? len : 1);
	if (!copy) {
		fprintf(stderr, "phys_grant: out of host memory\n");
		abort();
	}
	memcpy(copy, phys_image + (pa - phys_base), len);
	grant_ptr[nr_grants] = copy;
	grant_range[nr_grants].start = pa;
	grant_range[nr_grants].end = pa + len;
	nr_grants++;
	return copy;
}

void phys_grants_free(void)
{
	for (u32 i = 0; i < nr_grants; i++)
		free(grant_ptr[i]);
	nr_grants = 0;
}
