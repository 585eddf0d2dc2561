// SPDX-License-Identifier: MIT
/*
 * The ACPI table parser: RSDP, RSDT/XSDT, MADT (layouts: ACPI 6.5 sections
 * 5.2.5, 5.2.7, 5.2.8, 5.2.12). arch/x86_64/acpi.c calls it at boot and
 * reports; arch/x86_64/apic.c and io_apic.c use what it found.
 *
 * Safety invariant, as in boot/multiboot.c: firmware memory is reached only
 * through phys(pa, len), every read lies inside a range obtained that way
 * and checked against the lengths the tables declare, and fields are read a
 * byte at a time (tables need not be aligned). A table is trusted only after
 * its signature, length bounds and checksum (all bytes sum to 0 mod 256).
 */
#include "arch/x86_64/acpi.h"

#include "lib/errno.h"
#include "lib/string.h"

/* RSDP byte offsets. */
#define RSDP_CHECKSUM_LEN 20 /* the v1 checksum covers these bytes */
#define RSDP_OEM_ID 9
#define RSDP_REVISION 15
#define RSDP_RSDT 16
#define RSDP_LENGTH 20
#define RSDP_XSDT 24

/* System description table header (36 bytes) and the MADT after it. */
#define SDT_LENGTH 4
#define SDT_HEADER_SIZE 36
#define MADT_LAPIC_ADDR 36
#define MADT_FLAGS 40
#define MADT_ENTRIES 44

/* MADT entry types and their minimum lengths. */
#define MADT_LOCAL_APIC 0	   /* 8: uid u8, apic id u8, flags u32 */
#define MADT_IO_APIC 1		   /* 12: id u8, rsvd, address u32, gsi base u32 */
#define MADT_OVERRIDE 2		   /* 10: bus u8, source u8, gsi u32, flags u16 */
#define MADT_LAPIC_ADDR_OVERRIDE 5 /* 12: rsvd u16, address u64 */
#define MADT_LOCAL_X2APIC 9	   /* 16: rsvd u16, x2apic id u32, flags u32, uid u32 */

/* Far above any real table: a corrupt length is refused, not walked. */
#define ACPI_TABLE_MAX (1 * MiB)
/* The BIOS areas searched for the RSDP. */
#define EBDA_SEGMENT_PTR 0x40e
#define EBDA_SEARCH_LEN 1024
#define BIOS_AREA_START 0xe0000
#define BIOS_AREA_END 0x100000

static u16 rd16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static u32 rd32(const u8 *p)
{
	return (u32)rd16(p) | (u32)rd16(p + 2) << 16;
}

static u64 rd64(const u8 *p)
{
	return (u64)rd32(p) | (u64)rd32(p + 4) << 32;
}

static u8 checksum(const u8 *p, u64 len)
{
	u8 sum = 0;

	while (len--)
		sum = (u8)(sum + *p++);
	return sum;
}

/* A valid RSDP at p[0..len): signature, v1 checksum, v2 length and checksum. */
static bool rsdp_valid(const u8 *p, u32 len)
{
	if (len < ACPI_RSDP_V1_SIZE || memcmp(p, "RSD PTR ", 8) != 0 ||
	    checksum(p, RSDP_CHECKSUM_LEN))
		return false;
	if (p[RSDP_REVISION] < 2)
		return true;
	return len >= ACPI_RSDP_V2_SIZE && rd32(p + RSDP_LENGTH) >= ACPI_RSDP_V2_SIZE &&
	       rd32(p + RSDP_LENGTH) <= len && !checksum(p, rd32(p + RSDP_LENGTH));
}

/* Scan [start, end) on 16-byte boundaries; returns the RSDP's address or 0. */
static u64 rsdp_scan(const void *(*phys)(u64 pa, u64 len), u64 start, u64 end)
{
	const u8 *area = phys(start, end - start);

	if (!area)
		return 0;
	for (u64 off = 0; off + ACPI_RSDP_V2_SIZE <= end - start; off += 16)
		if (rsdp_valid(area + off, ACPI_RSDP_V2_SIZE))
			return start + off;
	return 0;
}

