# SPDX-License-Identifier: MIT
"""strata's GDB commands, one module per command, registered in this order.

To add a command: write strata/NAME.py with a
gdb.Command subclass and a register() that instantiates it, using the
helpers in strata/kmem.py to read kernel memory, then add NAME to COMMANDS.
"""

import importlib

import gdb

# Modules under strata/, each providing register(). kmem holds the shared
# helpers and registers nothing.
COMMANDS = (
    'attach',   # strata-attach [HOST:]PORT: connect and run to kmain
    'layout',   # strata-layout: the kernel virtual address layout
    'pt',       # strata-pt [PID] ADDR | PID: a page-table walk; a process's VMAs
    'dmesg',    # strata-dmesg [N]: the kernel log from log_buf
    'buddyinfo',  # strata-buddyinfo: free blocks per order per zone
    'page',     # strata-page PFN|ADDR: a frame's struct page, decoded
    'slabinfo',  # strata-slabinfo: the slab caches (with the slab layer)
    'vmallocinfo',  # strata-vmallocinfo: live vmalloc areas (with vmalloc)
    'lsmod',    # strata-lsmod: the loaded modules (kernel/module/loader.c)
    'modsyms',  # strata-modsyms [DIR..]: module symbols at their addresses
    'percpu',   # strata-percpu [VAR [CPU]]: a per-CPU variable on each CPU
    'ps',       # strata-ps: the user processes (kernel/process.c)
)


def load():
    """Import (or re-import, after an edit) every command module; register."""
    kmem = importlib.import_module('strata.kmem')
    importlib.reload(kmem)
    for name in COMMANDS:
        module = importlib.import_module('strata.' + name)
        importlib.reload(module)
        module.register()
    gdb.write('strata: GDB commands: %s (help NAME for each)\n'
              % ', '.join('strata-' + name for name in COMMANDS))
