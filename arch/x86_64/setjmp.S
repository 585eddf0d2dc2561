/* SPDX-License-Identifier: MIT */
/*
 * ksetjmp/klongjmp: save and restore the callee-saved registers, the stack
 * pointer and the return address (struct kjmp_buf in setjmp.h). Used by the
 * test framework to abort a case and by fault catching to resume after an
 * expected fault.
 */
	.text
	.globl ksetjmp
ksetjmp:
	movq %rbx, 0(%rdi)
	movq %rbp, 8(%rdi)
	movq %r12, 16(%rdi)
	movq %r13, 24(%rdi)
	movq %r14, 32(%rdi)
	movq %r15, 40(%rdi)
	leaq 8(%rsp), %rdx
	movq %rdx, 48(%rdi)
	movq (%rsp), %rdx
	movq %rdx, 56(%rdi)
	xorl %eax, %eax
	ret

	.globl klongjmp
klongjmp:
	movq 0(%rdi), %rbx
	movq 8(%rdi), %rbp
	movq 16(%rdi), %r12
	movq 24(%rdi), %r13
	movq 32(%rdi), %r14
	movq 40(%rdi), %r15
	movq 48(%rdi), %rsp
	movl %esi, %eax
	testl %eax, %eax
	jnz 1f
	incl %eax
1:	jmp *56(%rdi)
