# SPDX-License-Identifier: MIT
"""strata-page PFN|ADDR: the struct page of one frame (mm/page.h), its
fields decoded and its state in words, the same words as the kernel's
page_describe_state() (mm/page_debug.c) uses in its reports:

    free, head of an order-3 block, last freed by bar+0x30/0x80
    free, inside the order-3 block at pfn 0x1238
    allocated, head of an order-2 block, allocated by foo+0x12/0x40
    inside an allocated block (not its first page)
    reserved (not managed by the buddy allocator)
    owned by a slab (cache 00000000...)
    not RAM (a hole in the memory map) / not RAM (beyond max_pfn 0x...)

The argument is a pfn (any value below the kernel half), or an address,
resolved in this order: a pointer into mem_map[] (a struct page *, as
alloc_pages() returns in $rax), a direct-map address, a kernel-image
address, and anything else (a vmalloc address) by a page-table walk from
CR3, as strata-pt does. The GDB test compares the state line with the
kernel's own description of the same frames.
"""

import gdb

from strata import kmem, pt

PAGE_SHIFT = 12


def flag(name):
    """A PG_* flag (or PFN_NONE) from mm/page.h."""
    return kmem.const('mm/page.h', name)


def mem_map():
    """(address of mem_map[0], max_pfn, sizeof(struct page))."""
    if not kmem.has_symbol('mem_map'):
        raise gdb.GdbError('strata-page: no buddy allocator in this kernel '
                           '(no symbol mem_map)')
    kmem.require_setup('strata-page', 'max_pfn != 0',
                       'mem_map (the struct pages)', 'mem_map_init',
                       'meminfo_print')
    return (int(kmem.value('(unsigned long)mem_map')),
            int(kmem.value('max_pfn')),
            int(kmem.value('sizeof(struct page)')))


def page(pfn):
    """The struct page of PFN, as a gdb.Value."""
    return kmem.value('mem_map[%d]' % pfn)


def find_free_block(pfn):
    """(head pfn, order) of the free block holding PFN, or None: the same
    search as find_free_block() in mm/page_debug.c, one candidate head per
    order."""
    for order in range(kmem.const('mm/gfp.h', 'NR_ORDERS')):
        head = pfn & ~((1 << order) - 1)
        p = page(head)
        if (int(p['flags']) & flag('PG_buddy') and int(p['order']) >= order
                and pfn < head + (1 << int(p['order']))):
            return head, int(p['order'])
    return None


def pfn_is_ram(pfn):
    """Is PFN inside a memblock "memory" region (usable RAM)?"""
    regions = kmem.value("'memblock.c'::memblock_memory")
    count = int(kmem.value("'memblock.c'::memblock_nr_memory"))
    pa = pfn << PAGE_SHIFT
    return any(int(regions[i]['start']) <= pa < int(regions[i]['end'])
               for i in range(count))


def describe_state(pfn):
    """page_describe_state(PFN), computed from memory."""
    _, max_pfn, _ = mem_map()
    if pfn >= max_pfn:
        return 'not RAM (beyond max_pfn %#x)' % max_pfn
    p = page(pfn)
    flags = int(p['flags'])
    if flags & flag('PG_slab'):
        return 'owned by a slab (cache %016x)' % int(p['slab_cache'])
    if flags & flag('PG_buddy'):
        if int(p['caller']):
            return ('free, head of an order-%d block, last freed by %s'
                    % (int(p['order']), kmem.ksym_format(int(p['caller']))))
        return 'free, head of an order-%d block' % int(p['order'])
    if flags & flag('PG_head'):
        return ('allocated, head of an order-%d block, allocated by %s'
                % (int(p['order']), kmem.ksym_format(int(p['caller']))))
    if flags & flag('PG_reserved'):
        return 'reserved (not managed by the buddy allocator)'
    block = find_free_block(pfn)
    if block:
        return 'free, inside the order-%d block at pfn %#x' % (block[1],
                                                              block[0])
    if not pfn_is_ram(pfn):
        return 'not RAM (a hole in the memory map)'
    return 'inside an allocated block (not its first page)'


