# SPDX-License-Identifier: MIT
"""Shared helpers of strata's GDB commands: read kernel memory, look up
symbols, and take constants from the kernel's own headers.

The constants (PAGE_OFFSET, _PAGE_NX, ...) are parsed from the C headers in
the source tree, not copied here, so mm/memlayout.h stays the single source
of truth for addresses and mm/pgtable.h for entry bits. Physical memory is
read through the direct map (PAGE_OFFSET + pa), as the kernel itself does
(mm/pgtable.c): it covers the low 4 GiB from the first instruction of
kmain() on, and all RAM after paging_init().
"""

import ast
import os
import re
import struct

import gdb

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))

_DEFINE_RE = re.compile(r'^#define\s+([A-Za-z_]\w*)\s+(.+)$')
_INT_SUFFIX_RE = re.compile(r'\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]+\b')
_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
        ast.Mult: lambda a, b: a * b, ast.LShift: lambda a, b: a << b,
        ast.RShift: lambda a, b: a >> b, ast.BitOr: lambda a, b: a | b,
        ast.BitAnd: lambda a, b: a & b}
_headers = {}   # path relative to ROOT -> {name: int}


def _eval_int(node, known):
    """Value of a parsed integer expression, or raise ValueError."""
    if isinstance(node, ast.Expression):
        return _eval_int(node.body, known)
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.Name) and node.id in known:
        return known[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_eval_int(node.left, known),
                                   _eval_int(node.right, known))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
        return ~_eval_int(node.operand, known) & 0xffffffffffffffff
    raise ValueError('not an integer constant expression')


def header_constants(path):
    """{NAME: value} of the integer #defines in the header ROOT/PATH.

    Only object-like macros whose value is integer arithmetic on literals
    and earlier macros of the same file; the rest are skipped.
    """
    if path not in _headers:
        known = {}
        with open(os.path.join(ROOT, path)) as f:
            text = re.sub(r'/\*.*?\*/', '', f.read(), flags=re.S)
        for line in text.splitlines():
            m = _DEFINE_RE.match(line.strip())
            if not m:
                continue
            expr = _INT_SUFFIX_RE.sub(r'\1', m.group(2).strip())
            try:
                known[m.group(1)] = _eval_int(ast.parse(expr, mode='eval'),
                                              known)
            except (SyntaxError, ValueError):
                pass
        _headers[path] = known
    return _headers[path]


def const(path, name):
    """The #define NAME from the header ROOT/PATH; GdbError if absent."""
    values = header_constants(path)
    if name not in values:
        raise gdb.GdbError('strata: %s does not define %s' % (path, name))
    return values[name]


def memlayout(name):
    """A constant of mm/memlayout.h (PAGE_OFFSET, VMALLOC_START, ...)."""
    return const('mm/memlayout.h', name)


def addr_of(expr):
    """The address EXPR evaluates to, as an unsigned 64-bit int.

    EXPR is any GDB expression: 0xffff888000100000, kmain, &log_next,
    $rsp, gdbtest_probes[0].va; a linker symbol without debug information
    (__text_end) gives its address.
    """
    try:
        return int(gdb.parse_and_eval('(unsigned long)(%s)' % expr)) \
            & 0xffffffffffffffff
    except gdb.error as e:
        # A linker symbol has no type ("has unknown type"): its address.
        if re.fullmatch(r'[A-Za-z_]\w*', expr.strip()):
            return symbol_addr(expr.strip())
        raise gdb.GdbError('strata: cannot evaluate "%s": %s' % (expr, e))


def symbol_addr(name):
    """The address of the symbol NAME (a variable or a linker symbol)."""
    try:
        return int(gdb.parse_and_eval('(unsigned long)&%s' % name)) \
            & 0xffffffffffffffff
    except gdb.error as e:
        raise gdb.GdbError('strata: no symbol %s (%s); is build/strata.elf '
                           'loaded?' % (name, e))


def read_bytes(va, size):
    """SIZE bytes at virtual address VA; GdbError if unreadable."""
    try:
        return bytes(gdb.selected_inferior().read_memory(va, size))
    except gdb.MemoryError as e:
        raise gdb.GdbError('strata: cannot read %d bytes at %#x: %s'
                           % (size, va, e))


def read_u64(va):
    """The little-endian 64-bit word at virtual address VA."""
    return struct.unpack('<Q', read_bytes(va, 8))[0]


def read_phys_u64(pa):
    """The 64-bit word at physical address PA, through the direct map."""
    return read_u64(memlayout('PAGE_OFFSET') + pa)


def format_size(size):
    """'4 KiB', '2 MiB', '128 TiB': the largest unit that divides SIZE,
    as the kernel's format_size() in mm/layout.c."""
    units = ('B', 'KiB', 'MiB', 'GiB', 'TiB')
    unit = 0
    while size >= 1024 and unit < len(units) - 1 and size % 1024 == 0:
        size //= 1024
        unit += 1
    return '%d %s' % (size, units[unit])


