# SPDX-License-Identifier: MIT
"""strata-pt ADDR: the 4-level page-table walk of a virtual address, read
from the tables in memory the way the MMU (and pt_walk() in mm/pgtable.c)
reads them: from CR3, one entry per level, until a leaf or a hole.

For each level it prints the entry's index, its value and its flags decoded,
then the physical address and the page size, or where the walk stops. Entry
bits and masks come from mm/pgtable.h.
"""

import gdb

from strata import kmem, layout

LEVELS = ('pgd', 'pud', 'pmd', 'pte')    # Linux's names; Intel: PML4 PDPT PD PT
ENTRIES_PER_TABLE = 512


def level_shift(level):
    """Address bits below LEVEL's index: 39, 30, 21, 12."""
    return 39 - 9 * level


def flag_names(entry, level):
    """The set flag bits of ENTRY, as short names in bit order."""
    bit = lambda name: kmem.const('mm/pgtable.h', name)  # noqa: E731
    names = [('P', bit('_PAGE_PRESENT')), ('RW', bit('_PAGE_RW')),
             ('US', bit('_PAGE_USER')), ('PWT', bit('_PAGE_PWT')),
             ('PCD', bit('_PAGE_PCD')), ('A', bit('_PAGE_ACCESSED')),
             ('D', bit('_PAGE_DIRTY')),
             # Bit 7 is PS (a huge page) in a pud or pmd, PAT in a pte.
             ('PAT' if level == 3 else 'PS', bit('_PAGE_PSE')),
             ('G', bit('_PAGE_GLOBAL')), ('NX', bit('_PAGE_NX'))]
    return ' '.join(name for name, mask in names if entry & mask)


def is_canonical(va):
    """Bits 63..47 all equal (48-bit virtual addresses)."""
    top = va >> 47
    return top == 0 or top == (1 << 17) - 1


def cr3_root():
    """Physical address of the live top-level table, from CR3."""
    return int(gdb.parse_and_eval('$cr3')) & kmem.const('mm/pgtable.h',
                                                        'PTE_PFN_MASK')


def walk(va, root):
    """Walk VA from the table at physical ROOT.

    Returns (steps, leaf): steps is [(level, index, table_pa, entry)] for
    every entry read; leaf is (phys, page_size) for a present leaf, else
    None. The same rule as pt_walk(): stop at a non-present entry, at a pte,
    or at a pud/pmd entry with PS set.
    """
    present = kmem.const('mm/pgtable.h', '_PAGE_PRESENT')
    pse = kmem.const('mm/pgtable.h', '_PAGE_PSE')
    pfn_mask = kmem.const('mm/pgtable.h', 'PTE_PFN_MASK')
    steps = []
    table = root
    for level in range(len(LEVELS)):
        index = (va >> level_shift(level)) & (ENTRIES_PER_TABLE - 1)
        entry = kmem.read_phys_u64(table + 8 * index)
        steps.append((level, index, table, entry))
        if not entry & present:
            return steps, None
        if level == 3 or (level in (1, 2) and entry & pse):
            size = 1 << level_shift(level)
            return steps, ((entry & pfn_mask & ~(size - 1)) + (va & (size - 1)),
                           size)
        table = entry & pfn_mask
    return steps, None


class StrataPt(gdb.Command):
    """Walk the page tables for a virtual address.

Usage: strata-pt ADDR
ADDR is any GDB expression: 0xffff888000100000, kmain, &log_next, $rsp.
Prints each level's entry (pgd, pud, pmd, pte) with its flags decoded
(P RW US PWT PCD A D PS/PAT G NX), then the physical address and page size,
or the level where the walk stops. The walk starts from CR3, the tables the
CPU is using now, and reads them through the direct map."""

    def __init__(self):
        super().__init__('strata-pt', gdb.COMMAND_DATA, gdb.COMPLETE_SYMBOL)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            raise gdb.GdbError('usage: strata-pt ADDR')
        kmem.require_kernel('strata-pt')
        va = kmem.addr_of(arg)
        gdb.write('strata-pt %#018x (%s)\n' % (va, layout.describe(va)))
        if not is_canonical(va):
            gdb.write('  non-canonical address: the CPU faults (#GP) '
                      'before any walk\n')
            return
        root = cr3_root()
        gdb.write('  root: CR3 -> pgd at phys %#x\n' % root)
        pfn_mask = kmem.const('mm/pgtable.h', 'PTE_PFN_MASK')
        steps, leaf = walk(va, root)
        for i, (level, index, table, entry) in enumerate(steps):
            last = i == len(steps) - 1
            if not entry & kmem.const('mm/pgtable.h', '_PAGE_PRESENT'):
                what = 'not present'
            elif last:
                what = '-> %s page at %#x' % (kmem.format_size(leaf[1]),
                                              entry & pfn_mask & ~(leaf[1] - 1))
            else:
                what = '-> table at %#x' % (entry & pfn_mask)
            gdb.write('  %-3s [%3d]  %#018x  %-24s %s\n'
                      % (LEVELS[level], index, entry,
                         flag_names(entry, level), what))
        if leaf:
            gdb.write('  %#018x -> phys %#x (%s page)\n'
                      % (va, leaf[0], kmem.format_size(leaf[1])))
        else:
            gdb.write('  %#018x is not mapped: the walk stops at the %s\n'
                      % (va, LEVELS[steps[-1][0]]))


def register():
    StrataPt()
