/* SPDX-License-Identifier: MIT */
/*
 * Where programs come from: the ones built into the image (user/programs.S)
 * and the ones the boot loader brought as multiboot modules
 * (`make run PROGRAMS="build/user/heap"`), named after their file.
 */
#ifndef STRATA_PROGRAMS_H
#define STRATA_PROGRAMS_H

#include "lib/types.h"

struct user_program {
	const char *name;
	const u8 *start, *end;
};

/* The image of the program called name (built-in first), or NULL. */
const u8 *program_find(const char *name, size_t *size);
/* Print the built-in programs, one line each. */
void program_list_print(void);

#endif /* STRATA_PROGRAMS_H */
