/* SPDX-License-Identifier: MIT */
/*
 * The register frame that arch/x86_64/isr.S builds on the stack for every
 * exception, lowest address first. isr.S pushes in the reverse order; the
 * static_asserts below tie the two together.
 */
#ifndef STRATA_TRAP_FRAME_H
#define STRATA_TRAP_FRAME_H

#include "lib/types.h"

struct trap_frame {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector;		      /* pushed by the stub */
	u64 error_code;		      /* pushed by the CPU, or 0 by the stub */
	u64 rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

_Static_assert(__builtin_offsetof(struct trap_frame, vector) == 15UL * 8, "isr.S push order");
_Static_assert(__builtin_offsetof(struct trap_frame, rip) == 17UL * 8, "isr.S push order");

/* Print all registers of a frame at KERN_EMERG. */
void trap_frame_dump(const struct trap_frame *f);

#endif /* STRATA_TRAP_FRAME_H */
