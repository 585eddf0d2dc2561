/* SPDX-License-Identifier: MIT */
/*
 * Non-local jumps for the kernel (arch/x86_64/setjmp.S).
 */
#ifndef STRATA_SETJMP_H
#define STRATA_SETJMP_H

#include "lib/types.h"

struct kjmp_buf {
	u64 rbx, rbp, r12, r13, r14, r15, rsp, rip;
};

/* Save the caller's context; returns 0, or the value given to klongjmp. */
int ksetjmp(struct kjmp_buf *buf) __attribute__((returns_twice));
/* Resume at the matching ksetjmp, which returns val (1 if val is 0). */
void klongjmp(struct kjmp_buf *buf, int val) __attribute__((noreturn));

#endif /* STRATA_SETJMP_H */
