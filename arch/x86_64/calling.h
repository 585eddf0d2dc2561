/* SPDX-License-Identifier: MIT */
/*
 * Saving and restoring the general registers on a kernel entry, for the
 * assembly entry paths (Linux's PUSH_REGS/POP_REGS, arch/x86/entry/
 * calling.h). The order is struct trap_frame's (arch/x86_64/trap_frame.h),
 * last field pushed first: after PUSH_REGS, %rsp points at a trap_frame
 * whose vector, error code and hardware frame were pushed before it.
 * Included by .S files only.
 */
#ifndef STRATA_CALLING_H
#define STRATA_CALLING_H

/* clang-format off */
.macro PUSH_REGS
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

.macro POP_REGS
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
.endm
/* clang-format on */

#endif /* STRATA_CALLING_H */
