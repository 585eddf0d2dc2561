/* SPDX-License-Identifier: MIT */
/*
 * The interactive shell on the serial console: the last step of kmain()
 * unless the command line says shell=0 or asks for the self-tests.
 */
#ifndef STRATA_SHELL_H
#define STRATA_SHELL_H

/* Prompt, read a line, run it, forever; only `poweroff` ends it. */
void shell_run(void) __attribute__((noreturn));

#endif /* STRATA_SHELL_H */
