# SPDX-License-Identifier: MIT
#
# strata_qemu: the one place that knows how strata boots under QEMU. Every
# tool that starts the kernel (tools/ktest, tools/gdb-test, tools/shell-test,
# tools/bench) imports it, and tools/qemu-cmd is its command-line face for the
# Makefile (run, debug, memmap) and tools/test-all.sh. Invariants of every
# command line it builds: one CPU unless asked (smp), no display, no reboot
# (a triple fault ends QEMU instead of looping), and the isa-debug-exit
# device at port 0xf4 that the kernel's qemu_exit() writes its verdict to
# (kernel/qemu_exit.c).
"""Build the qemu-system-x86_64 command line for booting strata."""

import os
import shlex
import shutil
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL = os.path.join(ROOT, 'build', 'strata.elf')
QEMU = 'qemu-system-x86_64'
OVMF_CODE = '/usr/share/OVMF/OVMF_CODE_4M.fd'
OVMF_VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd'
BOOTS = ('kernel', 'iso', 'uefi')

# isa-debug-exit turns a guest write of V to port 0xf4 into exit (V << 1) | 1.
EXIT_PASS, EXIT_FAIL, EXIT_PANIC, EXIT_RESET = 33, 35, 37, 0


def build_iso(kernel, cmdline, out):
    """Wrap KERNEL and CMDLINE in a GRUB ISO at OUT (tools/mkiso.sh)."""
    subprocess.run([os.path.join(ROOT, 'tools', 'mkiso.sh'), kernel, cmdline,
                    out], check=True)
    return out


def command(boot='kernel', kernel=KERNEL, iso=None, memory='256M',
            machine=None, accel='tcg', cpu='max', cmdline='', serial='stdio',
            gdb_port=None, paused=False, icount=False, ovmf_vars=None,
            extra=(), smp=1, qemu=QEMU):
    """The QEMU argument list for one boot.

    boot: 'kernel' (-kernel ELF, CMDLINE by -append), 'iso' (ISO under BIOS)
    or 'uefi' (the ISO under OVMF; OVMF_VARS is the writable copy of the
    firmware's variables this boot may change). The ISO carries its own
    command line (build_iso). serial: QEMU's -serial value; unless it is
    'mon:...' (the monitor on the same stream, Ctrl-A C) there is no monitor.
    gdb_port: a GDB stub on 127.0.0.1 only, since whoever connects controls
    the machine; paused: stop before the first instruction (-S). icount:
    the guest TSC counts instructions (shift=0), so benchmarks repeat.
    extra: more arguments, a list or one shell-quoted string. smp: the
    number of CPUs; qemu: the QEMU binary (tools/bench may pick another).
    """
    if boot not in BOOTS:
        raise ValueError(f'boot must be one of {", ".join(BOOTS)}, not {boot!r}')
    cmd = [qemu, '-accel', accel, '-cpu', cpu, '-smp', str(smp), '-m', memory,
           '-display', 'none', '-no-reboot', '-serial', serial,
           '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04']
    if not serial.startswith('mon:'):
        cmd += ['-monitor', 'none']
    if machine:
        cmd += ['-machine', machine]
    if icount:
        cmd += ['-icount', 'shift=0,sleep=off']
    if gdb_port is not None:
        cmd += ['-gdb', f'tcp:127.0.0.1:{gdb_port}']
    if paused:
        cmd += ['-S']
    if boot == 'kernel':
        cmd += ['-kernel', kernel]
        if cmdline:
            cmd += ['-append', cmdline]
    else:
        if not iso:
            raise ValueError(f'a {boot} boot needs an ISO (build_iso)')
        cmd += ['-cdrom', iso]
    if boot == 'uefi':
        if not ovmf_vars:
            raise ValueError('a uefi boot needs a writable OVMF_VARS copy')
        cmd += ['-drive', f'if=pflash,format=raw,readonly=on,file={OVMF_CODE}',
                '-drive', f'if=pflash,format=raw,file={ovmf_vars}']
    if isinstance(extra, str):
        extra = shlex.split(extra)
    return cmd + list(extra)


def copy_ovmf_vars(path):
    """A fresh writable copy of OVMF's variable store at PATH; returns PATH."""
    shutil.copyfile(OVMF_VARS, path)
    return path
