# SPDX-License-Identifier: MIT
"""strata-lsmod: the loaded modules, as the shell's lsmod prints them:

    Module                  Size  State   Address
    modtest                12288  live    0xffffffffa0000000

read from the loader's list (kernel/module/loader.c: module_list, newest first, of
struct module, kernel/module/internal.h). The state names are the enum's
(MODULE_STATE_LIVE -> live). module_symbol() names an address inside a
module's text as the kernel's %pS does ("modtest_init+0x48/0x72
[modtest]"), from the function symbols the loader kept; kmem.ksym_format()
uses it for addresses outside the kernel.
"""

import gdb

from strata import kmem


def modules():
    """The struct module Values of module_list, newest first."""
    if not kmem.has_symbol('module_list'):
        return []
    mods, mod = [], kmem.value('module_list')
    while int(mod) and len(mods) < 1000:
        mods.append(mod.dereference())
        mod = mod['next']
    return mods


def state_name(value):
    """enum module_state VALUE as lsmod prints it: MODULE_STATE_LIVE -> live."""
    for f in gdb.lookup_type('enum module_state').fields():
        if f.enumval == value:
            return f.name.replace('MODULE_STATE_', '').lower()
    return str(value)


def module_symbol(addr):
    """"sym+0xoff/0xsize [module]" for ADDR in a loaded module's text, else None."""
    for mod in modules():
        base = int(mod['base'])
        if not base <= addr < base + int(mod['layout']['text_size']):
            continue
        name = kmem.c_string(mod['name'])
        for i in range(int(mod['nr_syms'])):
            sym = mod['syms'][i]
            start, size = int(sym['addr']), int(sym['size'])
            if start <= addr < start + size:
                sname = (mod['strtab'] + int(sym['name'])).string()
                return '%s+%#x/%#x [%s]' % (sname, addr - start, size, name)
        return '%#x [%s]' % (addr, name)
    return None


class StrataLsmod(gdb.Command):
    """Print the loaded modules (like the shell's lsmod).

Usage: strata-lsmod
One line per module, newest first: name, size in bytes (text, rodata,
data and bss, each part in whole pages), state (live, coming, going,
failed) and the address module_alloc() gave it in the modules area."""

    def __init__(self):
        super().__init__('strata-lsmod', gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if arg.strip():
            raise gdb.GdbError('strata-lsmod takes no arguments')
        if not kmem.has_symbol('module_list'):
            gdb.write('strata-lsmod: no module loader in this kernel\n')
            return
        gdb.write('Module                  Size  State   Address\n')
        for mod in modules():
            gdb.write('%-20s %7d  %-7s 0x%016x\n' % (
                kmem.c_string(mod['name']), int(mod['layout']['size']),
                state_name(int(mod['state'])), int(mod['base'])))


def register():
    StrataLsmod()
