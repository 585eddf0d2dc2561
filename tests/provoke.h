/* SPDX-License-Identifier: MIT */
/*
 * Deliberately broken code that proves each detector of the sanitized build
 * reports (docs/hardening.md). Runs only when the command line asks.
 */
#ifndef STRATA_PROVOKE_H
#define STRATA_PROVOKE_H

#include "lib/types.h"

/*
 * With provoke=NAME on the command line, commit that one bug (the names are
 * in tests/provoke.c; provoke=list prints them). A working detector panics
 * with its report; if the bug goes unnoticed, this says so and leaves QEMU
 * with QEMU_EXIT_FAIL. Without the option it returns at once.
 */
void provoke_if_asked(void);

/*
 * Recurse with a 256-byte frame a level, counting the levels in *depth,
 * until the boot stack runs into its guard page (the limit of a million
 * levels is never reached): provoke=fault_stack_overflow and the paging
 * suite's double-fault case.
 */
u64 provoke_recurse_deep(volatile u64 *depth);

#endif /* STRATA_PROVOKE_H */
