# SPDX-License-Identifier: MIT
"""strata-attach [HOST:]PORT: connect to QEMU's GDB stub (make debug) and
stop at the first instruction of kmain(), in 64-bit mode.

It handles the traps of debugging a kernel that starts in 32-bit mode:

- The CPU starts in real mode, boot/head.S runs in 32-bit mode, and only
  then does the kernel switch to long mode. A GDB that guesses i386 from
  the first registers it sees fails later with "Remote 'g' packet reply is
  too long". We fix the architecture to i386:x86-64 before connecting.
- Until head.S turns paging on, the higher-half addresses the kernel is
  linked at (0xffffffff80...) map nothing. A software breakpoint there
  means writing an int3 into memory through page tables that do not exist
  yet: with KVM it fails. A hardware breakpoint compares the linear
  address as the CPU fetches, so it works before and after the switch;
  we use one (thbreak, deleted when hit) to reach kmain. Under TCG, QEMU
  treats every breakpoint as a hardware one, so later `break`s work too.
"""

import re

import gdb

from strata import kmem


class StrataAttach(gdb.Command):
    """Connect to QEMU's GDB stub and run to the first instruction of kmain.

Usage: strata-attach [HOST:]PORT     (make gdb runs it with GDBPORT)
If the kernel is already past its 32-bit entry (a second attach), it just
stops where the kernel is. Sets the architecture to i386:x86-64 first and
reaches kmain with a temporary hardware breakpoint; the comment at the top
of tools/gdb/strata/attach.py says why."""

    def __init__(self):
        super().__init__('strata-attach', gdb.COMMAND_RUNNING)

    def invoke(self, arg, from_tty):
        target = arg.strip()
        if re.fullmatch(r'\d+', target):
            target = '127.0.0.1:' + target
        if not re.fullmatch(r'[\w.-]*:\d+', target):
            raise gdb.GdbError('usage: strata-attach [HOST:]PORT')
        gdb.execute('set architecture i386:x86-64', to_string=True)
        try:
            gdb.execute('target remote ' + target)
        except gdb.error as e:
            raise gdb.GdbError(
                'strata: cannot connect to %s (%s). Is `make debug` running '
                'with the same GDBPORT?' % (target, e))
        pc = int(gdb.parse_and_eval('$pc')) & 0xffffffffffffffff
        if pc >= kmem.memlayout('KERNEL_VMA'):
            gdb.write('strata: the kernel is already running in 64-bit mode; '
                      'stopped where it was.\n')
            return
        gdb.execute('thbreak *kmain', to_string=True)
        gdb.execute('continue')
        gdb.write('strata: stopped at the first instruction of kmain '
                  '(64-bit mode, paging on with the boot tables).\n')


def register():
    StrataAttach()
