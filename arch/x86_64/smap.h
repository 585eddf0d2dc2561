/* SPDX-License-Identifier: MIT */
/*
 * SMAP's bracket around the kernel's deliberate user accesses (Linux's
 * arch/x86/include/asm/smap.h): with CR4.SMAP set, a supervisor-mode read
 * or write of a user page faults unless EFLAGS.AC is set. STAC sets AC
 * before a uaccess routine touches user memory, CLAC clears it after, and
 * every interrupt and exception entry clears it too, since the CPU keeps
 * AC on delivery (a user program may set it; an interrupt may land inside
 * a copy).
 *
 * STAC and CLAC are invalid opcodes on a CPU without SMAP. Linux patches
 * them in at boot (alternatives); strata tests smap_enabled, a byte
 * cpu_setup_smep_smap() sets once before any process exists, and skips
 * them when it is 0. Included by .S files (the macros) and C (the flag).
 */
#ifndef STRATA_SMAP_H
#define STRATA_SMAP_H

#define X86_EFLAGS_AC (1UL << 18)

#ifdef __ASSEMBLER__
/* clang-format off */
/* Clobbers the arithmetic flags, nothing else. */
.macro ASM_CLAC
	cmpb $0, smap_enabled(%rip)
	je 9f
	clac
9:
.endm

.macro ASM_STAC
	cmpb $0, smap_enabled(%rip)
	je 9f
	stac
9:
.endm
/* clang-format on */
#else
#include "lib/types.h"

/* 1 once CR4.SMAP is set on the boot CPU (and so on every AP it starts). */
extern u8 smap_enabled;
#endif

#endif /* STRATA_SMAP_H */
