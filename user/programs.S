/* SPDX-License-Identifier: MIT */
/*
 * The user programs built into the kernel image (user/user.mk's
 * USER_BUILTIN), so every boot can run them whatever its loader: each
 * binary's bytes, incbin'd from the build folder (the -I the Makefile
 * gives), and the table user_programs[] of {name, start, end}, ended by a
 * NULL name, that kernel/programs.c searches.
 */
/* sym: a label-safe form of the file name file. */
.macro PROGRAM sym, file
	.section .rodata.user_programs, "a"
	.balign 16
prog_\sym:
	.incbin "\file"
prog_\sym\()_end:
	.section .rodata.user_program_names, "a"
name_\sym:
	.asciz "\file"
.endm

.macro ENTRY name
	.quad name_\name, prog_\name, prog_\name\()_end
.endm

	PROGRAM hello, hello
	PROGRAM echo, echo
	PROGRAM echo_pie, echo-pie
	PROGRAM heap, heap
	PROGRAM fault, fault
	PROGRAM hostile, hostile

	.section .rodata.user_program_table, "a"
	.balign 8
	.globl user_programs
user_programs:
	ENTRY hello
	ENTRY echo
	ENTRY echo_pie
	ENTRY heap
	ENTRY fault
	ENTRY hostile
	.quad 0, 0, 0
