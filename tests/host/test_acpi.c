// SPDX-License-Identifier: MIT
/*
 * Host tests for arch/x86_64/acpi_tables.c: RSDPs, RSDTs, XSDTs and MADTs
 * built in a fake physical memory, valid and broken one way at a time.
 *
 * As in test_multiboot.c, the accessor hands the parser a malloc'd copy of
 * exactly the range it asked for, so a read past a granted range is a heap
 * overflow that ASan reports.
 */
#include <stdlib.h>

#include "arch/x86_64/acpi.h"
#include "lib/errno.h"
#include "tests/host/htest.h"

/* Fake physical memory: [0, sizeof(phys)), so the BIOS areas are in it. */
static u8 phys[1 * MiB + 64 * KiB];
#define MAX_GRANTS 64
static void *grants[MAX_GRANTS];
static u32 nr_grants;

static const void *phys_grant(u64 pa, u64 len)
{
	void *copy;

	if (len > sizeof(phys) || pa > sizeof(phys) - len || nr_grants == MAX_GRANTS)
		return NULL;
	copy = malloc(len ? len : 1);
	if (!copy)
		return NULL;
	memcpy(copy, phys + pa, len);
	grants[nr_grants++] = copy;
	return copy;
}

static void grants_free(void)
{
	while (nr_grants)
		free(grants[--nr_grants]);
}

/* Where the builders put things. */
#define RSDP_PA 0xe0100
#define RSDT_PA 0x100000
#define XSDT_PA 0x101000
#define MADT_PA 0x102000
#define FACP_PA 0x103000

static struct acpi_info ai;
static u8 rsdp[36];
static u32 madt_len; /* bytes of the MADT built so far */

static void put16(u64 pa, u16 v)
{
	memcpy(phys + pa, &v, 2);
}

static void put32(u64 pa, u32 v)
{
	memcpy(phys + pa, &v, 4);
}

static void put64(u64 pa, u64 v)
{
	memcpy(phys + pa, &v, 8);
}

static u8 sum(const u8 *p, u32 len)
{
	u8 s = 0;

	while (len--)
		s = (u8)(s + *p++);
	return s;
}

/* A table header at pa: signature and length; the checksum via table_seal(). */
static void table_begin(u64 pa, const char *sig, u32 len)
{
	memset(phys + pa, 0, len);
	memcpy(phys + pa, sig, 4);
	put32(pa + 4, len);
	memcpy(phys + pa + 10, "STRATA", 6);
}

static void table_seal(u64 pa)
{
	u32 len;

	memcpy(&len, phys + pa + 4, 4);
	phys[pa + 9] = 0;
	phys[pa + 9] = (u8)-sum(phys + pa, len);
}

/* A v1 (revision 0) or v2 (revision 2) RSDP image in rsdp[]. */
static void rsdp_build(u8 revision, u32 rsdt, u64 xsdt)
{
	memset(rsdp, 0, sizeof(rsdp));
	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 9, "BOCHS ", 6);
	rsdp[15] = revision;
	memcpy(rsdp + 16, &rsdt, 4);
	rsdp[8] = (u8)-sum(rsdp, 20);
	if (revision >= 2) {
		u32 len = 36;

		memcpy(rsdp + 20, &len, 4);
		memcpy(rsdp + 24, &xsdt, 8);
		rsdp[32] = (u8)-sum(rsdp, 36);
	}
}

static void madt_begin(void)
{
	madt_len = 44;
	memset(phys + MADT_PA, 0, 4096);
	put32(MADT_PA + 36, 0xfee00000);
	put32(MADT_PA + 40, 1);
}

static void madt_entry(u8 type, u8 len, const u8 *body)
{
	phys[MADT_PA + madt_len] = type;
	phys[MADT_PA + madt_len + 1] = len;
	memcpy(phys + MADT_PA + madt_len + 2, body, len - 2u);
	madt_len += len;
}

static void madt_lapic(u8 uid, u8 apic_id, u32 flags)
{
	u8 b[6] = {uid, apic_id};

	memcpy(b + 2, &flags, 4);
	madt_entry(0, 8, b);
}

static void madt_ioapic(u8 id, u32 addr, u32 gsi_base)
{
	u8 b[10] = {id, 0};

	memcpy(b + 2, &addr, 4);
	memcpy(b + 6, &gsi_base, 4);
	madt_entry(1, 12, b);
}

static void madt_override(u8 bus, u8 irq, u32 gsi, u16 flags)
{
	u8 b[8] = {bus, irq};

	memcpy(b + 2, &gsi, 4);
	memcpy(b + 6, &flags, 2);
	madt_entry(2, 10, b);
}

