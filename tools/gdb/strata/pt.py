# SPDX-License-Identifier: MIT
"""strata-pt [PID] ADDR, strata-pt PID: page tables, read from memory the
way the MMU (and pt_walk() in mm/pgtable.c) reads them: one entry per
level, until a leaf or a hole.

strata-pt ADDR walks from CR3, the tables the CPU uses now; strata-pt PID
ADDR walks process PID's tables (its mm's pgd), as the shell's pt PID:ADDR.
For each level it prints the entry's index, its value and its flags
decoded, then the physical address and the page size, or where the walk
stops. strata-pt PID lists the process's VMAs (mm/mmap.h: the rb-tree
mm_rb of struct vm_area_struct), each with the pages its range holds and
how many of them are mapped now, counted from the same tables. Entry bits
and masks come from mm/pgtable.h, VMA flags from mm/mmap.h.
"""

import re

import gdb

from strata import kmem, layout, ps

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


def mapped_pages(root, start, end):
    """Pages of [START, END) mapped in the tables at physical ROOT (a huge
    page counts as its 4 KiB pages in the range). Each table is read whole,
    once, so an 8 MiB stack costs a few reads, not one walk per page."""
    present = kmem.const('mm/pgtable.h', '_PAGE_PRESENT')
    pse = kmem.const('mm/pgtable.h', '_PAGE_PSE')
    pfn_mask = kmem.const('mm/pgtable.h', 'PTE_PFN_MASK')

    def count(table, level, lo, hi, base):
        shift = level_shift(level)
        data = kmem.read_bytes(kmem.memlayout('PAGE_OFFSET') + table, 8 * ENTRIES_PER_TABLE)
        n = 0
        for i in range((lo - base) >> shift, ((hi - 1 - base) >> shift) + 1):
            entry = int.from_bytes(data[8 * i:8 * i + 8], 'little')
            if not entry & present:
                continue
            first = base + (i << shift)
            a, b = max(lo, first), min(hi, first + (1 << shift))
            if level == 3 or (level in (1, 2) and entry & pse):
                n += (b - a) >> 12
            else:
                n += count(entry & pfn_mask, level + 1, a, b, first)
        return n

    return count(root, 0, start, end, 0) if start < end else 0


def vma_perms(vma):
    """'r-x': the VMA's VM_READ, VM_WRITE, VM_EXEC flags."""
    flags = int(vma['vm_flags'])
    return ''.join(c if flags & kmem.const('mm/mmap.h', name) else '-'
                   for c, name in (('r', 'VM_READ'), ('w', 'VM_WRITE'), ('x', 'VM_EXEC')))


def vma_kind(vma):
    """enum vma_kind as a word: VMA_TEXT -> text."""
    kind = vma['kind']
    for f in kind.type.strip_typedefs().fields():
        if f.enumval == int(kind):
            return f.name.replace('VMA_', '').lower()
    return str(int(kind))


def process_mm(pid, command):
    """(task, mm, physical address of its pgd) of process PID."""
    task = ps.find_process(pid, command)
    mm = task['mm']
    if not int(mm):
        raise gdb.GdbError('%s: process %d has exited: it holds no address space'
                           % (command, pid))
    return task, mm, int(mm['pgd']) - kmem.memlayout('PAGE_OFFSET')


def vmas(mm):
    """MM's struct vm_area_struct Values, in address order."""
    return kmem.rb_entries(mm['mm_rb']['root'], 'struct vm_area_struct', 'vm_rb')


def print_vmas(pid):
    """strata-pt PID: the VMAs of process PID with their mapped pages."""
    task, mm, root = process_mm(pid, 'strata-pt')
    areas = vmas(mm)
    rows, total = [], 0
    for vma in areas:
        start, end = int(vma['vm_start']), int(vma['vm_end'])
        mapped = mapped_pages(root, start, end)
        total += mapped
        rows.append('  %012x-%012x %-4s %-5s %8d %8d'
                    % (start, end, vma_perms(vma), vma_kind(vma), (end - start) >> 12, mapped))
    gdb.write('strata-pt %d (%s): pgd at phys %#x, %d VMAs, %d pages mapped (rss %d)\n'
              % (pid, kmem.c_string(task['comm']), root, len(areas), total, int(mm['rss'])))
    gdb.write('  %-12s %-12s %-4s %-5s %8s %8s\n'
              % ('start', 'end', 'perm', 'kind', 'pages', 'mapped'))
    gdb.write(''.join(row + '\n' for row in rows))


def describe_user(va, pid, mm, comm):
    """Where VA lies in process PID: its VMA, or none."""
    for vma in vmas(mm):
        if int(vma['vm_start']) <= va < int(vma['vm_end']):
            return 'process %d (%s), in the VMA %x-%x %s %s' % (
                pid, comm, int(vma['vm_start']), int(vma['vm_end']), vma_perms(vma),
                vma_kind(vma))
    return 'process %d (%s), in no VMA' % (pid, comm)


def print_walk(va, root):
    """The walk of VA from the table at physical ROOT, one line per level."""
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


def parse_args(arg):
    """(pid or None, ADDR expression or None): a decimal number first is a PID."""
    words = arg.split(None, 1)
    if words and re.fullmatch(r'\d+', words[0]):
        return int(words[0]), (words[1] if len(words) > 1 else None)
    return None, arg.strip() or None


class StrataPt(gdb.Command):
    """Walk the page tables for a virtual address, or list a process's VMAs.

Usage: strata-pt ADDR | strata-pt PID ADDR | strata-pt PID
ADDR is any GDB expression: 0xffff888000100000, kmain, &log_next, $rsp.
Prints each level's entry (pgd, pud, pmd, pte) with its flags decoded
(P RW US PWT PCD A D PS/PAT G NX), then the physical address and page size,
or the level where the walk stops. Without PID the walk starts from CR3,
the tables the CPU is using now; with PID (a decimal number, see
strata-ps) from that process's pgd, as the shell's pt PID:ADDR. strata-pt
PID alone lists its VMAs: range, permissions, kind, pages, pages mapped.
Tables are read through the direct map."""

    def __init__(self):
        super().__init__('strata-pt', gdb.COMMAND_DATA, gdb.COMPLETE_SYMBOL)

    def invoke(self, arg, from_tty):
        pid, expr = parse_args(arg)
        if pid is None and expr is None:
            raise gdb.GdbError('usage: strata-pt ADDR | strata-pt PID ADDR | strata-pt PID')
        kmem.require_kernel('strata-pt')
        if expr is None:
            print_vmas(pid)
            return
        va = kmem.addr_of(expr)
        if pid is None:
            where = layout.describe(va)
        else:
            task, mm, root = process_mm(pid, 'strata-pt')
            where = describe_user(va, pid, mm, kmem.c_string(task['comm']))
        gdb.write('strata-pt %#018x (%s)\n' % (va, where))
        if not is_canonical(va):
            gdb.write('  non-canonical address: the CPU faults (#GP) '
                      'before any walk\n')
            return
        if pid is None:
            root = cr3_root()
            gdb.write('  root: CR3 -> pgd at phys %#x\n' % root)
        else:
            gdb.write('  root: process %d\'s pgd at phys %#x\n' % (pid, root))
        print_walk(va, root)


def register():
    StrataPt()
