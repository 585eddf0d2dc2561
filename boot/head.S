/* SPDX-License-Identifier: MIT */
/*
 * The 32-bit entry point both loaders jump to, and the way into 64-bit mode.
 *
 * On entry (multiboot 1 and 2 alike): 32-bit protected mode, paging off,
 * EAX = loader magic, EBX = physical address of the boot information.
 * This code runs at physical addresses although it is linked in the higher
 * half, so every symbol it touches is written PHYS(sym).
 *
 * Steps: check the magic and long-mode support (report on COM1 and halt if
 * either is missing), build the early tables, turn on PAE, long mode and
 * paging, then jump to the higher half and call kmain(magic, info).
 *
 * Early tables (7 pages in .bss), 2 MiB pages, all writable and executable;
 * mm/paging.c replaces them with the kernel's own tables:
 *
 *   PML4[0]   -> pdpt_low   identity 0..4 GiB  (dropped by paging_init)
 *   PML4[273] -> pdpt_low   PAGE_OFFSET + 0..4 GiB (same PDs: the direct map)
 *   PML4[511] -> pdpt_high  [510] -> pd[0], [511] -> pd[1]: KERNEL_VMA + 0..2 GiB
 *   pdpt_low[0..3] -> pd[0..3], each pd maps 1 GiB in 512 x 2 MiB
 */
#include "mm/memlayout.h"

#define PHYS(x) ((x) - KERNEL_VMA)
#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PS 0x80
#define MB1_LOADER_MAGIC 0x2BADB002
#define MB2_LOADER_MAGIC 0x36d76289
#define COM1 0x3f8
#define CR0_PE 0x1
#define CR0_WP 0x10000
#define CR0_PG 0x80000000
#define CR4_PAE 0x20
#define MSR_EFER 0xc0000080
#define EFER_LME 0x100

	.section .text.boot, "ax"
	.code32
	.globl _start32
_start32:
	cli
	cld
	movl $PHYS(boot_stack_top), %esp
	movl %eax, PHYS(boot_magic)
	movl %ebx, PHYS(boot_info_pa)

	call early_serial_init

	cmpl $MB1_LOADER_MAGIC, %eax
	je 1f
	cmpl $MB2_LOADER_MAGIC, %eax
	je 1f
	movl $PHYS(msg_bad_magic), %esi
	jmp early_die
1:
	/* CPUID must exist (EFLAGS.ID toggles) and report long mode. */
	pushfl
	popl %eax
	movl %eax, %ecx
	xorl $(1 << 21), %eax
	pushl %eax
	popfl
	pushfl
	popl %eax
	cmpl %eax, %ecx
	je no_long_mode
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb no_long_mode
	movl $0x80000001, %eax
	cpuid
	testl $(1 << 29), %edx
	jz no_long_mode

	call build_early_tables

	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl $PHYS(early_pml4), %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	orl $(CR0_PG | CR0_PE | CR0_WP), %eax
	movl %eax, %cr0

	lgdt PHYS(early_gdt_ptr)
	ljmp $0x08, $PHYS(start64_low)

no_long_mode:
	movl $PHYS(msg_no_lm), %esi
	/* fall through */

/* Print the NUL-terminated string at ESI on COM1, then halt for good. */
early_die:
	movl $PHYS(msg_prefix), %ebx
	call early_puts
	movl %esi, %ebx
	call early_puts
2:	hlt
	jmp 2b

/* 115200 8N1 on COM1, no interrupts. */
early_serial_init:
	pushl %eax
	movw $(COM1 + 1), %dx
	movb $0x00, %al
	outb %al, %dx		/* IER: no interrupts */
	movw $(COM1 + 3), %dx
	movb $0x80, %al
	outb %al, %dx		/* LCR: DLAB on */
	movw $(COM1 + 0), %dx
	movb $0x01, %al
	outb %al, %dx		/* divisor 1 = 115200 baud */
	movw $(COM1 + 1), %dx
	movb $0x00, %al
	outb %al, %dx
	movw $(COM1 + 3), %dx
	movb $0x03, %al
	outb %al, %dx		/* 8N1, DLAB off */
	popl %eax
	ret

/* Print the string at EBX on COM1 (polling the transmitter). */
early_puts:
	movb (%ebx), %al
	testb %al, %al
	jz 3f
	movb %al, %ah
	movw $(COM1 + 5), %dx
4:	inb %dx, %al
	testb $0x20, %al
	jz 4b
	movw $COM1, %dx
	movb %ah, %al
	outb %al, %dx
	incl %ebx
	jmp early_puts
3:	ret

build_early_tables:
	/* PD entries: pd[0..3] map 0..4 GiB in 2 MiB pages. */
	movl $PHYS(early_pd), %edi
	xorl %eax, %eax		/* low 32 bits of the physical address */
	xorl %edx, %edx		/* high 32 bits */
	movl $(4 * 512), %ecx
5:	movl %eax, %ebx
	orl $(PTE_P | PTE_W | PTE_PS), %ebx
	movl %ebx, (%edi)
	movl %edx, 4(%edi)
	addl $0x200000, %eax
	adcl $0, %edx
	addl $8, %edi
	loop 5b

	/* pdpt_low[0..3] -> pd[0..3] */
	movl $PHYS(early_pdpt_low), %edi
	movl $PHYS(early_pd), %eax
	orl $(PTE_P | PTE_W), %eax
	movl $4, %ecx
6:	movl %eax, (%edi)
	addl $4096, %eax
	addl $8, %edi
	loop 6b

	/* pdpt_high[510] -> pd[0], [511] -> pd[1] */
	movl $PHYS(early_pd), %eax
	orl $(PTE_P | PTE_W), %eax
	movl %eax, PHYS(early_pdpt_high) + 510 * 8
	addl $4096, %eax
	movl %eax, PHYS(early_pdpt_high) + 511 * 8

	movl $PHYS(early_pdpt_low), %eax
	orl $(PTE_P | PTE_W), %eax
	movl %eax, PHYS(early_pml4) + 0 * 8
	movl %eax, PHYS(early_pml4) + 273 * 8
	movl $PHYS(early_pdpt_high), %eax
	orl $(PTE_P | PTE_W), %eax
	movl %eax, PHYS(early_pml4) + 511 * 8
	ret

	.code64
start64_low:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw %ax, %fs
	movw %ax, %gs
	movabsq $start64_high, %rax
	jmp *%rax

start64_high:
	movabsq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	movl boot_magic(%rip), %edi
	movl boot_info_pa(%rip), %esi
	call kmain
7:	cli
	hlt
	jmp 7b

	.section .rodata
msg_prefix:
	.asciz "strata: cannot boot: "
msg_bad_magic:
	.asciz "not started by a multiboot loader (bad magic in EAX)\r\n"
msg_no_lm:
	.asciz "this CPU has no long mode (x86_64); halting\r\n"

	.balign 8
early_gdt:
	.quad 0				/* null */
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code, DPL 0 */
	.quad 0x00cf92000000ffff	/* 0x10: data */
early_gdt_end:
early_gdt_ptr:
	.word early_gdt_end - early_gdt - 1
	.long PHYS(early_gdt)

	.section .data
	.globl boot_magic, boot_info_pa
boot_magic:
	.long 0
boot_info_pa:
	.long 0

	.section .bss
	.balign 4096
	.globl early_pml4
early_pml4:
	.skip 4096
early_pdpt_low:
	.skip 4096
early_pdpt_high:
	.skip 4096
early_pd:
	.skip 4 * 4096
