/* SPDX-License-Identifier: MIT */
/*
 * The shell's line editor on the serial console: echo, backspace, Ctrl-U,
 * Ctrl-C, and a history recalled with the up and down arrows. The shell
 * loop that calls it is shell/shell.c.
 */
#ifndef STRATA_READLINE_H
#define STRATA_READLINE_H

#include "lib/types.h"

/* The longest line readline() accepts, in characters (without the NUL). */
#define READLINE_MAX 255

/* Lines kept for recall with the up arrow. */
#define READLINE_HISTORY 16

/*
 * Print prompt, then read and edit one line from the serial console until
 * Enter (CR, LF, or CRLF as one), polling. Copies the line into
 * line[READLINE_MAX + 1] and returns its length. A line dropped with Ctrl-C,
 * or one that grew past READLINE_MAX (reported in one line), comes back
 * empty. Non-empty lines are added to the history. Never fails.
 */
size_t readline(const char *prompt, char *line);

#endif /* STRATA_READLINE_H */
