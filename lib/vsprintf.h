/* SPDX-License-Identifier: MIT */
/*
 * Formatted output into a buffer, the subset of C's printf that strata
 * uses: %d %i %u %x %X %o %c %s %p %% with the flags '-' '#' '0' ' ' '+', field
 * width, precision ('*' too) and the length modifiers hh h l ll z t j.
 * Linux's pointer extensions: %pS and %ps (a symbol, with and without
 * "+0xoff/0xsize"), %pa (a phys_addr_t by reference), %px and %pK (see
 * out_pointer() in lib/vsprintf.c for their exact output).
 * Pure code: also built on the host for tests/host/test_vsprintf.c.
 */
#ifndef STRATA_VSPRINTF_H
#define STRATA_VSPRINTF_H

#include <stdarg.h>
#include "lib/types.h"

/*
 * Format into buf (always NUL-terminated when size > 0). Returns the length
 * the full output would have had, like C's vsnprintf.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Write "symbol+0xoff/0xsize" for a code address into buf, or "0x" and hex
 * for an address in no symbol; provided by kernel/ksyms.c (and by a stub in
 * the host tests).
 */
int ksym_snprint(char *buf, size_t size, u64 addr);

#endif /* STRATA_VSPRINTF_H */
