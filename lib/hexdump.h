/* SPDX-License-Identifier: MIT */
/*
 * Hex dumps in Linux's format (lib/hexdump.c in Linux 6.1): one row of up
 * to 16 or 32 bytes as groups of 1, 2, 4 or 8 bytes in hex, then
 * optionally the bytes as ASCII:
 *
 *   40 41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f  @ABCDEFGHIJKLMNO
 *   73727170 77767574 7b7a7978 7f7e7d7c  pqrstuvwxyz{|}~.
 *
 * A group wider than a byte is read as one little-endian number, as the CPU
 * reads it. print_hex_dump() (kernel/hexdump.c) prints rows of this through
 * printk. Pure code: also built on the host for tests/host/test_vsprintf.c.
 */
#ifndef STRATA_HEXDUMP_H
#define STRATA_HEXDUMP_H

#include "lib/types.h"

/* What print_hex_dump() writes before each row. */
enum {
	DUMP_PREFIX_NONE,    /* nothing */
	DUMP_PREFIX_ADDRESS, /* the row's address, as %p prints it, and ": " */
	DUMP_PREFIX_OFFSET,  /* the row's offset in the buffer, 8 hex digits, and ": " */
};

/*
 * Format the first row of buf[0, len) into linebuf (always NUL-terminated
 * when linebuflen > 0): at most rowsize bytes (16 or 32; anything else
 * means 16), in groups of groupsize bytes (1, 2, 4 or 8; anything else, or
 * a size len is not a multiple of, means 1), then with ascii the bytes as
 * text from column rowsize * 2 + rowsize / groupsize + 1, '.' for a byte
 * outside ' ' .. '~'. Returns the length of the whole row, even if linebuf
 * was too short for it (as snprintf does). Any context.
 */
int hex_dump_to_buffer(const void *buf, size_t len, int rowsize, int groupsize, char *linebuf,
		       size_t linebuflen, bool ascii);

#endif /* STRATA_HEXDUMP_H */
