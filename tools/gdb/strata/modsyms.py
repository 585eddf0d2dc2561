# SPDX-License-Identifier: MIT
"""strata-modsyms [DIR ...]: give GDB the symbols of loaded modules at the
addresses the loader placed their sections, as Linux's lx-symbols does, so
that `break modtest_init`, `list` and `bt` work in module code.

For every module on the loader's list (strata-lsmod), NAME.ko is looked up
in the DIRs (default: the current directory and each tests/modules/*/), its
section names are read from the file, and each section the loader placed
(struct module.layout.offset[i], kernel/module/internal.h) is given to
add-symbol-file at base + offset. A breakpoint inside the loader, at
call_init() (kernel/module/loader.c, just before a module's init runs), stays set
and does the same for each module loaded later, then lets the kernel go
on: with `set breakpoint pending on`, a breakpoint on a module's function
set before insmod is hit in its init.
"""

import glob
import os
import struct

import gdb

from strata import kmem, lsmod

# Sections the loader never places have offset MODULE_NOT_PLACED.
NOT_PLACED = 0xffffffffffffffff


def MAX_SECTIONS():
    """The loader's MODULE_MAX_SECTIONS: the length of layout.offset[]."""
    return kmem.const('kernel/module/internal.h', 'MODULE_MAX_SECTIONS')
_dirs = []
_loaded = set()  # (name, base) already given to GDB


def section_names(path):
    """The section names of the ELF64 file at PATH, by section index."""
    with open(path, 'rb') as f:
        data = f.read()
    shoff, = struct.unpack_from('<Q', data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', data, 0x3a)
    headers = [struct.unpack_from('<IIQQQQ', data, shoff + i * shentsize)
               for i in range(shnum)]
    strtab_off, strtab_size = headers[shstrndx][4], headers[shstrndx][5]
    strtab = data[strtab_off:strtab_off + strtab_size]
    return [strtab[h[0]:strtab.index(b'\0', h[0])].decode() for h in headers]


def find_ko(name):
    """The path of NAME.ko in the search directories, or None."""
    dirs = _dirs or ['.'] + sorted(glob.glob(os.path.join(kmem.ROOT, 'tests/modules/*')))
    for d in dirs:
        path = os.path.join(d, name + '.ko')
        if os.path.isfile(path):
            return path
    return None


def load_symbols(mod):
    """add-symbol-file for the struct module Value MOD; a line if no .ko."""
    name, base = kmem.c_string(mod['name']), int(mod['base'])
    if (name, base) in _loaded:
        return
    path = find_ko(name)
    if not path:
        gdb.write('strata-modsyms: no %s.ko in %s\n' % (name, _dirs or 'the defaults'))
        return
    args = []
    for i, sec in enumerate(section_names(path)):
        offset = int(mod['layout']['offset'][i]) if i < MAX_SECTIONS() else NOT_PLACED
        if sec and offset != NOT_PLACED:
            args.append((sec, base + offset))
    text = [a for s, a in args if s == '.text']
    cmd = 'add-symbol-file %s %s %s' % (
        path, '%#x' % text[0] if text else '',
        ' '.join('-s %s %#x' % (s, a) for s, a in args if s != '.text'))
    gdb.execute(cmd, to_string=True)
    _loaded.add((name, base))
    gdb.write('strata-modsyms: %s symbols at %#x (%s)\n' % (name, base, path))


class LoadBreakpoint(gdb.Breakpoint):
    """At call_init(): the module about to start is ((struct module_call *)arg)->mod."""

    def __init__(self):
        super().__init__('call_init', internal=True)

    def stop(self):
        call = gdb.parse_and_eval('(struct module_call *)$rdi')
        load_symbols(call['mod'].dereference())
        return False


class StrataModsyms(gdb.Command):
    """Load the symbols of loaded modules at their load addresses (lx-symbols).

Usage: strata-modsyms [DIR ...]
Finds NAME.ko for each module on the loader's list in the DIRs (default:
. and tests/modules/*/), and adds its symbols where the loader placed each
section; keeps a breakpoint in the loader that does the same for modules
loaded later, before their init runs."""

    breakpoint = None

    def __init__(self):
        super().__init__('strata-modsyms', gdb.COMMAND_FILES)

    def invoke(self, arg, from_tty):
        _dirs[:] = gdb.string_to_argv(arg)
        if not kmem.has_symbol('module_list'):
            raise gdb.GdbError('strata-modsyms: no module loader in this kernel')
        for mod in lsmod.modules():
            load_symbols(mod)
        if StrataModsyms.breakpoint is None or not StrataModsyms.breakpoint.is_valid():
            StrataModsyms.breakpoint = LoadBreakpoint()


def register():
    StrataModsyms()
