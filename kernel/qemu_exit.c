// SPDX-License-Identifier: MIT
/*
 * Ways out of QEMU: the isa-debug-exit port for tests, and power-off for
 * people, with the fallbacks a machine without ACPI needs.
 *
 * machine_poweroff() tries, in order, each way QEMU offers and says in the
 * log which one it is about to try, so the last line before QEMU ends names
 * the way that worked:
 *   1. ACPI S5 through the PM1a control port QEMU's firmware sets up: 0x604
 *      (SeaBIOS on pc and q35, OVMF on q35) and 0xb004 (OVMF on pc; tried
 *      with QEMU 7.2). Absent on -machine isapc and -machine pc,acpi=off.
 *   2. isa-debug-exit at 0xf4 when the device was added (make run and the
 *      tests add it): QEMU exits with status 1.
 *   3. A reset through the keyboard controller: a reboot, not a power-off;
 *      QEMU started with -no-reboot (as make run does) then exits.
 * The FADT's own PM1a port is not looked up: on QEMU it is one of the two
 * above. If nothing worked the CPU halts, saying so.
 */
#include "kernel/qemu_exit.h"
#include "kernel/printk.h"
#include "arch/x86_64/cpu.h"

#define DEBUG_EXIT_PORT 0xf4
#define OVMF_PC_PM1A_CNT 0xb004 /* PM1a control: OVMF on pc */
#define PM1A_CNT 0x604		/* PM1a control: SeaBIOS on pc and q35, OVMF on q35 */
#define PM1_SLP_EN_S5 0x2000	/* SLP_EN | SLP_TYP = S5 in QEMU's DSDT */
#define KBC_COMMAND 0x64	/* i8042 keyboard controller command port */
#define KBC_PULSE_RESET 0xfe	/* pulse the CPU reset line */
#define WAY_WAIT_US 200000	/* how long a way gets to end the machine */

void qemu_exit(int code)
{
	outl(DEBUG_EXIT_PORT, (u32)code);
	halt_forever();
}

static void outw(u16 port, u16 v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

/* QEMU acts on a port write a little later: give it time before going on. */
static void way_wait(void)
{
	u64 start = uptime_us();

	while (uptime_us() - start < WAY_WAIT_US)
		cpu_relax();
}

void machine_poweroff(void)
{
	pr_info("poweroff: ACPI S5 through PM1a control (port %#x or %#x)\n", PM1A_CNT,
		OVMF_PC_PM1A_CNT);
	outw(PM1A_CNT, PM1_SLP_EN_S5);
	outw(OVMF_PC_PM1A_CNT, PM1_SLP_EN_S5);
	way_wait();
	pr_warn("poweroff: no ACPI power-off on this machine (-machine isapc or acpi=off?); "
		"trying isa-debug-exit (QEMU exits with status 1)\n");
	outl(DEBUG_EXIT_PORT, 0);
	way_wait();
	pr_warn("poweroff: no isa-debug-exit device either; resetting through the keyboard "
		"controller: a reboot, not a power-off (QEMU with -no-reboot exits)\n");
	outb(KBC_COMMAND, KBC_PULSE_RESET);
	way_wait();
	pr_err("poweroff: no way to power off or reset this machine worked: halted (Ctrl-A X "
	       "quits QEMU)\n");
	halt_forever();
}
