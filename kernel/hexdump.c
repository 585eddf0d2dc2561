// SPDX-License-Identifier: MIT
/*
 * print_hex_dump(): a buffer printed row by row into the kernel log, each
 * row formatted by hex_dump_to_buffer() (lib/hexdump.c) and printed with
 * printk() at the caller's level, after its prefix string and, as asked,
 * the row's address or offset (kernel/printk.h has the contract).
 */
#include "kernel/printk.h"

void print_hex_dump(const char *level, const char *prefix_str, int prefix_type, int rowsize,
		    int groupsize, const void *buf, size_t len, bool ascii)
{
	const u8 *bytes = buf;
	char row[32 * 3 + 2 + 32 + 1]; /* the widest row: 32 bytes as 1-byte groups and ASCII */

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	for (size_t i = 0; i < len; i += (size_t)rowsize) {
		hex_dump_to_buffer(bytes + i, len - i, rowsize, groupsize, row, sizeof(row), ascii);
		if (prefix_type == DUMP_PREFIX_ADDRESS)
			printk("%s%s%p: %s\n", level, prefix_str, bytes + i, row);
		else if (prefix_type == DUMP_PREFIX_OFFSET)
			printk("%s%s%.8zx: %s\n", level, prefix_str, i, row);
		else
			printk("%s%s%s\n", level, prefix_str, row);
	}
}
