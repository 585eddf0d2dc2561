// SPDX-License-Identifier: MIT
/*
 * CPU feature detection: the CPUID bits the memory code depends on, read
 * once at boot into boot_cpu; and the CR4 bits that keep the kernel out of
 * user pages (SMEP, SMAP), set once on the boot CPU, whose CR4 every AP
 * copies (arch/x86_64/smpboot.c).
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/smap.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "lib/string.h"

#define CPUID_7_EBX_SMEP (1U << 7)
#define CPUID_7_EBX_SMAP (1U << 20)

struct cpu_features boot_cpu;
u8 smap_enabled;

void cpu_features_init(void)
{
	u32 a, b, c, d, max_leaf;

	cpuid(0, 0, &max_leaf, &b, &c, &d);
	memcpy(boot_cpu.vendor + 0, &b, 4);
	memcpy(boot_cpu.vendor + 4, &d, 4);
	memcpy(boot_cpu.vendor + 8, &c, 4);
	boot_cpu.vendor[12] = '\0';

	cpuid(0x80000001, 0, &a, &b, &c, &d);
	boot_cpu.nx = d & (1U << 20);
	boot_cpu.pdpe1gb = d & (1U << 26);

	if (max_leaf >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		boot_cpu.smep = b & CPUID_7_EBX_SMEP;
		boot_cpu.smap = b & CPUID_7_EBX_SMAP;
	}
}

/*
 * Set bit in CR4 if the CPU has it (has) and the command line lacks the
 * option that turns it off; returns its state in words, off_words if the
 * option was given.
 */
static const char *cr4_enable(bool has, u64 bit, const char *option, const char *off_words)
{
	if (!has)
		return "not supported by this CPU";
	if (cmdline_get(option, NULL, 0))
		return off_words;
	write_cr4(read_cr4() | bit);
	return "on";
}

void cpu_setup_smep_smap(void)
{
	const char *smep = cr4_enable(boot_cpu.smep, CR4_SMEP, "nosmep", "off (nosmep)");
	const char *smap = cr4_enable(boot_cpu.smap, CR4_SMAP, "nosmap", "off (nosmap)");

	smap_enabled = (read_cr4() & CR4_SMAP) != 0;
	/* Linux prints nothing here (/proc/cpuinfo's flags say smep smap). */
	pr_info("x86/cpu: SMEP %s, SMAP %s\n", smep, smap);
}
