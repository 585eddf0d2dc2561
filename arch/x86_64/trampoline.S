/* SPDX-License-Identifier: MIT */
/*
 * The code an application processor runs first (Linux's
 * arch/x86/realmode/rm/trampoline_64.S does the same job). This is the
 * image: realmode_map() copies trampoline_start..trampoline_end to a page
 * below 1 MiB and patches the three absolute addresses it cannot know
 * (the GDT's base and the two far-jump targets) for that page.
 *
 * A SIPI starts the AP at CS = page >> 4, IP = 0, in real mode:
 *   16 bit: DS = CS, ESI = the page's address; load the trampoline GDT,
 *           set CR0.PE, far jump to the 32-bit code segment
 *   32 bit: flat data segments; CR4.PAE, CR3 = the kernel's pgd,
 *           EFER = LME (+ NXE) from the data block; CR0.PG and WP: long
 *           mode, still in the 32-bit segment, fetching from the identity
 *           mapping of this page; far jump to the 64-bit code segment
 *   64 bit: RSP and the entry from the data block; call the entry (the
 *           kernel's own GDT and IDT are loaded there), which never returns
 * Interrupts stay off throughout.
 */
#include "arch/x86_64/realmode.h"

#define TR(sym) ((sym) - trampoline_start)
#define CR0_PE 0x1
#define CR0_WP 0x10000
#define CR0_PG 0x80000000
#define CR4_PAE 0x20
#define MSR_EFER 0xc0000080
#define TR_CS32 0x08
#define TR_DS32 0x10
#define TR_CS64 0x18

	.section .rodata, "a"
	.balign 16
	.globl trampoline_start
trampoline_start:
	.code16
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	xorl %esi, %esi
	movw %ax, %si
	shll $4, %esi
	lgdtl TR(tr_gdt_ptr)
	movl %cr0, %eax
	orl $CR0_PE, %eax
	movl %eax, %cr0
	ljmpl *TR(tr_jump32)

	.code32
	.globl tr_pm32
tr_pm32:
	movw $TR_DS32, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl TR(tr_data + TR_DATA_CR3)(%esi), %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	movl TR(tr_data + TR_DATA_EFER)(%esi), %eax
	xorl %edx, %edx
	wrmsr
	movl %cr0, %eax
	orl $(CR0_PG | CR0_WP), %eax
	movl %eax, %cr0
	ljmpl *TR(tr_jump64)(%esi)

	.code64
	.globl tr_lm64
tr_lm64:
	movl %esi, %esi
	movq TR(tr_data + TR_DATA_STACK)(%rsi), %rsp
	movq TR(tr_data + TR_DATA_ENTRY)(%rsi), %rax
	xorl %ebp, %ebp
	callq *%rax
1:	hlt
	jmp 1b

	.balign 8
	.globl tr_gdt
tr_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: 32-bit code, flat */
	.quad 0x00cf92000000ffff	/* 0x10: data, flat */
	.quad 0x00af9a000000ffff	/* 0x18: 64-bit code */
tr_gdt_end:
	.globl tr_gdt_ptr
tr_gdt_ptr:
	.word tr_gdt_end - tr_gdt - 1
	.long 0				/* patched: the page + TR(tr_gdt) */
	.globl tr_jump32
tr_jump32:
	.long 0				/* patched: the page + TR(tr_pm32) */
	.word TR_CS32
	.globl tr_jump64
tr_jump64:
	.long 0				/* patched: the page + TR(tr_lm64) */
	.word TR_CS64
	.balign 8
	.globl tr_data
tr_data:
	.skip 24			/* struct trampoline_data */
	.globl trampoline_end
trampoline_end:
