/* SPDX-License-Identifier: MIT */
/*
 * The kernel command line: space-separated words, "key=value" or "flag".
 * Options strata reads: loglevel=N, ktest.run=1, ktest.filter=GLOB,
 * page_poison=1, slub_debug=..., shell=0, gdbtest=1.
 */
#ifndef STRATA_CMDLINE_H
#define STRATA_CMDLINE_H

#include "lib/types.h"

/* Keep a copy of the command line. Called once from kmain(). */
void cmdline_init(const char *cmdline);
/* The whole command line as given. */
const char *cmdline_get_all(void);
/*
 * Copy the value of "key=value" into buf (NUL-terminated, truncated to fit);
 * returns true if key was present ("flag" alone gives an empty value).
 */
bool cmdline_get(const char *key, char *buf, size_t size);
/* Parse key's value as a number (decimal or 0x hex); false if absent/bad. */
bool cmdline_get_u64(const char *key, u64 *val);
/* Parse a decimal or 0x-prefixed hex number; returns false on bad input. */
bool parse_u64(const char *s, u64 *val);

#endif /* STRATA_CMDLINE_H */
