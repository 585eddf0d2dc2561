/* SPDX-License-Identifier: MIT */
/*
 * System-call entry and exit, and the kernel-stack switch between tasks.
 *
 * entry_SYSCALL_64 (MSR_LSTAR): SYSCALL left the user RIP in RCX and
 * RFLAGS in R11, loaded the kernel CS/SS and cleared IF (MSR_SYSCALL_MASK),
 * but kept the user RSP. SWAPGS gives the per-CPU area, which holds the
 * task's kernel stack top; on it the entry builds the same struct
 * trap_frame an interrupt from ring 3 builds (the CPU's five words, error
 * code 0, vector SYSCALL_VECTOR_MARK, the general registers), so a frame
 * means the same whichever way the task entered. do_syscall_64() reads the
 * arguments from it and writes RAX. The exit is SYSRET: RCX and R11 are
 * clobbered as the ABI allows; interrupts are off from the CLI until
 * SYSRET turns them back on with the user's RFLAGS, so no interrupt sees
 * the user GS in kernel mode. The frame's RIP is the one SYSCALL saved
 * (canonical: the CPU made it), since no system call changes it.
 */
#include "arch/x86_64/calling.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/syscall.h"

	.text
	.globl entry_SYSCALL_64
entry_SYSCALL_64:
	swapgs
	movq %rsp, %gs:syscall_user_rsp
	movq %gs:cpu_current_top_of_stack, %rsp
	pushq $GDT_USER_DS		/* ss */
	pushq %gs:syscall_user_rsp	/* rsp */
	pushq %r11			/* rflags */
	pushq $GDT_USER_CS		/* cs */
	pushq %rcx			/* rip */
	pushq $0			/* error code */
	pushq $SYSCALL_VECTOR_MARK	/* vector */
	PUSH_REGS
	cld
	movq %rsp, %rdi
	call do_syscall_64
	cli
	POP_REGS
	addq $16, %rsp			/* vector and error code */
	movq (%rsp), %rcx		/* rip */
	movq 16(%rsp), %r11		/* rflags */
	movq 24(%rsp), %rsp		/* the user stack */
	swapgs
	sysretq

/*
 * A new task's first switch lands here (its stack was built so): no FPU or
 * SSE state of an earlier program survives (x87 and MXCSR reset, every XMM
 * register zeroed), then the common interrupt exit loads the trap_frame at
 * the top of the stack and IRETQ enters ring 3.
 */
	.globl ret_from_fork
ret_from_fork:
	cli
	fninit
	pxor %xmm0, %xmm0
	pxor %xmm1, %xmm1
	pxor %xmm2, %xmm2
	pxor %xmm3, %xmm3
	pxor %xmm4, %xmm4
	pxor %xmm5, %xmm5
	pxor %xmm6, %xmm6
	pxor %xmm7, %xmm7
	pxor %xmm8, %xmm8
	pxor %xmm9, %xmm9
	pxor %xmm10, %xmm10
	pxor %xmm11, %xmm11
	pxor %xmm12, %xmm12
	pxor %xmm13, %xmm13
	pxor %xmm14, %xmm14
	pxor %xmm15, %xmm15
	pushq $0x1f80			/* MXCSR's reset value */
	ldmxcsr (%rsp)
	addq $8, %rsp
	jmp isr_return

/*
 * __switch_to_asm(prev_sp, next_sp): push the callee-saved registers, save
 * RSP in *prev_sp, take next_sp and pop that task's. The C caller has
 * switched CR3, rsp0 and current already.
 */
	.globl __switch_to_asm
__switch_to_asm:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
