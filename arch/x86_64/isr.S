/* SPDX-License-Identifier: MIT */
/*
 * Entry stubs for all 256 vectors: the 32 CPU exceptions and the external
 * interrupts 32-255. Each stub makes the stack look the same (a 0 error
 * code where the CPU pushes none, then the vector number), then isr_common
 * saves every general register, so the stack holds a struct trap_frame
 * (arch/x86_64/trap_frame.h), and calls trap_dispatch(), which sends
 * vectors 32 and up to common_interrupt() (arch/x86_64/irq.c).
 * isr_stub_table[] holds the 256 stub addresses for idt.c.
 *
 * From ring 3 (the saved CS has RPL 3) the stub runs SWAPGS on the way in
 * and out, so the kernel always finds its per-CPU area in GS and the user
 * program keeps its own GS base. Every entry clears EFLAGS.AC (SMAP,
 * arch/x86_64/smap.h); iretq gives the interrupted code its own back.
 * isr_return is also the way a new process first enters ring 3
 * (ret_from_fork, entry_64.S).
 */
#include "arch/x86_64/calling.h"
#include "arch/x86_64/smap.h"

/* Vectors for which the CPU pushes an error code: 8, 10-14, 17, 21, 29, 30. */
.macro ISR_STUB vec
	.balign 16
isr_stub_\vec:
	.if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	pushq $0
	.endif
	pushq $\vec
	jmp isr_common
.endm

	.text
isr_common:
	testb $3, 24(%rsp)	/* the saved CS, above vector and error code */
	jz 1f
	swapgs
1:
	PUSH_REGS
	cld
	ASM_CLAC		/* AC may be the user's, or a copy's: SMAP on again */
	movq %rsp, %rdi
	call trap_dispatch
	cli			/* a user fault may have turned them on */
	.globl isr_return
isr_return:
	POP_REGS
	addq $16, %rsp		/* vector and error code */
	testb $3, 8(%rsp)	/* the CS iretq will load */
	jz 2f
	swapgs
2:
	iretq

.altmacro
.set i, 0
.rept 256
	ISR_STUB %i
	.set i, i + 1
.endr

.macro STUB_ADDR vec
	.quad isr_stub_\vec
.endm

	.section .rodata
	.balign 8
	.globl isr_stub_table
isr_stub_table:
.set i, 0
.rept 256
	STUB_ADDR %i
	.set i, i + 1
.endr
