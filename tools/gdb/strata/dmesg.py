# SPDX-License-Identifier: MIT
"""strata-dmesg [N]: the kernel log, read from printk's ring buffer
(kernel/printk.c). The text of the log is log_buf[i % LOG_BUF_SIZE] for i
in [max(0, log_next - LOG_BUF_SIZE), log_next): log_next counts every byte
ever written, so once it passes the size the oldest text has been
overwritten and the log starts mid-buffer.
"""

import gdb

from strata import kmem


def log_text():
    """The whole log as a str (bad bytes replaced)."""
    buf = kmem.symbol_addr('log_buf')
    size = int(gdb.parse_and_eval('sizeof(log_buf)'))
    end = int(gdb.parse_and_eval('log_next'))
    first = max(0, end - size)
    data = b''
    while first < end:
        offset = first % size
        chunk = min(end - first, size - offset)   # up to the buffer's end
        data += kmem.read_bytes(buf + offset, chunk)
        first += chunk
    return data.decode('utf-8', 'replace')


class StrataDmesg(gdb.Command):
    """Print the kernel log (printk's ring buffer log_buf).

Usage: strata-dmesg [N]
With N, only the last N lines. Messages below the console log level are in
the log too, so this can show more than the serial console did."""

    def __init__(self):
        super().__init__('strata-dmesg', gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        kmem.require_kernel('strata-dmesg')
        text = log_text()
        if not text:
            gdb.write('strata-dmesg: the log is empty: the kernel has printed '
                      'nothing yet\n')
            return
        if arg.strip():
            try:
                count = int(arg, 0)
            except ValueError:
                raise gdb.GdbError('usage: strata-dmesg [N]')
            text = ''.join(text.splitlines(True)[-count:]) if count > 0 else ''
        gdb.write(text)


def register():
    StrataDmesg()
