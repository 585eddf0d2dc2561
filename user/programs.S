/* SPDX-License-Identifier: MIT */
/*
 * The user programs built into the kernel image (user/user.mk's
 * USER_BUILTIN), so every boot can run them whatever its loader. Only two
 * small ones: every byte here is a byte less for the 2 MiB boot; the
 * others come as boot modules (PROGRAMS=). For each program: its
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
	PROGRAM fault, fault

	.section .rodata.user_program_table, "a"
	.balign 8
	.globl user_programs
user_programs:
	ENTRY hello
	ENTRY fault
	.quad 0, 0, 0
