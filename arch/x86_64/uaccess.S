/* SPDX-License-Identifier: MIT */
/*
 * copy_user_generic(to, from, len): copy len bytes, return the bytes not
 * copied. The one instruction that touches user memory has an entry in
 * __ex_table (linker.ld), so a fault inside it lands on the fixup with RCX
 * still counting the bytes left (arch/x86_64/extable.c).
 */
	.text
	.globl copy_user_generic
copy_user_generic:
	movq %rdx, %rcx
1:	rep movsb
	xorl %eax, %eax
	ret
2:	movq %rcx, %rax
	ret

	.section __ex_table, "a"
	.balign 8
	.quad 1b, 2b
	.previous
