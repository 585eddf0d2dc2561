# SPDX-License-Identifier: MIT
"""strata-buddyinfo: free blocks per order per zone, read from zones[]
(mm/mmzone.h) and printed as buddyinfo_print() (mm/page_info.c) prints
them, in the shape of Linux's /proc/buddyinfo:

    Node 0, zone      DMA      1      0      1 ...      2
    Node 0, zone    DMA32     12      7      3 ...     58

One line per zone that has pages (managed_pages != 0), one column per
order 0..MAX_ORDER: zones[z].free_area[order].nr_free. Then one line per
such zone with the order-0 pages on each possible CPU's per-CPU list
(mm/page_pcp.c), which no column counts:

    Node 0, zone    DMA32 pcp: cpu0 7, cpu1 0

Each CPU's list is the zone's per_cpu_pageset (the per-CPU template's
address) plus __per_cpu_offset[cpu], modulo 2^64. The GDB test compares
these lines with the kernel's own, printed just before its breakpoint.
"""

import gdb

from strata import kmem


def zone_lines():
    """The buddyinfo lines, as buddyinfo_print() formats them."""
    if not kmem.has_symbol('zones'):
        raise gdb.GdbError('strata-buddyinfo: no buddy allocator in this '
                           'kernel (no symbol zones)')
    kmem.require_setup('strata-buddyinfo', 'max_pfn != 0',
                       'the buddy allocator', 'mem_map_init', 'meminfo_print')
    zones = kmem.value('zones')
    nr_zones = zones.type.strip_typedefs().range()[1] + 1
    nr_orders = kmem.const('mm/gfp.h', 'NR_ORDERS')
    lines = []
    for z in range(nr_zones):
        zone = zones[z]
        if int(zone['managed_pages']) == 0:
            continue
        line = 'Node 0, zone %8s' % kmem.c_string(zone['name'])
        for order in range(nr_orders):
            line += ' %6d' % int(zone['free_area'][order]['nr_free'])
        lines.append(line)
    nr_cpus = int(kmem.value('nr_cpu_ids'))
    offsets = kmem.value('__per_cpu_offset')
    for z in range(nr_zones):
        zone = zones[z]
        if int(zone['managed_pages']) == 0:
            continue
        pcp = zone['per_cpu_pageset']
        counts = []
        for cpu in range(nr_cpus):
            addr = (int(pcp) + int(offsets[cpu])) & 0xffffffffffffffff
            mine = gdb.Value(addr).cast(pcp.type).dereference()
            counts.append('cpu%d %d' % (cpu, int(mine['count'])))
        lines.append('Node 0, zone %8s pcp: %s' % (kmem.c_string(zone['name']),
                                                    ', '.join(counts)))
    return lines


class StrataBuddyinfo(gdb.Command):
    """Print the free blocks of each order in each zone (like /proc/buddyinfo).

Usage: strata-buddyinfo
One line per populated zone; column N is the number of free blocks of
2^N pages on that zone's free list (orders 0..MAX_ORDER). Then a pcp line
per zone: the order-0 pages on each CPU's per-CPU list, not in the columns.
Read from zones[] in memory: run it before and after an alloc_pages() to
see a split."""

    def __init__(self):
        super().__init__('strata-buddyinfo', gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if arg.strip():
            raise gdb.GdbError('strata-buddyinfo takes no arguments')
        gdb.write('\n'.join(zone_lines()) + '\n')


def register():
    StrataBuddyinfo()
