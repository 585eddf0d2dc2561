/* SPDX-License-Identifier: MIT */
/*
 * The kernel's own symbol table (text symbols only), generated at link time
 * by tools/gen-ksyms.sh into the .ksyms section: a sorted address array and
 * the names. Linking happens twice; text addresses do not move between the
 * passes because the table sits after .text.
 */
#ifndef STRATA_KSYMS_H
#define STRATA_KSYMS_H

#include "lib/types.h"

/*
 * Find the symbol containing addr. Returns its name and sets *offset and
 * *size, or returns NULL if addr is outside the kernel's text.
 */
const char *ksym_lookup(u64 addr, u64 *offset, u64 *size);
/* Return the address of a text symbol by name, 0 if unknown. */
u64 ksym_address(const char *name);
/*
 * The module loader sits above this table and mm; it registers its lookup
 * of module text here (writes "sym+0xoff/0xsize [module]", returns true if
 * addr is a module's), which %pS tries for an address outside the kernel.
 */
void ksym_set_module_lookup(bool (*lookup)(u64 addr, char *buf, size_t size));

#endif /* STRATA_KSYMS_H */
