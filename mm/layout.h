/* SPDX-License-Identifier: MIT */
/*
 * The kernel virtual address layout as data: printed at boot (like Linux's
 * x86_64 mm.rst table), used to name the region of a faulting address, and
 * by the shell's `layout` command.
 */
#ifndef STRATA_LAYOUT_H
#define STRATA_LAYOUT_H

#include "lib/types.h"

/*
 * Register mm's fault describer (the region of an address, in vmalloc's or
 * the layout table's words) with the trap code. Needs no other mm state.
 */
void layout_init(void);
/* Print the table: start, end, size, use. */
void layout_print(void);
/* Write the name of the region that contains addr (e.g. "kernel .rodata"). */
void layout_describe(u64 addr, char *buf, size_t size);

#endif /* STRATA_LAYOUT_H */
