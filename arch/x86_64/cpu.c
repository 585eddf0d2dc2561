// SPDX-License-Identifier: MIT
/*
 * CPU feature detection: the CPUID bits the memory code depends on, read
 * once at boot into boot_cpu.
 */
#include "arch/x86_64/cpu.h"
#include "lib/string.h"

struct cpu_features boot_cpu;

void cpu_features_init(void)
{
	u32 a, b, c, d;

	cpuid(0, 0, &a, &b, &c, &d);
	memcpy(boot_cpu.vendor + 0, &b, 4);
	memcpy(boot_cpu.vendor + 4, &d, 4);
	memcpy(boot_cpu.vendor + 8, &c, 4);
	boot_cpu.vendor[12] = '\0';

	cpuid(0x80000001, 0, &a, &b, &c, &d);
	boot_cpu.nx = d & (1U << 20);
	boot_cpu.pdpe1gb = d & (1U << 26);
}
