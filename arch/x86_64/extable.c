// SPDX-License-Identifier: MIT
/*
 * The exception table (Linux's arch/x86/mm/extable.c, with absolute
 * addresses instead of Linux's relative ones): pairs of (faulting
 * instruction, where to go instead), collected by linker.ld between
 * __start___ex_table and __stop___ex_table. Few entries: a linear search.
 */
#include "arch/x86_64/uaccess.h"

struct exception_table_entry {
	u64 insn, fixup;
};

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

bool fixup_exception(struct trap_frame *f)
{
	/* Linker symbols: the count comes from their addresses, compared as integers. */
	size_t n =
		((u64)__stop___ex_table - (u64)__start___ex_table) / sizeof(__start___ex_table[0]);

	for (size_t i = 0; i < n; i++) {
		if (__start___ex_table[i].insn == f->rip) {
			f->rip = __start___ex_table[i].fixup;
			return true;
		}
	}
	return false;
}
