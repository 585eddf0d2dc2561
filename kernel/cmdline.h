/* SPDX-License-Identifier: MIT */
/*
 * The kernel command line: space-separated words, "key=value" or "flag".
 * Options strata reads: loglevel=N, ktest.run, ktest.filter=GLOB,
 * ktest.seed=N, ktest.selftest_leak, page_poison, slub_debug=..., shell,
 * shell.run=..., gdbtest, bench=..., provoke=NAME, nosmep, nosmap (the
 * table in README.md says what each does).
 */
#ifndef STRATA_CMDLINE_H
#define STRATA_CMDLINE_H

#include "lib/types.h"

/* Keep a copy of the command line. Called once from kmain(). */
void cmdline_init(const char *cmdline);
/* The whole command line as given. */
const char *cmdline_get_all(void);
/*
 * Copy the value of the last "key=value" into buf (NUL-terminated; a value too long
 * for buf is cut with a warning); returns true if key was present ("flag"
 * alone gives an empty value). size 0 only asks whether key is present.
 */
bool cmdline_get(const char *key, char *buf, size_t size);
/*
 * Parse key's value as a number (decimal or 0x hex). Returns false if key
 * is absent, or if its value is not such a number: then it warns once,
 * naming key and value and ending with `instead` ("using a random seed").
 */
bool cmdline_get_u64(const char *key, u64 *val, const char *instead);
/*
 * key's value as Linux reads a boolean: dflt if key is absent, true for
 * "key" alone, kstrtobool()'s values (1/0, y/n, t/f, on/off) otherwise. Any
 * other value gives one warning and dflt.
 */
bool cmdline_get_bool(const char *key, bool dflt);
/* Parse a decimal or 0x-prefixed hex number; returns false on bad input. */
bool parse_u64(const char *s, u64 *val);
/* Parse a boolean as Linux's kstrtobool(); returns false on bad input. */
bool parse_bool(const char *s, bool *val);

#endif /* STRATA_CMDLINE_H */
