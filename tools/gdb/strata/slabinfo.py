# SPDX-License-Identifier: MIT
"""strata-slabinfo: the slab caches and their counts, read from the list
slab_caches (mm/slab_internal.h) and printed as slabinfo_print()
(mm/slabinfo.c) prints them: Linux's /proc/slabinfo 2.1 columns (objsize
is the slot size, as in Linux), then strata's object size, bytes wasted
per slab and free objects in the CPUs' slabs; then, as
slabinfo_cpu_print() does, those free objects CPU by CPU.

Per cache (struct kmem_cache, mm/slab.h): nr_slabs, objects per slab,
order; as in SLUB, active slabs are all the slabs. Per CPU, its struct
kmem_cache_cpu at cpu_slab + __per_cpu_offset[cpu] (kernel/percpu.h):
objects in use are the sum of every CPU's allocated; a CPU slab's free
objects are its freelist's nr_free plus those other CPUs freed to it
(objects - inuse of the slab's head page).

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


def nr_cpus():
    """nr_cpu_ids: the CPUs with a per-CPU area."""
    return int(kmem.value('nr_cpu_ids'))


def cpu_slab(s, cpu):
    """cpu's struct kmem_cache_cpu of cache s (per_cpu_ptr())."""
    offset = int(kmem.value('__per_cpu_offset')[cpu])
    addr = (int(s['cpu_slab']) + offset) & 0xffffffffffffffff  # wraps, as in C
    return gdb.Value(addr).cast(s['cpu_slab'].type).dereference()


def active_objs(s):
    """kmem_cache_active_objs(): the CPUs' allocated counts, summed."""
    n = sum(int(cpu_slab(s, cpu)['allocated']) for cpu in range(nr_cpus()))
    return max(n, 0)


def cpu_free(s, cpu):
    """Free objects in cpu's slab of s, as kmem_cache_cpu_free()."""
    c = cpu_slab(s, cpu)
    if not int(c['slab']):
        return 0
    return int(c['nr_free']) + int(s['objects']) - int(c['slab']['inuse'])


def slabinfo_lines():
    """slabinfo_print()'s lines, then slabinfo_cpu_print()'s, from memory."""
    lines = [
        'slabinfo - version: 2.1',
        '# name            <active_objs> <num_objs> <objsize> <objperslab> '
        '<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : '
        'slabdata <active_slabs> <num_slabs> <sharedavail> : strata '
        '<object_size> <wasteperslab> <cpufree>']
    cpus = range(nr_cpus())
    for s in caches():
        objects, order = int(s['objects']), int(s['order'])
        lines.append(
            '%-17s %6d %6d %6d %4d %4d : tunables %4d %4d %4d : slabdata '
            '%6d %6d %6d : strata %6d %6d %6d'
            % (kmem.c_string(s['name']), active_objs(s),
               int(s['nr_slabs']) * objects, int(s['size']), objects,
               1 << order, 0, 0, 0, int(s['nr_slabs']), int(s['nr_slabs']), 0,
               int(s['object_size']),
               (PAGE_SIZE << order) - objects * int(s['size']),
               sum(cpu_free(s, cpu) for cpu in cpus)))
    lines.append('slabinfo per CPU: free objects in each CPU\'s slab')
    lines.append('# name             '
                 + ''.join(' %9s' % ('cpu%d' % cpu) for cpu in cpus))
    for s in caches():
        free = [cpu_free(s, cpu) for cpu in cpus]
        if sum(free):
            lines.append('%-17s' % kmem.c_string(s['name'])
                         + ''.join(' %9d' % n for n in free))
    return lines


class StrataSlabinfo(gdb.Command):
    """Print the slab caches and their object counts (like /proc/slabinfo).

Usage: strata-slabinfo
One line per cache, newest first: objects in use, objects in all slabs,
slot size (Linux's objsize: the object plus alignment, free pointer and
debug fields), objects per slab, pages per slab, active and total slabs,
then strata's object size (what the cache was created for), the bytes
of each slab no object uses and the free objects held in CPU slabs;
then, per cache with such objects, how many each CPU holds."""

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
