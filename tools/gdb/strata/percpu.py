# SPDX-License-Identifier: MIT
"""strata-percpu [VAR [CPU]]: a per-CPU variable's value on each CPU, read
the way per_cpu(VAR, cpu) reads it (kernel/percpu.h): the template's
address plus __per_cpu_offset[cpu].

    strata-percpu                     the CPUs: online, offset, area
    strata-percpu cpu_number          CPU 0: 0 / CPU 1: 1 / ...
    strata-percpu irq_stat.apic_timer_irqs 1

VAR is a DEFINE_PER_CPU variable (its address lies in the template,
__per_cpu_start .. __per_cpu_end), optionally followed by C member and
index accessors (.field, [i]) applied to each CPU's copy. One line per
possible CPU (nr_cpu_ids), or only CPU. Before setup_per_cpu_areas() every
offset is 0 and the template is CPU 0's copy, as the kernel reads it.
"""

import re

import gdb

from strata import kmem

MASK64 = (1 << 64) - 1
_VAR_RE = re.compile(r'^([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*|\[[^\]]+\])*)$')


def cpus():
    """[(cpu, online, offset)] for every possible CPU."""
    kmem.require_kernel('strata-percpu')
    nr = int(kmem.value('nr_cpu_ids'))
    mask = kmem.value('__cpu_online_mask')['bits']
    out = []
    for cpu in range(nr):
        word = int(mask[cpu // 64])
        out.append((cpu, bool(word >> (cpu % 64) & 1),
                    int(kmem.value('__per_cpu_offset[%d]' % cpu))))
    return out


def per_cpu_value(var, cpu_offset):
    """VAR (name plus accessors) in the copy at cpu_offset, as a gdb.Value."""
    m = _VAR_RE.match(var)
    if not m:
        raise gdb.GdbError('strata-percpu: %r is not NAME[.field|[i]]...' % var)
    name, rest = m.groups()
    if not kmem.has_symbol(name):
        raise gdb.GdbError('strata-percpu: no symbol %s in this kernel' % name)
    addr = kmem.value('&' + name)
    start = kmem.symbol_addr('__per_cpu_start')
    end = kmem.symbol_addr('__per_cpu_end')
    if not start <= int(addr) < end:
        raise gdb.GdbError('strata-percpu: %s is not a per-CPU variable (not '
                           'in .data..percpu, %#x-%#x)' % (name, start, end))
    copy = gdb.Value((int(addr) + cpu_offset) & MASK64).cast(addr.type).dereference()
    gdb.set_convenience_variable('strata_percpu', copy)
    return gdb.parse_and_eval('$strata_percpu' + rest)


class StrataPercpu(gdb.Command):
    """Print a per-CPU variable on each CPU (per_cpu(VAR, cpu) for every cpu).

Usage: strata-percpu [VAR [CPU]]
Without VAR: each possible CPU, online or not, its __per_cpu_offset and
its area. With VAR (a DEFINE_PER_CPU name, then .field or [i] accessors):
its value in each possible CPU's copy, or in CPU's only. Every CPU is also
a GDB thread (info threads; thread N+1 is CPU N), whose $gs_base is that
CPU's offset once its area is set up."""

    def __init__(self):
        super().__init__('strata-percpu', gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        if len(argv) > 2:
            raise gdb.GdbError('usage: strata-percpu [VAR [CPU]]')
        table = cpus()
        if len(argv) == 2:
            try:
                want = int(argv[1], 0)
            except ValueError:
                raise gdb.GdbError('strata-percpu: CPU %r is not a number' % argv[1])
            if not 0 <= want < len(table):
                raise gdb.GdbError('strata-percpu: CPU %d is not possible (nr_cpu_ids %d)'
                                   % (want, len(table)))
            table = [table[want]]
        start = kmem.symbol_addr('__per_cpu_start')
        for cpu, online, offset in table:
            state = '' if online else ' (offline)'
            if not argv:
                gdb.write('CPU %d: offset 0x%016x, area 0x%016x%s\n'
                          % (cpu, offset, (start + offset) & MASK64, state))
            else:
                gdb.write('CPU %d: %s%s\n' % (cpu, per_cpu_value(argv[0], offset), state))


def register():
    StrataPercpu()
