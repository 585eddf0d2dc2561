/* SPDX-License-Identifier: MIT */
/*
 * Symbolised backtraces by walking the frame-pointer chain (the kernel is
 * built with -fno-omit-frame-pointer). Symbols come from kernel/ksyms.c.
 */
#ifndef STRATA_BACKTRACE_H
#define STRATA_BACKTRACE_H

#include "lib/types.h"

/* Print the call chain of the caller. */
void dump_stack(void);
/* Print the chain starting at instruction rip with frame pointer rbp. */
void backtrace_from(u64 rip, u64 rbp);
/*
 * Store up to max return addresses of the chain at rbp in ret[], innermost
 * first, and a 0 after the last if fewer; returns how many were stored.
 * Reads only kernel stack memory (any context, a fault handler included).
 */
int backtrace_save(u64 rbp, u64 *ret, int max);
/* Print saved return addresses (as backtrace_from() prints its chain). */
void backtrace_print_saved(u64 rip, const u64 *ret, int max);
/* Return the address that called the function calling this (depth 0 = caller's caller). */
#define CALLER_ADDR() ((u64)__builtin_return_address(0))

#endif /* STRATA_BACKTRACE_H */
