/* SPDX-License-Identifier: MIT */
/*
 * Shell-style pattern matching (lib/glob.c), Linux's glob_match(): for the
 * test filter (ktest.filter=), the benchmark names (bench=) and the shell.
 */
#ifndef STRATA_GLOB_H
#define STRATA_GLOB_H

#include "lib/types.h"

/*
 * True if str matches pat entirely, as !fnmatch(pat, str, 0) would: '?' is
 * one character, '*' any run of them, "[a-z_]" a class ("[!...]" its
 * complement), '\' makes the next character literal. Any context.
 */
bool glob_match(const char *pat, const char *str);

#endif /* STRATA_GLOB_H */