u64 acpi_find_rsdp(const void *(*phys)(u64 pa, u64 len))
{
	const u8 *ptr = phys(EBDA_SEGMENT_PTR, 2);
	u64 ebda = ptr ? (u64)rd16(ptr) << 4 : 0;
	u64 pa = 0;

	/* The EBDA lies below the 640 KiB of conventional memory, if at all. */
	if (ebda >= 0x400 && ebda + EBDA_SEARCH_LEN <= 0xa0000)
		pa = rsdp_scan(phys, ebda, ebda + EBDA_SEARCH_LEN);
	if (!pa)
		pa = rsdp_scan(phys, BIOS_AREA_START, BIOS_AREA_END);
	return pa;
}

static int fail(struct acpi_info *ai, int err, const char *what, u64 pa)
{
	ai->error = what;
	ai->error_pa = pa;
	ai->nr_cpus = ai->nr_ioapics = ai->nr_overrides = 0;
	return err;
}

/*
 * Map the table at pa with signature sig: its header first, for the length,
 * then all of it, and check the checksum. Returns the table or NULL after
 * fail() has recorded why (*err).
 */
static const u8 *table_map(const void *(*phys)(u64 pa, u64 len), u64 pa, const char *sig,
			   struct acpi_info *ai, int *err)
{
	const u8 *t = phys(pa, SDT_HEADER_SIZE);
	u32 len;

	if (!t) {
		*err = fail(ai, -EFAULT, "table header not readable", pa);
		return NULL;
	}
	if (memcmp(t, sig, 4) != 0) {
		*err = fail(ai, -EINVAL, "table signature wrong", pa);
		return NULL;
	}
	len = rd32(t + SDT_LENGTH);
	if (len < SDT_HEADER_SIZE || len > ACPI_TABLE_MAX) {
		*err = fail(ai, -EINVAL, "table length out of bounds", pa);
		return NULL;
	}
	t = phys(pa, len);
	if (!t) {
		*err = fail(ai, -EFAULT, "table not readable", pa);
		return NULL;
	}
	if (checksum(t, len)) {
		*err = fail(ai, -EINVAL, "table checksum wrong", pa);
		return NULL;
	}
	return t;
}

static void add_cpu(struct acpi_info *ai, u32 apic_id, u32 uid, u32 flags)
{
	for (u32 i = 0; i < ai->nr_cpus; i++)
		if (ai->cpus[i].apic_id == apic_id)
			return; /* listed twice (xAPIC and x2APIC entry): keep the first */
	if (ai->nr_cpus == ACPI_MAX_CPUS) {
		ai->cpus_dropped++;
		return;
	}
	ai->cpus[ai->nr_cpus].apic_id = apic_id;
	ai->cpus[ai->nr_cpus].uid = uid;
	ai->cpus[ai->nr_cpus].enabled = flags & ACPI_MADT_ENABLED;
	ai->cpus[ai->nr_cpus].online_capable = flags & ACPI_MADT_ONLINE_CAPABLE;
	ai->nr_cpus++;
}

static void add_ioapic(struct acpi_info *ai, const u8 *e)
{
	if (ai->nr_ioapics == ACPI_MAX_IOAPICS) {
		ai->ioapics_dropped++;
		return;
	}
	ai->ioapics[ai->nr_ioapics].id = e[2];
	ai->ioapics[ai->nr_ioapics].addr = rd32(e + 4);
	ai->ioapics[ai->nr_ioapics].gsi_base = rd32(e + 8);
	ai->nr_ioapics++;
}

static void add_override(struct acpi_info *ai, const u8 *e)
{
	if (e[2] != 0)
		return; /* only bus 0, ISA, is defined */
	if (ai->nr_overrides == ACPI_MAX_OVERRIDES) {
		ai->overrides_dropped++;
		return;
	}
	ai->overrides[ai->nr_overrides].source_irq = e[3];
	ai->overrides[ai->nr_overrides].gsi = rd32(e + 4);
	ai->overrides[ai->nr_overrides].flags = rd16(e + 8);
	ai->nr_overrides++;
}

/*
 * The MADT's entries, each (u8 type, u8 length, ...), back to back:
 *   off = 44
 *   while off < len: need 2 bytes; 2 <= length <= len - off;
 *                    a known type needs its minimum length; take it
 *                    off += length
 * Unknown types are skipped by their length; any bad length rejects the
 * whole table.
 */