static void madt_x2apic(u32 apic_id, u32 flags, u32 uid)
{
	u8 b[14] = {0};

	memcpy(b + 2, &apic_id, 4);
	memcpy(b + 6, &flags, 4);
	memcpy(b + 10, &uid, 4);
	madt_entry(9, 16, b);
}

static void madt_seal(void)
{
	memcpy(phys + MADT_PA, "APIC", 4);
	put32(MADT_PA + 4, madt_len);
	table_seal(MADT_PA);
}

/* An RSDT listing a FACP and the MADT, and an XSDT listing the same. */
static void roots_build(void)
{
	table_begin(FACP_PA, "FACP", 36);
	table_seal(FACP_PA);
	table_begin(RSDT_PA, "RSDT", 36 + 8);
	put32(RSDT_PA + 36, FACP_PA);
	put32(RSDT_PA + 40, MADT_PA);
	table_seal(RSDT_PA);
	table_begin(XSDT_PA, "XSDT", 36 + 16);
	put64(XSDT_PA + 36, FACP_PA);
	put64(XSDT_PA + 44, MADT_PA);
	table_seal(XSDT_PA);
}

/* QEMU's shape: one CPU, one IOAPIC, the IRQ 0 -> GSI 2 override. */
static void machine_build(void)
{
	memset(phys, 0, sizeof(phys));
	roots_build();
	madt_begin();
	madt_lapic(0, 0, ACPI_MADT_ENABLED);
	madt_ioapic(0, 0xfec00000, 0);
	madt_override(0, 0, 2, 0);
	madt_override(0, 9, 9, 0xd); /* level, active high */
	madt_seal();
	rsdp_build(0, RSDT_PA, 0);
}

static int parse(void)
{
	int ret = acpi_parse(rsdp, sizeof(rsdp), phys_grant, &ai);

	grants_free();
	return ret;
}

static void rsdt_machine(void)
{
	machine_build();
	ASSERT_EQ(parse(), 0);
	EXPECT_FALSE(ai.xsdt);
	EXPECT_EQ(ai.root_pa, RSDT_PA);
	EXPECT_EQ(ai.nr_tables, 2);
	EXPECT_EQ(ai.madt_pa, MADT_PA);
	EXPECT_STREQ(ai.oem_id, "BOCHS ");
	EXPECT_EQ(ai.lapic_addr, 0xfee00000);
	EXPECT_EQ(ai.madt_flags, 1);
	ASSERT_EQ(ai.nr_cpus, 1);
	EXPECT_EQ(ai.cpus[0].apic_id, 0);
	EXPECT_TRUE(ai.cpus[0].enabled);
	ASSERT_EQ(ai.nr_ioapics, 1);
	EXPECT_EQ(ai.ioapics[0].addr, 0xfec00000);
	ASSERT_EQ(ai.nr_overrides, 2);
	EXPECT_EQ(ai.overrides[0].source_irq, 0);
	EXPECT_EQ(ai.overrides[0].gsi, 2);
	EXPECT_EQ(ai.overrides[1].flags & ACPI_MADT_TRIGGER_MASK, ACPI_MADT_TRIGGER_LEVEL);
	EXPECT_TRUE(ai.error == NULL);
}

/* Revision 2 with an XSDT: the XSDT is used; with XSDT 0, the RSDT. */
static void xsdt_preferred(void)
{
	machine_build();
	rsdp_build(2, RSDT_PA, XSDT_PA);
	ASSERT_EQ(parse(), 0);
	EXPECT_TRUE(ai.xsdt);
	EXPECT_EQ(ai.root_pa, XSDT_PA);
	EXPECT_EQ(ai.nr_tables, 2);
	EXPECT_EQ(ai.madt_pa, MADT_PA);
	rsdp_build(2, RSDT_PA, 0);
	ASSERT_EQ(parse(), 0);
	EXPECT_FALSE(ai.xsdt);
}

