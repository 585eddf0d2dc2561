# SPDX-License-Identifier: MIT
"""strata-vmallocinfo: the live vmalloc areas, in the shape of Linux's
/proc/vmallocinfo:

    0xffffc90000000000-0xffffc90000004000   16384 foo+0x12/0x40 pages=3 vmalloc

read from the busy trees of the vmalloc region's and the modules area's
struct vmap_space (mm/vmap_area.h): an rb-tree of struct vmap_area ordered by address, each
busy node with its range (guard page included, as Linux counts it), its
caller, and its owner, vmalloc's record of the area (struct vm_struct:
pages and whether vmalloc or vmap made it).

NOTE: written while vmalloc (issue 5) is being written. The region's
vmap_space is found by its type, not by name, and the owner's fields are
read only if they exist, so the command follows small renames. In a kernel
without a vmap_space variable it says so in one line.
"""

import re

import gdb

from strata import kmem

# Linux's VM_* flags (linux/vmalloc.h), if mm/vmalloc.h does not give them.
LINUX_VM_FLAGS = {'VM_ALLOC': 0x2, 'VM_MAP': 0x4}


def find_spaces():
    """The names of the kernel's struct vmap_space variables, the vmalloc
    region's (vmap_space) first, then the modules area's; [] if none.
    Variables are found by type with "info variables -t"."""
    try:
        out = gdb.execute('info variables -q -t vmap_space', to_string=True)
    except gdb.error:
        return []
    names = re.findall(r'struct vmap_space\s+(\w+)(?:\[\d*\])?;', out)
    return sorted(set(names), key=lambda n: (n != 'vmap_space', n))


def busy_areas(space):
    """The busy struct vmap_area Values of SPACE, in address order."""
    return kmem.rb_entries(kmem.value('%s.busy_root.root' % space),
                           'struct vmap_area', 'rb_node')


def field(val, name):
    """VAL[NAME] as an int, or None if the struct has no such field."""
    try:
        return int(val[name])
    except gdb.error:
        return None


def vm_flag(name):
    """A VM_* flag from mm/vmalloc.h if present, else Linux's value."""
    try:
        return kmem.const('mm/vmalloc.h', name)
    except (gdb.GdbError, OSError):
        return LINUX_VM_FLAGS[name]


def unpurged_flag():
    """strata's VM_UNPURGED (mm/vmalloc_internal.h): a lazily freed area; 0 if the kernel has none."""
    try:
        return kmem.const('mm/vmalloc_internal.h', 'VM_UNPURGED')
    except (gdb.GdbError, OSError):
        return 0


def area_vm(area):
    """The vm_struct Value of a busy vmap_area, or None."""
    owner = int(area['owner'])
    try:
        return gdb.Value(owner).cast(
            gdb.lookup_type('struct vm_struct').pointer()).dereference() \
            if owner else None
    except gdb.error:
        return None


def is_unpurged(area):
    """Is AREA lazily freed, waiting on the purge list?"""
    vm = area_vm(area)
    return vm is not None and (field(vm, 'flags') or 0) & unpurged_flag() != 0


def area_line(area):
    """One /proc/vmallocinfo-style line for a busy vmap_area; a lazily freed
    one as Linux's show_purge_info() prints it."""
    start, end = int(area['va_start']), int(area['va_end'])
    line = '0x%016x-0x%016x %7d' % (start, end, end - start)
    if is_unpurged(area):
        return line + ' unpurged vm_area'
    caller = int(area['caller'])
    if caller:
        line += ' ' + kmem.ksym_format(caller)
    vm = area_vm(area)
    if vm is not None:
        pages = field(vm, 'nr_pages')
        flags = field(vm, 'flags') or 0
        if pages:
            line += ' pages=%d' % pages
        if flags & vm_flag('VM_ALLOC'):
            line += ' vmalloc'
        if flags & vm_flag('VM_MAP'):
            line += ' vmap'
    return line


class StrataVmallocinfo(gdb.Command):
    """Print the live vmalloc areas (like /proc/vmallocinfo).

Usage: strata-vmallocinfo
One line per area, by address: start-end (the guard page included), size
in bytes, the caller that allocated it, pages=N, and vmalloc or vmap; then
the lazily freed areas waiting for the purge, as "unpurged vm_area".
strata-pt on an address of an area shows its 4 KiB pages; strata-page
decodes the frame behind one."""

    def __init__(self):
        super().__init__('strata-vmallocinfo', gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if arg.strip():
            raise gdb.GdbError('strata-vmallocinfo takes no arguments')
        spaces = find_spaces()
        if not spaces:
            gdb.write('strata-vmallocinfo: no vmalloc allocator in this '
                      'kernel (no struct vmap_space variable)\n')
            return
        kmem.require_setup('strata-vmallocinfo', '%s.end != 0' % spaces[0],
                           'the vmalloc region', 'vmalloc_init',
                           'gdbtest_run_if_asked')
        for unpurged in (False, True):   # the live areas, then the lazily freed
            for space in spaces:
                for area in busy_areas(space):
                    if is_unpurged(area) == unpurged:
                        gdb.write(area_line(area) + '\n')


def register():
    StrataVmallocinfo()