def resolve(arg):
    """(pfn, how the argument was read) for the text ARG."""
    addr = kmem.addr_of(arg)
    base, max_pfn, size = mem_map()
    if addr < 1 << 47:
        return addr, 'a pfn'
    if base <= addr < base + max_pfn * size:
        pfn = (addr - base) // size
        return pfn, '&mem_map[%#x]%s, a struct page *' % (
            pfn, '' if (addr - base) % size == 0 else ' + %d'
            % ((addr - base) % size))
    offset = kmem.memlayout('PAGE_OFFSET')
    if offset <= addr < offset + kmem.memlayout('DIRECT_MAP_SIZE'):
        return (addr - offset) >> PAGE_SHIFT, 'in the direct map'
    image = kmem.memlayout('KERNEL_VMA')
    if image <= addr < image + kmem.memlayout('KERNEL_IMAGE_SIZE'):
        return (addr - image) >> PAGE_SHIFT, 'in the kernel image window'
    if not pt.is_canonical(addr):
        raise gdb.GdbError('strata-page: %#x is not a canonical address'
                           % addr)
    steps, leaf = pt.walk(addr, pt.cr3_root())
    if not leaf:
        raise gdb.GdbError('strata-page: %#x is not mapped (the walk stops '
                           'at the %s; strata-pt %#x shows it)'
                           % (addr, pt.LEVELS[steps[-1][0]], addr))
    return leaf[0] >> PAGE_SHIFT, 'mapped by the page tables to phys %#x' \
        % leaf[0]


def flag_names(flags):
    """'PG_head|PG_kmalloc' for the PG_* bits set in FLAGS (others in hex)."""
    names, rest = [], flags
    for name in ('PG_reserved', 'PG_buddy', 'PG_head', 'PG_slab',
                 'PG_kmalloc'):
        if flags & flag(name):
            names.append(name)
            rest &= ~flag(name)
    if rest:
        names.append('%#x' % rest)
    return '|'.join(names) or 'none'


def pfn_text(link):
    """A next/prev pfn link: hex, or 'none' for PFN_NONE."""
    return 'none' if link == flag('PFN_NONE') else '%#x' % link


def fields(pfn):
    """The fields of mem_map[PFN] that its state gives a meaning, as lines."""
    p = page(pfn)
    flags = int(p['flags'])
    lines = ['flags    %#x (%s)' % (flags, flag_names(flags))]
    if flags & flag('PG_slab'):
        cache = int(p['slab_cache'])
        name = '?'
        try:
            name = kmem.c_string(p['slab_cache'].dereference()['name'])
        except (gdb.error, gdb.GdbError):
            pass
        lines.append('cache    %#018x "%s"' % (cache, name))
        lines.append('inuse    %d of %d objects (if this is the slab\'s '
                     'head page)' % (int(p['inuse']), int(p['objects'])))
        lines.append('freelist %#x' % (int(p['freelist']) & (2**64 - 1)))
    elif flags & (flag('PG_buddy') | flag('PG_head')):
        lines.append('order    %d (%d pages, pfn %#x-%#x)'
                     % (int(p['order']), 1 << int(p['order']), pfn,
                        pfn + (1 << int(p['order'])) - 1))
    if flags & flag('PG_buddy') or flags & flag('PG_slab'):
        lines.append('next     %s, prev %s' % (pfn_text(int(p['next'])),
                                               pfn_text(int(p['prev']))))
    if flags & flag('PG_head') and not flags & flag('PG_slab'):
        caller = int(p['caller'])
        lines.append('caller   %#x %s%s' % (
            caller, kmem.ksym_format(caller),
            ' (a kmalloc() too large for the slab caches)'
            if flags & flag('PG_kmalloc') else ''))
    return lines


class StrataPage(gdb.Command):
    """Decode the struct page of a frame, and say what state it is in.

Usage: strata-page PFN|ADDR
A value below the kernel half is a pfn (strata-page 0x1234). An address may
be a struct page * (strata-page $rax after "finish" from alloc_pages), a
direct-map address (0xffff888001234000, page_address()), a kernel-image
address (&log_buf, kmain) or any mapped address, such as a vmalloc one
(found by a page-table walk). Prints the frame, the struct page's fields
that its state uses, and the state in the words of the kernel's
page_describe_state()."""

    def __init__(self):
        super().__init__('strata-page', gdb.COMMAND_DATA, gdb.COMPLETE_SYMBOL)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            raise gdb.GdbError('usage: strata-page PFN|ADDR')
        base, max_pfn, size = mem_map()
        pfn, how = resolve(arg)
        gdb.write('strata-page pfn %#x (phys %#x; %s: %s)\n'
                  % (pfn, pfn << PAGE_SHIFT, arg.strip(), how))
        if pfn < max_pfn:
            gdb.write('  struct page at %#x (&mem_map[%#x]), zone %s\n'
                      % (base + pfn * size, pfn, zone_name(pfn)))
            for line in fields(pfn):
                gdb.write('  ' + line + '\n')
        gdb.write('  state:   %s\n' % describe_state(pfn))


def zone_name(pfn):
    """The name of the zone whose span holds PFN ('none' if none does)."""
    zones = kmem.value('zones')
    for z in range(zones.type.strip_typedefs().range()[1] + 1):
        if int(zones[z]['start_pfn']) <= pfn < int(zones[z]['end_pfn']):
            return kmem.c_string(zones[z]['name'])
    return 'none'


def register():
    StrataPage()