static int madt_parse(const u8 *t, u64 pa, struct acpi_info *ai)
{
	static const u8 min_len[] = {
		[MADT_LOCAL_APIC] = 8,		 [MADT_IO_APIC] = 12,	   [MADT_OVERRIDE] = 10,
		[MADT_LAPIC_ADDR_OVERRIDE] = 12, [MADT_LOCAL_X2APIC] = 16,
	};
	u32 len = rd32(t + SDT_LENGTH), off = MADT_ENTRIES;

	if (len < MADT_ENTRIES)
		return fail(ai, -EINVAL, "MADT shorter than its fixed part", pa);
	ai->lapic_addr = rd32(t + MADT_LAPIC_ADDR);
	ai->madt_flags = rd32(t + MADT_FLAGS);
	while (off < len) {
		const u8 *e = t + off;
		u8 type, elen;

		if (len - off < 2)
			return fail(ai, -EINVAL, "MADT entry header cut off", pa + off);
		type = e[0];
		elen = e[1];
		if (elen < 2 || elen > len - off)
			return fail(ai, -EINVAL, "MADT entry length out of bounds", pa + off);
		if (type < ARRAY_SIZE(min_len) && elen < min_len[type])
			return fail(ai, -EINVAL, "MADT entry too short for its type", pa + off);
		switch (type) {
		case MADT_LOCAL_APIC:
			/* ID 0xff is the broadcast address: a placeholder, skipped as Linux does. */
			if (e[3] != 0xff)
				add_cpu(ai, e[3], e[2], rd32(e + 4));
			break;
		case MADT_IO_APIC:
			add_ioapic(ai, e);
			break;
		case MADT_OVERRIDE:
			add_override(ai, e);
			break;
		case MADT_LAPIC_ADDR_OVERRIDE:
			ai->lapic_addr = rd64(e + 4);
			break;
		case MADT_LOCAL_X2APIC:
			add_cpu(ai, rd32(e + 4), rd32(e + 12), rd32(e + 8));
			break;
		default:
			break; /* NMI sources, GIC, ...: not used */
		}
		off += elen;
	}
	return 0;
}

/*
 * RSDP -> root table -> MADT:
 *   check the RSDP; take the XSDT if revision >= 2 and its address is set,
 *   else the RSDT; check the root table; for each entry, read the 36-byte
 *   header of the table it points to; the first "APIC" is the MADT: check
 *   it whole and parse its entries.
 */
int acpi_parse(const u8 *rsdp, u32 len, const void *(*phys)(u64 pa, u64 len), struct acpi_info *ai)
{
	u32 entry_size, nr;
	const u8 *root;
	int err = 0;

	memset(ai, 0, sizeof(*ai));
	if (!rsdp_valid(rsdp, len))
		return fail(ai, -EINVAL, "RSDP signature, length or checksum wrong", 0);
	ai->revision = rsdp[RSDP_REVISION];
	memcpy(ai->oem_id, rsdp + RSDP_OEM_ID, 6);
	if (ai->revision >= 2 && rd64(rsdp + RSDP_XSDT)) {
		ai->xsdt = true;
		ai->root_pa = rd64(rsdp + RSDP_XSDT);
	} else {
		ai->root_pa = rd32(rsdp + RSDP_RSDT);
	}
	root = table_map(phys, ai->root_pa, ai->xsdt ? "XSDT" : "RSDT", ai, &err);
	if (!root)
		return err;
	entry_size = ai->xsdt ? 8 : 4;
	nr = (rd32(root + SDT_LENGTH) - SDT_HEADER_SIZE) / entry_size;
	ai->nr_tables = nr;
	for (u32 i = 0; i < nr; i++) {
		const u8 *e = root + SDT_HEADER_SIZE + (u64)i * entry_size;
		u64 pa = ai->xsdt ? rd64(e) : rd32(e);
		const u8 *hdr = phys(pa, SDT_HEADER_SIZE);
		const u8 *madt;

		if (!hdr || memcmp(hdr, "APIC", 4) != 0)
			continue; /* a table strata does not read, or out of reach */
		madt = table_map(phys, pa, "APIC", ai, &err);
		if (!madt)
			return err;
		ai->madt_pa = pa;
		return madt_parse(madt, pa, ai);
	}
	return fail(ai, -ENOENT, "no MADT in the root table", ai->root_pa);
}

u32 acpi_isa_irq_to_gsi(const struct acpi_info *ai, unsigned int irq, bool *level, bool *active_low)
{
	*level = false;
	*active_low = false;
	for (u32 i = 0; i < ai->nr_overrides; i++) {
		const struct acpi_override *o = &ai->overrides[i];

		if (o->source_irq != irq)
			continue;
		*level = (o->flags & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_LEVEL;
		*active_low = (o->flags & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_ACTIVE_LOW;
		return o->gsi;
	}
	return irq;
}
