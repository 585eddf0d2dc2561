# SPDX-License-Identifier: MIT
"""strata-slabinfo: the slab caches and their counts, read from the list
slab_caches (mm/slab_internal.h) and printed as slabinfo_print()
(mm/slabinfo.c) prints them: Linux's /proc/slabinfo 2.1 columns, then
strata's slot size and bytes wasted per slab.

Per cache (struct kmem_cache, mm/slab.h): active_objs, nr_slabs, objects
per slab, order; active slabs are those on the full and partial lists,
which link head pages through struct page's next pfn (PFN_NONE ends them).

In a kernel built without the slab layer (no symbol slab_caches) the
command says so in one line.
"""

import gdb

from strata import kmem

PAGE_SIZE = 4096


def pfn_list(head):
    """The pfns of the list starting at HEAD (linked by struct page.next);
    stops after max_pfn steps, so a corrupt list cannot hang GDB."""
    none = kmem.const('mm/page.h', 'PFN_NONE')
    max_pfn = int(kmem.value('max_pfn'))
    pfns = []
    while head != none and len(pfns) <= max_pfn:
        pfns.append(head)
        head = int(kmem.value('mem_map[%d].next' % head))
    return pfns


def caches():
    """Every struct kmem_cache, as gdb.Values, newest first."""
    cache = kmem.value('slab_caches')
    seen = []
    while int(cache) and len(seen) < 10000:
        seen.append(cache.dereference())
        cache = cache['next']
    return seen


def slabinfo_lines():
    """slabinfo_print()'s lines, computed from memory."""
    lines = [
        'slabinfo - version: 2.1',
        '# name            <active_objs> <num_objs> <objsize> <objperslab> '
        '<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : '
        'slabdata <active_slabs> <num_slabs> <sharedavail> : strata '
        '<slotsize> <wasteperslab>']
    for s in caches():
        active = 0
        for lst in ('full', 'partial'):
            active += len(pfn_list(int(s[lst])))
        objects, order = int(s['objects']), int(s['order'])
        lines.append(
            '%-17s %6d %6d %6d %4d %4d : tunables %4d %4d %4d : slabdata '
            '%6d %6d %6d : strata %6d %6d'
            % (kmem.c_string(s['name']), int(s['active_objs']),
               int(s['nr_slabs']) * objects, int(s['object_size']), objects,
               1 << order, 0, 0, 0, active, int(s['nr_slabs']), 0,
               int(s['size']), (PAGE_SIZE << order) - objects * int(s['size'])))
    return lines


class StrataSlabinfo(gdb.Command):
    """Print the slab caches and their object counts (like /proc/slabinfo).

Usage: strata-slabinfo
One line per cache, newest first: objects in use, objects in all slabs,
object size, objects per slab, pages per slab, active and total slabs, then
strata's slot size (object plus alignment, free pointer and debug fields)
and the bytes of each slab no object uses."""

    def __init__(self):
        super().__init__('strata-slabinfo', gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if arg.strip():
            raise gdb.GdbError('strata-slabinfo takes no arguments')
        if not kmem.has_symbol('slab_caches'):
            gdb.write('strata-slabinfo: no slab allocator in this kernel '
                      '(no symbol slab_caches)\n')
            return
        kmem.require_setup('strata-slabinfo', 'slab_caches != 0',
                           'the slab allocator', 'kmem_cache_init',
                           'slabinfo_print')
        gdb.write('\n'.join(slabinfo_lines()) + '\n')


def register():
    StrataSlabinfo()
