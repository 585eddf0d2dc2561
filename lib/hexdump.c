// SPDX-License-Identifier: MIT
/*
 * hex_dump_to_buffer(): one row of a hex dump, in Linux's layout (see
 * lib/hexdump.h). print_hex_dump() in kernel/hexdump.c sits on top.
 *
 * Invariant: nothing is written past linebuf[linebuflen - 1], and the
 * return value is the untruncated length, like snprintf's.
 */
#include "lib/hexdump.h"

/* The row being written: what fits of it in buf[size - 1], and its full length. */
struct row {
	char *buf;
	size_t size;
	size_t len;
};

static void row_putc(struct row *r, char c)
{
	if (r->len + 1 < r->size) {
		r->buf[r->len] = c;
		r->buf[r->len + 1] = '\0';
	}
	r->len++;
}

/* Append value as `digits` lower-case hex digits, zero-padded. */
static void row_hex(struct row *r, u64 value, int digits)
{
	while (digits--)
		row_putc(r, "0123456789abcdef"[(value >> (4 * digits)) & 0xf]);
}

int hex_dump_to_buffer(const void *buf, size_t len, int rowsize, int groupsize, char *linebuf,
		       size_t linebuflen, bool ascii)
{
	const u8 *bytes = buf;
	struct row r = {linebuf, linebuflen, 0};
	size_t ascii_column;

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	if (len > (size_t)rowsize)
		len = (size_t)rowsize;
	if ((groupsize != 1 && groupsize != 2 && groupsize != 4 && groupsize != 8) ||
	    len % (size_t)groupsize)
		groupsize = 1;
	ascii_column = (size_t)rowsize * 2 + (size_t)(rowsize / groupsize) + 1;
	if (linebuflen)
		linebuf[0] = '\0';

	/* Each group as one little-endian number, the groups one space apart. */
	for (size_t i = 0; i < len; i += (size_t)groupsize) {
		u64 value = 0;

		for (int b = groupsize - 1; b >= 0; b--)
			value = value << 8 | bytes[i + (size_t)b];
		if (i)
			row_putc(&r, ' ');
		row_hex(&r, value, groupsize * 2);
	}
	/* An empty row stays empty, even with ascii. */
	if (ascii && len) {
		while (r.len < ascii_column)
			row_putc(&r, ' ');
		for (size_t i = 0; i < len; i++) {
			u8 b = bytes[i] >= ' ' && bytes[i] <= '~' ? bytes[i] : '.';

			row_putc(&r, (char)b);
		}
	}
	return (int)r.len;
}