/* Enabled, online-capable, disabled; x2APIC entries; duplicates; overflow. */
static void cpu_entries(void)
{
	machine_build();
	madt_begin();
	madt_lapic(0, 0, ACPI_MADT_ENABLED);
	madt_lapic(1, 1, ACPI_MADT_ONLINE_CAPABLE);
	madt_lapic(2, 2, 0);
	madt_lapic(7, 0xff, ACPI_MADT_ENABLED); /* the broadcast ID: a placeholder, skipped */
	madt_x2apic(300, ACPI_MADT_ENABLED, 3);
	madt_x2apic(0, ACPI_MADT_ENABLED, 9);	       /* APIC ID 0 again: ignored */
	madt_entry(4, 6, (const u8[]){0xff, 0, 0, 1}); /* an NMI entry: skipped */
	madt_entry(5, 12, (const u8[]){0, 0, 0, 0, 0xe0, 0xfe, 0, 0, 0, 0}); /* 0xfee00000 */
	madt_seal();
	ASSERT_EQ(parse(), 0);
	ASSERT_EQ(ai.nr_cpus, 4);
	EXPECT_TRUE(ai.cpus[0].enabled);
	EXPECT_FALSE(ai.cpus[1].enabled);
	EXPECT_TRUE(ai.cpus[1].online_capable);
	EXPECT_FALSE(ai.cpus[2].enabled || ai.cpus[2].online_capable);
	EXPECT_EQ(ai.cpus[3].apic_id, 300);
	EXPECT_EQ(ai.cpus[3].uid, 3);
	EXPECT_EQ(ai.lapic_addr, 0xfee00000);
	EXPECT_EQ(ai.nr_ioapics, 0);

	madt_begin();
	for (u32 i = 0; i < ACPI_MAX_CPUS + 3; i++)
		madt_x2apic(i, ACPI_MADT_ENABLED, i);
	madt_override(1, 4, 4, 0); /* not ISA: ignored */
	madt_seal();
	ASSERT_EQ(parse(), 0);
	EXPECT_EQ(ai.nr_cpus, ACPI_MAX_CPUS);
	EXPECT_EQ(ai.cpus_dropped, 3);
	EXPECT_EQ(ai.nr_overrides, 0);
}

/* Each checksum, one at a time: the parse fails and says where. */
static void checksums_verified(void)
{
	machine_build();
	rsdp[8]++;
	EXPECT_EQ(parse(), -EINVAL);
	EXPECT_EQ(ai.error_pa, 0);

	machine_build();
	rsdp_build(2, RSDT_PA, XSDT_PA);
	rsdp[32]++; /* the v2 extended checksum */
	EXPECT_EQ(parse(), -EINVAL);

	machine_build();
	phys[RSDT_PA + 20]++;
	EXPECT_EQ(parse(), -EINVAL);
	EXPECT_EQ(ai.error_pa, RSDT_PA);

	machine_build();
	phys[MADT_PA + 44 + 3]++;
	EXPECT_EQ(parse(), -EINVAL);
	EXPECT_EQ(ai.error_pa, MADT_PA);
	EXPECT_EQ(ai.nr_cpus, 0);
	EXPECT_EQ(ai.nr_ioapics, 0);
	EXPECT_TRUE(ai.error != NULL);
}

static void bad_tables_rejected(void)
{
	/* Wrong signatures. */
	machine_build();
	memcpy(rsdp, "RSD PTX ", 8);
	EXPECT_EQ(parse(), -EINVAL);
	machine_build();
	memcpy(phys + RSDT_PA, "XSDT", 4);
	table_seal(RSDT_PA);
	EXPECT_EQ(parse(), -EINVAL);

	/* Lengths out of bounds: shorter than a header, longer than 1 MiB. */
	machine_build();
	put32(RSDT_PA + 4, 35);
	EXPECT_EQ(parse(), -EINVAL);
	machine_build();
	put32(MADT_PA + 4, 2 * MiB);
	EXPECT_EQ(parse(), -EINVAL);
	EXPECT_EQ(ai.error_pa, MADT_PA);

	/* Out of reach: the root table's address is past the memory. */
	machine_build();
	rsdp_build(0, sizeof(phys) + 4096, 0);
	EXPECT_EQ(parse(), -EFAULT);

	/* A root table that lists no MADT. */
	machine_build();
	put32(RSDT_PA + 40, FACP_PA);
	table_seal(RSDT_PA);
	EXPECT_EQ(parse(), -ENOENT);
	EXPECT_EQ(ai.madt_pa, 0);

	/* A v1 image too short, a v2 image shorter than its length. */
	machine_build();
	EXPECT_EQ(acpi_parse(rsdp, 19, phys_grant, &ai), -EINVAL);
	rsdp_build(2, RSDT_PA, XSDT_PA);
	EXPECT_EQ(acpi_parse(rsdp, 24, phys_grant, &ai), -EINVAL);
	grants_free();
}

