/* SPDX-License-Identifier: MIT */
/*
 * Deliberately broken code that proves each detector of the sanitized build
 * reports (docs/hardening.md). Runs only when the command line asks.
 */
#ifndef STRATA_PROVOKE_H
#define STRATA_PROVOKE_H

/*
 * With provoke=NAME on the command line, commit that one bug (the names are
 * in tests/provoke.c; provoke=list prints them). A working detector panics
 * with its report; if the bug goes unnoticed, this says so and leaves QEMU
 * with QEMU_EXIT_FAIL. Without the option it returns at once.
 */
void provoke_if_asked(void);

#endif /* STRATA_PROVOKE_H */
