# SPDX-License-Identifier: MIT
"""strata-slabinfo: the slab caches and their counts, read from the list
slab_caches (mm/slab_internal.h) and printed as slabinfo_print()
(mm/slabinfo.c) prints them: Linux's /proc/slabinfo 2.1 columns (objsize
is the slot size, as in Linux), then strata's object size and bytes
wasted per slab.

Per cache (struct kmem_cache, mm/slab.h): active_objs, nr_slabs, objects
per slab, order; as in SLUB, active slabs are all the slabs.

In a kernel built without the slab layer (no symbol slab_caches) the
command says so in one line.
"""

import gdb

from strata import kmem

PAGE_SIZE = 4096


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
        '<object_size> <wasteperslab>']
    for s in caches():
        objects, order = int(s['objects']), int(s['order'])
        lines.append(
            '%-17s %6d %6d %6d %4d %4d : tunables %4d %4d %4d : slabdata '
            '%6d %6d %6d : strata %6d %6d'
            % (kmem.c_string(s['name']), int(s['active_objs']),
               int(s['nr_slabs']) * objects, int(s['size']), objects,
               1 << order, 0, 0, 0, int(s['nr_slabs']), int(s['nr_slabs']), 0,
               int(s['object_size']),
               (PAGE_SIZE << order) - objects * int(s['size'])))
    return lines


class StrataSlabinfo(gdb.Command):
    """Print the slab caches and their object counts (like /proc/slabinfo).

Usage: strata-slabinfo
One line per cache, newest first: objects in use, objects in all slabs,
slot size (Linux's objsize: the object plus alignment, free pointer and
debug fields), objects per slab, pages per slab, active and total slabs,
then strata's object size (what the cache was created for) and the bytes
of each slab no object uses."""

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