/* MADT entries with lengths that do not fit. */
static void bad_madt_entries(void)
{
	static const u8 zero[16];
	static const u8 cases[][2] = {
		{0, 0},	 /* length 0 would loop forever */
		{0, 1},	 /* shorter than the entry header */
		{0, 6},	 /* a local APIC entry needs 8 */
		{1, 10}, /* an IOAPIC needs 12 */
		{2, 8},	 /* an override needs 10 */
		{5, 10}, /* an address override needs 12 */
		{9, 12}, /* an x2APIC needs 16 */
		{7, 40}, /* runs past the table */
	};

	for (u32 i = 0; i < ARRAY_SIZE(cases); i++) {
		machine_build();
		madt_begin();
		madt_lapic(0, 0, ACPI_MADT_ENABLED);
		phys[MADT_PA + madt_len] = cases[i][0];
		phys[MADT_PA + madt_len + 1] = cases[i][1];
		memcpy(phys + MADT_PA + madt_len + 2, zero, 14);
		madt_len += cases[i][1] > 16 ? 16 : (cases[i][1] < 2 ? 2 : cases[i][1]);
		madt_seal();
		EXPECT_EQ(parse(), -EINVAL);
		EXPECT_EQ(ai.nr_cpus, 0);
		EXPECT_EQ(ai.error_pa, MADT_PA + 44 + 8);
	}

	/* One byte left over after the last entry: cut off. */
	machine_build();
	madt_begin();
	madt_lapic(0, 0, ACPI_MADT_ENABLED);
	madt_len += 1;
	madt_seal();
	EXPECT_EQ(parse(), -EINVAL);
}

/* ISA irqs through the overrides: GSI, trigger and polarity, or the defaults. */
static void isa_irq_overrides(void)
{
	bool level, low;

	machine_build(); /* irq 0 -> GSI 2 (bus default), irq 9 level active high */
	madt_begin();
	madt_ioapic(0, 0xfec00000, 0);
	madt_override(0, 0, 2, 0);
	madt_override(0, 9, 9, 0xd);
	madt_override(0, 11, 20, 0xf); /* level, active low, elsewhere */
	madt_seal();
	ASSERT_EQ(parse(), 0);
	EXPECT_EQ(acpi_isa_irq_to_gsi(&ai, 0, &level, &low), 2);
	EXPECT_FALSE(level || low);
	EXPECT_EQ(acpi_isa_irq_to_gsi(&ai, 9, &level, &low), 9);
	EXPECT_TRUE(level);
	EXPECT_FALSE(low);
	EXPECT_EQ(acpi_isa_irq_to_gsi(&ai, 11, &level, &low), 20);
	EXPECT_TRUE(level && low);
	EXPECT_EQ(acpi_isa_irq_to_gsi(&ai, 4, &level, &low), 4); /* COM1: no override */
	EXPECT_FALSE(level || low);
}

/* The BIOS search: EBDA first, then 0xe0000-0xfffff, 16-byte aligned only. */
static void rsdp_search(void)
{
	u64 pa;

	memset(phys, 0, sizeof(phys));
	EXPECT_EQ(acpi_find_rsdp(phys_grant), 0);
	grants_free();

	rsdp_build(2, RSDT_PA, XSDT_PA);
	memcpy(phys + 0xf5a00, rsdp, 36);
	EXPECT_EQ(acpi_find_rsdp(phys_grant), 0xf5a00);
	grants_free();

	put16(0x40e, 0x9fc0); /* EBDA at 0x9fc00 */
	memcpy(phys + 0x9fc40, rsdp, 36);
	EXPECT_EQ(acpi_find_rsdp(phys_grant), 0x9fc40);
	grants_free();

	/* A bad checksum in the EBDA is skipped; a misaligned one never seen. */
	phys[0x9fc40 + 8]++;
	memset(phys + 0xf5a00, 0, 36);
	memcpy(phys + 0xf5a08, rsdp, 36);
	EXPECT_EQ(acpi_find_rsdp(phys_grant), 0);
	grants_free();
	memcpy(phys + 0xfffd0, rsdp, 36); /* the last slot that fits */
	pa = acpi_find_rsdp(phys_grant);
	EXPECT_EQ(pa, 0xfffd0);
	grants_free();
}

static const struct htest_case cases[] = {
	HTEST_CASE(rsdt_machine),	 HTEST_CASE(xsdt_preferred),
	HTEST_CASE(cpu_entries),	 HTEST_CASE(checksums_verified),
	HTEST_CASE(bad_tables_rejected), HTEST_CASE(bad_madt_entries),
	HTEST_CASE(isa_irq_overrides),	 HTEST_CASE(rsdp_search),
};

HTEST_MAIN("acpi", cases)
