/* SPDX-License-Identifier: MIT */
/*
 * Leaving QEMU with a status code through the isa-debug-exit device
 * (-device isa-debug-exit,iobase=0xf4,iosize=0x04). QEMU exits with status
 * (code << 1) | 1, so the codes below give 33, 35 and 37; tools/ktest
 * reads them. Without the device the write is ignored and the CPU halts.
 */
#ifndef STRATA_QEMU_EXIT_H
#define STRATA_QEMU_EXIT_H

#define QEMU_EXIT_PASS 0x10  /* every test passed: status 33 */
#define QEMU_EXIT_FAIL 0x11  /* some test failed: status 35 */
#define QEMU_EXIT_PANIC 0x12 /* the kernel panicked: status 37 */

void qemu_exit(int code) __attribute__((noreturn));
/*
 * Power the machine off: ACPI (QEMU pc and q35), else isa-debug-exit, else
 * a keyboard-controller reset; each way tried is named in the log first,
 * and if none works the CPU halts saying so.
 */
void machine_poweroff(void) __attribute__((noreturn));

#endif /* STRATA_QEMU_EXIT_H */
