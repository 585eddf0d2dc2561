// SPDX-License-Identifier: MIT
/*
 * Ways out of QEMU: the isa-debug-exit port for tests, ACPI power-off for
 * people.
 */
#include "kernel/qemu_exit.h"
#include "arch/x86_64/cpu.h"

#define DEBUG_EXIT_PORT 0xf4
#define PIIX4_PM1A_CNT 0xb004 /* QEMU pc: PM1a control */
#define ICH9_PM1A_CNT 0x604   /* QEMU q35: PM1a control */
#define PM1_SLP_EN_S5 0x2000  /* SLP_EN | SLP_TYP = S5 in QEMU's DSDT */

void qemu_exit(int code)
{
	outl(DEBUG_EXIT_PORT, (u32)code);
	halt_forever();
}

static void outw(u16 port, u16 v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

void machine_poweroff(void)
{
	outw(ICH9_PM1A_CNT, PM1_SLP_EN_S5);
	outw(PIIX4_PM1A_CNT, PM1_SLP_EN_S5);
	halt_forever();
}