def has_symbol(name):
    """Does the loaded kernel define NAME (a variable, function or linker
    symbol)? The allocator commands use it to say "no slab allocator in
    this kernel" instead of failing on a kernel built without that layer.
    A weak reference that nothing defined (tests/gdbtest.c has some) has
    debug information but address 0: that is "no"."""
    try:
        return int(gdb.parse_and_eval('(unsigned long)&%s' % name)) != 0
    except gdb.error:
        return False


def value(expr):
    """gdb.Value of the C expression EXPR, GdbError naming it if it fails."""
    try:
        return gdb.parse_and_eval(expr)
    except gdb.error as e:
        raise gdb.GdbError('strata: cannot evaluate "%s": %s' % (expr, e))


def list_entries(head, type_name, member):
    """The TYPE_NAME structs on the list whose struct list_head is HEAD (a
    gdb.Value, lib/list.h) linked through MEMBER, first to last, as
    list_for_each_entry()."""
    entry_type = gdb.lookup_type(type_name)
    offset = next(f.bitpos // 8 for f in entry_type.fields() if f.name == member)
    end, node, entries = int(head.address), head['next'], []
    while int(node) != end and len(entries) < 1000000:
        entries.append(gdb.Value(int(node) - offset)
                       .cast(entry_type.pointer()).dereference())
        node = node['next']
    return entries


def rb_entries(root, type_name, member):
    """The TYPE_NAME structs embedding the nodes of the rb-tree whose root
    node pointer is ROOT (lib/rbtree.h) as MEMBER, in key order: an
    iterative in-order walk (left, node, right), as rb_first()/rb_next()."""
    entry_type = gdb.lookup_type(type_name)
    offset = next(f.bitpos // 8 for f in entry_type.fields() if f.name == member)
    node, entries, stack = root, [], []
    while (int(node) or stack) and len(entries) < 1000000:
        while int(node):
            stack.append(node)
            node = node['left']
        node = stack.pop()
        entries.append(gdb.Value(int(node) - offset)
                       .cast(entry_type.pointer()).dereference())
        node = node['right']
    return entries


def c_string(val):
    """A char * or char[] gdb.Value as a str ('' for NULL)."""
    if val.type.strip_typedefs().code == gdb.TYPE_CODE_PTR and int(val) == 0:
        return ''
    return val.string(errors='replace')


def ksym_format(addr):
    """ADDR as the kernel's %pS prints it: "name+0xoff/0xsize", "name+0xoff/
    0xsize [module]" in a loaded module's text, or "0x..." elsewhere.

    Read from the kernel's own symbol table (.ksyms, kernel/ksyms.c) in
    memory, with the same search as ksym_lookup(), so the text is exactly
    what the kernel would print; GDB's own symbols could name a static
    function or size a symbol differently.
    """
    start, end = symbol_addr('__kernel_start'), symbol_addr('__text_end')
    count = read_u64(symbol_addr('ksyms_count'))
    addrs = symbol_addr('ksyms_addr')
    if not count or not start <= addr < end or addr < read_u64(addrs):
        from strata import lsmod    # module code, as the kernel's %pS names it
        return lsmod.module_symbol(addr) or '%#x' % addr
    lo, hi = 0, count
    while hi - lo > 1:              # the last symbol at or below addr
        mid = lo + (hi - lo) // 2
        if read_u64(addrs + 8 * mid) <= addr:
            lo = mid
        else:
            hi = mid
    sym = read_u64(addrs + 8 * lo)
    size = (read_u64(addrs + 8 * (lo + 1)) if lo + 1 < count else end) - sym
    name_off = struct.unpack('<I', read_bytes(
        symbol_addr('ksyms_name_off') + 4 * lo, 4))[0]
    name = read_bytes(symbol_addr('ksyms_names') + name_off, 128)
    name = name.split(b'\0')[0].decode('ascii', 'replace')
    return '%s+%#x/%#x' % (name, addr - sym, size)


def require_kernel(command):
    """GdbError unless GDB is attached to a running kernel whose addresses
    are mapped. With only the ELF file loaded, GDB would read the file's
    initial data (zeros for the allocators) and has no registers; before
    boot/head.S turns paging on, no kernel address can be read. Either
    way COMMAND's answer would be nonsense or a Python traceback."""
    if gdb.selected_inferior().pid == 0 or gdb.selected_thread() is None:
        raise gdb.GdbError(
            '%s: no kernel attached (GDB has only the ELF file): start '
            '`make debug`, then `make gdb` or strata-attach [HOST:]PORT'
            % command)
    try:
        gdb.selected_inferior().read_memory(symbol_addr('__kernel_start'), 1)
    except gdb.MemoryError:
        raise gdb.GdbError(
            '%s: the kernel\'s addresses are not mapped yet: the CPU is in '
            'the boot code, before paging (strata-attach runs to kmain)'
            % command)


def require_setup(command, ready, layer, init, later):
    """GdbError unless the kernel is attached and the C expression READY
    is true: LAYER is set up by INIT() in kmain(), and before it COMMAND
    has nothing to read. LATER names a function kmain() calls after INIT,
    a place to stop where the layer is ready."""
    require_kernel(command)
    if not int(value(ready)):
        raise gdb.GdbError(
            '%s: %s is not set up yet (%s is false: %s() has not run); '
            'stop later, e.g. `tbreak %s` and `continue`'
            % (command, layer, ready, init, later))
