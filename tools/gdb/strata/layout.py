# SPDX-License-Identifier: MIT
"""strata-layout: the kernel's virtual address layout, as layout_print()
(mm/layout.c) prints it at boot, computed here from mm/memlayout.h and the
linker's symbols of the running image.

describe(addr) names the region of an address, as layout_describe() does;
strata-pt uses it. Keep regions() in step with layout_regions() in
mm/layout.c: the GDB test compares the two tables line by line.
"""

import gdb

from strata import kmem


def regions():
    """[(start, end inclusive, use)] in layout_regions()'s order."""
    m = kmem.memlayout
    s = kmem.symbol_addr
    return [
        (0, 0x00007fffffffffff, "user space (each process's own; empty in the kernel's tables)"),
        (0x0000800000000000, 0xffff7fffffffffff, 'non-canonical hole'),
        (m('PAGE_OFFSET'), m('PAGE_OFFSET') + m('DIRECT_MAP_SIZE') - 1,
         'direct map of all RAM (page_offset_base)'),
        (m('VMALLOC_START'), m('VMALLOC_END'), 'vmalloc/vmap area'),
        (m('KASAN_SHADOW_START'), m('KASAN_SHADOW_END'),
         'KASAN shadow (unused unless built with KASAN)'),
        (s('__kernel_start'), s('__text_end') - 1, 'kernel .text'),
        (s('__rodata_start'), s('__rodata_end') - 1, 'kernel .rodata'),
        (s('__data_start'), s('__bss_start') - 1, 'kernel .data'),
        (s('__bss_start'), s('__boot_stack_guard') - 1, 'kernel .bss'),
        (s('__boot_stack_guard'), s('boot_stack_bottom') - 1,
         'boot stack guard page (unmapped)'),
        (s('boot_stack_bottom'), s('boot_stack_top') - 1, 'boot stack'),
        (s('__df_stack_guard'), s('df_stack_bottom') - 1,
         'double-fault stack guard page (unmapped)'),
        (s('df_stack_bottom'), s('df_stack_top') - 1,
         'double-fault IST stack'),
        (m('KERNEL_VMA'), m('KERNEL_VMA') + m('KERNEL_IMAGE_SIZE') - 1,
         'kernel image window (phys 0 + offset)'),
        (m('MODULES_VADDR'), m('MODULES_END') - 1,
         'modules (module_alloc, insmod)'),
        (m('FIXADDR_START'), m('FIXADDR_END'),
         'fixmap (local APIC, IOAPIC registers)'),
    ]


def describe(addr):
    """The use of the smallest region holding ADDR (layout_describe())."""
    best, best_span = 'unused hole in the kernel half', None
    for start, end, use in regions():
        if start <= addr <= end and (best_span is None
                                     or end - start < best_span):
            best, best_span = use, end - start
    if addr < 4096:
        best = 'NULL page (user space, unmapped)'
    return best


def table_lines():
    """The table as layout_print() prints it, without the log prefix."""
    lines = ['Kernel virtual address layout:',
             '  %-18s | %-18s | %-9s | %s' % ('start', 'end', 'size', 'use')]
    for start, end, use in regions():
        size = ''
        if end - start < 1 << 62:
            size = kmem.format_size(end - start + 1)
        lines.append('  %016x   | %016x   | %9s | %s' % (start, end, size, use))
    return lines


class StrataLayout(gdb.Command):
    """Print the kernel virtual address layout (as the kernel prints it at boot).

Usage: strata-layout
Regions come from mm/memlayout.h; the kernel image is split by section with
the linker's symbols (__text_end, __data_start, ...) of the loaded ELF."""

    def __init__(self):
        super().__init__('strata-layout', gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if arg.strip():
            raise gdb.GdbError('strata-layout takes no arguments')
        gdb.write('\n'.join(table_lines()) + '\n')


def register():
    StrataLayout()
