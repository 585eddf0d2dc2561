// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the ACPI table parser (arch/x86_64/acpi_tables.c).
 *
 * Input: one byte choosing the mode, then
 *   even: parse. 36 bytes of RSDP image, then the bytes of "physical
 *         memory" from address 0, where the tables the RSDP points to are;
 *   odd:  search. The bytes of the BIOS area from 0xe0000, with the EBDA
 *         pointer at 0x40e taken from the first two of them.
 * The accessor hands out a fresh malloc'd copy of exactly the range asked
 * for, so a read outside a granted range is a heap overflow that
 * AddressSanitizer reports.
 *
 * Checked: the result is 0, -EINVAL, -ENOENT or -EFAULT; after an error the
 * reason is set and the lists are empty; after success the MADT was found,
 * the counts fit their arrays, no APIC ID is listed twice, and the RSDP's
 * checksum holds. The search returns 0 or a 16-byte aligned address inside
 * the areas searched.
 */
#include "arch/x86_64/acpi.h"
#include "lib/errno.h"
#include "tests/fuzz/fuzz.h"

#define MAX_GRANTS 1024
#define BIOS_AREA 0xe0000ULL
#define MEM_SIZE 0x100000ULL /* the first MiB: all the search can reach */

static const u8 *mem; /* the input's memory image */
static u64 mem_base;  /* its physical address */
static u64 mem_len;
static u8 low[0x500]; /* search mode: the BIOS data area, EBDA pointer in it */
static void *grant_ptr[MAX_GRANTS];
static u32 nr_grants;

/* Physical memory: low[] at 0, the input at mem_base, zeros elsewhere below 1 MiB. */
static const void *phys_grant(u64 pa, u64 len)
{
	u8 *copy;

	if (len > MEM_SIZE || pa > MEM_SIZE - len || nr_grants == MAX_GRANTS)
		return NULL;
	copy = calloc(1, len ? len : 1);
	FUZZ_CHECK(copy != NULL, "out of host memory");
	for (u64 i = 0; i < len; i++) {
		u64 a = pa + i;

		if (a >= mem_base && a - mem_base < mem_len)
			copy[i] = mem[a - mem_base];
		else if (a < sizeof(low))
			copy[i] = low[a];
	}
	grant_ptr[nr_grants++] = copy;
	return copy;
}

static void check_parse(int ret, const struct acpi_info *ai, const u8 *rsdp)
{
	u8 sum = 0;

	FUZZ_CHECK(ret == 0 || ret == -EINVAL || ret == -ENOENT || ret == -EFAULT, "returned %d",
		   ret);
	if (ret) {
		FUZZ_CHECK(ai->error != NULL, "error %d without a reason", ret);
		FUZZ_CHECK(!ai->nr_cpus && !ai->nr_ioapics && !ai->nr_overrides,
			   "lists left after error %d", ret);
		return;
	}
	FUZZ_CHECK(ai->error == NULL && ai->madt_pa, "success without a MADT");
	FUZZ_CHECK(ai->nr_cpus <= ACPI_MAX_CPUS && ai->nr_ioapics <= ACPI_MAX_IOAPICS &&
			   ai->nr_overrides <= ACPI_MAX_OVERRIDES,
		   "counts %u %u %u", ai->nr_cpus, ai->nr_ioapics, ai->nr_overrides);
	for (u32 i = 0; i < ai->nr_cpus; i++)
		for (u32 j = i + 1; j < ai->nr_cpus; j++)
			FUZZ_CHECK(ai->cpus[i].apic_id != ai->cpus[j].apic_id, "APIC ID %u twice",
				   ai->cpus[i].apic_id);
	for (int i = 0; i < 20; i++)
		sum = (u8)(sum + rsdp[i]);
	FUZZ_CHECK(sum == 0 && !memcmp(rsdp, "RSD PTR ", 8), "accepted a bad RSDP");
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct acpi_info ai;
	struct fuzz_input in = {data, size};
	u8 mode = fuzz_u8(&in);

	nr_grants = 0;
	memset(low, 0, sizeof(low));
	if (mode % 2 == 0) {
		u8 rsdp[ACPI_RSDP_V2_SIZE] = {0};

		for (size_t i = 0; i < sizeof(rsdp); i++)
			rsdp[i] = fuzz_u8(&in);
		mem = in.p;
		mem_base = 0;
		mem_len = MIN(in.left, MEM_SIZE);
		check_parse(acpi_parse(rsdp, sizeof(rsdp), phys_grant, &ai), &ai, rsdp);
	} else {
		u64 pa;

		low[0x40e] = fuzz_u8(&in);
		low[0x40f] = fuzz_u8(&in);
		mem = in.p;
		mem_base = BIOS_AREA;
		mem_len = MIN(in.left, MEM_SIZE - BIOS_AREA);
		pa = acpi_find_rsdp(phys_grant);
		FUZZ_CHECK(pa == 0 || (IS_ALIGNED(pa, 16) && pa >= BIOS_AREA && pa < MEM_SIZE),
			   "found %#llx", (unsigned long long)pa);
	}
	for (u32 i = 0; i < nr_grants; i++)
		free(grant_ptr[i]);
	return 0;
}
