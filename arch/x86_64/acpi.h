/* SPDX-License-Identifier: MIT */
/*
 * Reading the ACPI tables strata needs to find its interrupt hardware: the
 * RSDP, the root table (RSDT or XSDT) and the MADT ("APIC" table), per the
 * ACPI specification 6.5, sections 5.2.5 (RSDP), 5.2.7-8 (RSDT/XSDT) and
 * 5.2.12 (MADT). The parser (arch/x86_64/acpi_tables.c) is pure logic, like
 * the boot-info parser: host tests and a fuzz target run it over fake
 * memory. arch/x86_64/acpi.c runs it at boot and reports.
 */
#ifndef STRATA_ACPI_H
#define STRATA_ACPI_H

#include "lib/types.h"

#define ACPI_MAX_CPUS 64
#define ACPI_MAX_IOAPICS 8
#define ACPI_MAX_OVERRIDES 16
#define ACPI_RSDP_V1_SIZE 20 /* ACPI 1.0: through the RSDT address */
#define ACPI_RSDP_V2_SIZE 36 /* ACPI 2.0+: length, XSDT, extended checksum */

/* MADT local APIC flags (both the xAPIC and the x2APIC entry). */
#define ACPI_MADT_ENABLED 1	   /* the CPU is usable now */
#define ACPI_MADT_ONLINE_CAPABLE 2 /* not enabled, but may be brought online */

/* MADT interrupt source override flags (MPS INTI flags). */
#define ACPI_MADT_POLARITY_MASK 0x3 /* 0: bus default, 1: active high, 3: active low */
#define ACPI_MADT_TRIGGER_MASK 0xc  /* 0: bus default, 4: edge, 0xc: level */
#define ACPI_MADT_POLARITY_ACTIVE_LOW 0x3
#define ACPI_MADT_TRIGGER_LEVEL 0xc

/* One processor from a type 0 (local APIC) or type 9 (local x2APIC) entry. */
struct acpi_cpu {
	u32 apic_id;	     /* the local APIC ID INIT/SIPI will address */
	u32 uid;	     /* the firmware's processor UID */
	bool enabled;	     /* ACPI_MADT_ENABLED */
	bool online_capable; /* ACPI_MADT_ONLINE_CAPABLE (ACPI 6.3+) */
};

/* One IOAPIC (type 1): its pins take the GSIs [gsi_base, gsi_base + pins). */
struct acpi_ioapic {
	u32 id;
	u32 addr; /* physical address of its register window */
	u32 gsi_base;
};

/* An ISA irq wired to another GSI, or with other polarity (type 2). */
struct acpi_override {
	u8 source_irq; /* the ISA irq (bus 0) */
	u32 gsi;
	u16 flags; /* ACPI_MADT_POLARITY_*, ACPI_MADT_TRIGGER_* */
};

/* What strata takes from the tables. All counts stay within the arrays. */
struct acpi_info {
	u8 revision;	/* RSDP revision: 0 = ACPI 1.0 (RSDT only), 2+ = XSDT too */
	char oem_id[7]; /* the RSDP's OEM ID, NUL-terminated */
	u64 root_pa;	/* the RSDT or XSDT used */
	bool xsdt;	/* root_pa is an XSDT (64-bit entries) */
	u32 nr_tables;	/* entries in the root table */
	u64 madt_pa;	/* 0 if the root table lists no MADT */
	u64 lapic_addr; /* local APIC MMIO base (entry type 5 overrides the header) */
	u32 madt_flags; /* bit 0: PC-AT dual 8259s present */
	struct acpi_cpu cpus[ACPI_MAX_CPUS];
	u32 nr_cpus, cpus_dropped; /* dropped: listed past the array */
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	u32 nr_ioapics, ioapics_dropped;
	struct acpi_override overrides[ACPI_MAX_OVERRIDES];
	u32 nr_overrides, overrides_dropped;
	/* After an error: what was wrong, and the physical address of the table. */
	const char *error;
	u64 error_pa;
};

/*
 * Both functions read physical memory only through phys(pa, len), which
 * returns a pointer to [pa, pa + len) or NULL (as for bootinfo_parse()).
 *
 * Search the BIOS areas for an RSDP with a valid checksum, on 16-byte
 * boundaries: the first KiB of the EBDA (its segment is the 16-bit word at
 * 0x40e), then 0xe0000-0xfffff. Returns its physical address, or 0.
 */
u64 acpi_find_rsdp(const void *(*phys)(u64 pa, u64 len));

/*
 * Check the RSDP image rsdp[0..len) (a copy from a multiboot2 tag, or the
 * bytes found by acpi_find_rsdp), then the root table and the MADT, every
 * checksum verified, into *ai (cleared first).
 *
 * Returns 0 with the MADT read; -ENOENT if the tables are valid but list no
 * MADT (ai->madt_pa == 0); -EINVAL for a bad signature, checksum, length or
 * MADT entry; -EFAULT if phys refused a range. On an error ai->error says
 * what and ai->error_pa where; the CPU and IOAPIC lists are then empty.
 * Context: early boot, no allocation, no printing.
 */
int acpi_parse(const u8 *rsdp, u32 len, const void *(*phys)(u64 pa, u64 len), struct acpi_info *ai);

/*
 * The GSI ISA irq is wired to, and how it signals: the interrupt source
 * override for irq if ai lists one (its GSI; its polarity and trigger
 * unless they say "bus default"), else ISA's defaults: GSI = irq, edge,
 * active high. *level and *active_low receive the signalling.
 */
u32 acpi_isa_irq_to_gsi(const struct acpi_info *ai, unsigned int irq, bool *level,
			bool *active_low);

/*
 * At boot (arch/x86_64/acpi.c): find the RSDP (the multiboot2 ACPI tag copy
 * in bi, else the BIOS areas), parse, and report what was found, or why
 * nothing was and that the legacy defaults stand in. Afterwards
 * acpi_madt always holds a usable description: the MADT's, or the legacy
 * one (local APIC at 0xfee00000, one IOAPIC at 0xfec00000 with GSI base 0,
 * no overrides, no CPU list). Call before paging_init(): phys is the early
 * map of the low 4 GiB, where firmware tables live.
 */
struct bootinfo;
void acpi_boot_init(const struct bootinfo *bi, const void *(*phys)(u64 pa, u64 len));

extern struct acpi_info acpi_madt;
/* acpi_madt came from valid tables (false: legacy defaults). */
extern bool acpi_madt_found;

#endif /* STRATA_ACPI_H */
