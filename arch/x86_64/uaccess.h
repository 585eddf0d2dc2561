/* SPDX-License-Identifier: MIT */
/*
 * Reading and writing user memory from the kernel, with Linux's names and
 * results (include/linux/uaccess.h): copy_from_user() and copy_to_user()
 * return the number of bytes NOT copied (0 on success). An address range
 * that reaches outside the user half (kernel addresses included) copies
 * nothing; a page that cannot be had stops the copy where it is, through
 * the exception table: the faulting instruction's entry sends the page
 * fault to a fixup that returns the bytes left, instead of a kernel oops.
 */
#ifndef STRATA_UACCESS_H
#define STRATA_UACCESS_H

#include "arch/x86_64/trap_frame.h"
#include "lib/types.h"

/* Everything below is user address space (mm/mmap.h's TASK_SIZE). */
#define USER_ADDR_END 0x00007ffffffff000UL

/* Does [addr, addr + size) lie in the user half (Linux's access_ok)? */
static inline bool access_ok(u64 addr, u64 size)
{
	return size <= USER_ADDR_END && addr <= USER_ADDR_END - size;
}

/* The copy loop of arch/x86_64/uaccess.S: bytes not copied. */
u64 copy_user_generic(void *to, const void *from, u64 len);

static inline u64 copy_from_user(void *to, u64 from, u64 n)
{
	return access_ok(from, n) ? copy_user_generic(to, (const void *)from, n) : n;
}

static inline u64 copy_to_user(u64 to, const void *from, u64 n)
{
	return access_ok(to, n) ? copy_user_generic((void *)to, from, n) : n;
}

/*
 * If f's RIP is an instruction of the exception table, point it at the
 * fixup and return true (trap_dispatch then resumes there).
 */
bool fixup_exception(struct trap_frame *f);

#endif /* STRATA_UACCESS_H */
