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
	for (const struct exception_table_entry *e = __start___ex_table; e < __stop___ex_table;
	     e++) {
		if (e->insn == f->rip) {
			f->rip = e->fixup;
			return true;
		}
	}
	return false;
}
