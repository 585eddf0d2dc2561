// SPDX-License-Identifier: MIT
/*
 * ACPI at boot: pick the RSDP, run the table parser (acpi_tables.c), print
 * what the MADT says about CPUs and interrupt controllers, or why there are
 * no usable tables; then leave acpi_madt holding either the MADT's
 * description or the legacy PC defaults, so the APIC code below
 * (apic.c, io_apic.c) has one source either way.
 */
#include "arch/x86_64/acpi.h"
#include "boot/bootinfo.h"
#include "kernel/printk.h"
#include "lib/errno.h"

/* Where every PC puts them when no table says otherwise. */
#define LEGACY_LAPIC_ADDR 0xfee00000UL
#define LEGACY_IOAPIC_ADDR 0xfec00000UL

struct acpi_info acpi_madt;
bool acpi_madt_found;

static void legacy_defaults(void)
{
	acpi_madt.lapic_addr = LEGACY_LAPIC_ADDR;
	acpi_madt.nr_ioapics = 1;
	acpi_madt.ioapics[0].id = 0;
	acpi_madt.ioapics[0].addr = LEGACY_IOAPIC_ADDR;
	acpi_madt.ioapics[0].gsi_base = 0;
	acpi_madt.nr_cpus = 0;
	acpi_madt.nr_overrides = 0;
}

static void report_cpus(void)
{
	u32 usable = 0;

	for (u32 i = 0; i < acpi_madt.nr_cpus; i++) {
		const struct acpi_cpu *c = &acpi_madt.cpus[i];

		pr_info("ACPI: CPU uid %u, APIC ID %u: %s\n", c->uid, c->apic_id,
			c->enabled	    ? "enabled"
			: c->online_capable ? "online-capable (not enabled now)"
					    : "disabled");
		usable += c->enabled;
	}
	if (acpi_madt.cpus_dropped)
		pr_warn("ACPI: %u more CPUs past the first %u are ignored\n",
			acpi_madt.cpus_dropped, ACPI_MAX_CPUS);
	pr_info("smp: one CPU runs: the MADT lists %u enabled, and strata does not start the "
		"others yet\n",
		usable);
}

static void report_madt(void)
{
	pr_info("ACPI: %s at %#llx lists %u tables; MADT at %#llx, local APIC at %#llx%s\n",
		acpi_madt.xsdt ? "XSDT" : "RSDT", (unsigned long long)acpi_madt.root_pa,
		acpi_madt.nr_tables, (unsigned long long)acpi_madt.madt_pa,
		(unsigned long long)acpi_madt.lapic_addr,
		acpi_madt.madt_flags & 1 ? ", PC-AT 8259s present" : "");
	report_cpus();
	for (u32 i = 0; i < acpi_madt.nr_ioapics; i++)
		pr_info("ACPI: IOAPIC id %u at %#x, GSI base %u\n", acpi_madt.ioapics[i].id,
			acpi_madt.ioapics[i].addr, acpi_madt.ioapics[i].gsi_base);
	for (u32 i = 0; i < acpi_madt.nr_overrides; i++) {
		const struct acpi_override *o = &acpi_madt.overrides[i];

		pr_info("ACPI: override: ISA irq %u -> GSI %u, %s, %s\n", o->source_irq, o->gsi,
			(o->flags & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_LEVEL ? "level"
										       : "edge",
			(o->flags & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_ACTIVE_LOW
				? "active low"
				: "active high");
	}
	if (acpi_madt.ioapics_dropped || acpi_madt.overrides_dropped)
		pr_warn("ACPI: %u IOAPICs and %u overrides past the arrays are ignored\n",
			acpi_madt.ioapics_dropped, acpi_madt.overrides_dropped);
}

void acpi_boot_init(const struct bootinfo *bi, const void *(*phys)(u64 pa, u64 len))
{
	const u8 *rsdp = bi->acpi_rsdp;
	u32 len = bi->acpi_rsdp_len;
	const char *source =
		bi->acpi_rsdp_new ? "the multiboot2 ACPI 2.0+ tag" : "the multiboot2 ACPI 1.0 tag";
	u64 pa = 0;
	int err;

	if (!len) {
		source = "the BIOS area search";
		pa = acpi_find_rsdp(phys);
		rsdp = pa ? phys(pa, ACPI_RSDP_V2_SIZE) : NULL;
		len = ACPI_RSDP_V2_SIZE;
	}
	if (!rsdp) {
		legacy_defaults();
		pr_warn("ACPI: no RSDP (no multiboot2 ACPI tag, none in the EBDA or at "
			"0xe0000-0xfffff): legacy interrupt defaults\n");
		pr_info("smp: one CPU: without ACPI tables there is no list of other CPUs\n");
		return;
	}
	err = acpi_parse(rsdp, len, phys, &acpi_madt);
	if (err) {
		pr_warn("ACPI: RSDP from %s: %s at %#llx (%d): legacy interrupt defaults\n", source,
			acpi_madt.error, (unsigned long long)acpi_madt.error_pa, err);
		legacy_defaults();
		pr_info("smp: one CPU: without a valid MADT there is no list of other CPUs\n");
		return;
	}
	acpi_madt_found = true;
	if (pa)
		pr_info("ACPI: RSDP at %#llx (found by %s), revision %u, OEM '%s'\n",
			(unsigned long long)pa, source, acpi_madt.revision, acpi_madt.oem_id);
	else
		pr_info("ACPI: RSDP from %s, revision %u, OEM '%s'\n", source, acpi_madt.revision,
			acpi_madt.oem_id);
	report_madt();
}
