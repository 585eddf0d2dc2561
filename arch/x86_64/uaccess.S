/* SPDX-License-Identifier: MIT */
/*
 * copy_user_generic(to, from, len): copy len bytes, return the bytes not
 * copied. The one instruction that touches user memory has an entry in
 * __ex_table (linker.ld), so a fault inside it lands on the fixup with RCX
 * still counting the bytes left (arch/x86_64/extable.c). STAC before it and
 * CLAC on both ways out open SMAP for this copy only (arch/x86_64/smap.h):
 * every other kernel access to a user page faults.
 */
#include "arch/x86_64/smap.h"

	.text
	.globl copy_user_generic
copy_user_generic:
	ASM_STAC
	movq %rdx, %rcx
1:	rep movsb
	xorl %eax, %eax
	ASM_CLAC
	ret
2:	movq %rcx, %rax
	ASM_CLAC
	ret

	.section __ex_table, "a"
	.balign 8
	.quad 1b, 2b
	.previous
