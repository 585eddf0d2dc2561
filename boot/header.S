/* SPDX-License-Identifier: MIT */
/*
 * The two multiboot headers, first in the image so both loaders find them.
 *
 * Multiboot 1 (QEMU -kernel): QEMU refuses to load a 64-bit ELF, so the
 * header sets the "a.out kludge" flag (bit 16) and gives the physical load
 * addresses itself. QEMU then copies the file from the header's offset as a
 * flat image: this works because the ELF file mirrors memory from .text to
 * the end of .data (every section page-aligned in both), which the Makefile
 * checks after each link (tools/check-image.sh).
 *
 * Multiboot 2 (GRUB): GRUB loads the ELF64 by its program headers' physical
 * addresses; the entry tag gives the 32-bit physical entry point.
 */
#include "mm/memlayout.h"

#define MB1_MAGIC 0x1BADB002
#define MB1_FLAGS ((1 << 0) | (1 << 1) | (1 << 16)) /* align mods, mem info, addresses */
#define MB2_MAGIC 0xE85250D6
#define MB2_ARCH_I386 0

	.section .multiboot, "a"
	.balign 4
	.globl mb1_header
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long mb1_header - KERNEL_VMA	/* header_addr */
	.long __kernel_start - KERNEL_VMA	/* load_addr */
	.long __data_end - KERNEL_VMA	/* load_end_addr */
	.long __kernel_end - KERNEL_VMA	/* bss_end_addr */
	.long _start32 - KERNEL_VMA	/* entry_addr */

	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* entry address tag: type 3, flags 0, size 12 */
	.balign 8
	.word 3, 0
	.long 12
	.long _start32 - KERNEL_VMA
	/* end tag */
	.balign 8
	.word 0, 0
	.long 8
mb2_header_end:
