/* SPDX-License-Identifier: MIT */
/*
 * The way into and out of ring 3: the SYSCALL entry (its MSRs), the
 * returns to user mode (SYSRET after a system call, IRETQ for the first
 * entry and after interrupts), and the kernel-stack switch between tasks.
 * The code is arch/x86_64/entry_64.S; the C side of a system call is
 * do_syscall_64() (kernel/syscall.c).
 */
#ifndef STRATA_SYSCALL_ARCH_H
#define STRATA_SYSCALL_ARCH_H

#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_SYSCALL_MASK 0xc0000084
#define MSR_FS_BASE 0xc0000100
#define EFER_SCE (1UL << 0)

/* The vector field of a frame built by the SYSCALL entry (no real vector). */
#define SYSCALL_VECTOR_MARK 0x100

#ifndef __ASSEMBLER__
#include "arch/x86_64/trap_frame.h"
#include "kernel/percpu.h"
#include "lib/types.h"

/* The top of the kernel stack of the task running on this CPU (entry_64.S reads it). */
DECLARE_PER_CPU(u64, cpu_current_top_of_stack);

/*
 * This CPU's SYSCALL MSRs (EFER.SCE, STAR, LSTAR, FMASK) and the SSE state
 * user programs need (CR4.OSFXSR, CR0.MP without EM); from gdt_init_cpu().
 */
void syscall_init(void);

/* Save callee-saved registers and rsp in *prev_sp, switch to next_sp and return there. */
void __switch_to_asm(u64 *prev_sp, u64 next_sp);

/*
 * Where a new task's first switch returns: a fresh FPU/SSE state, then
 * IRETQ into ring 3 with the trap_frame at the top of its kernel stack.
 */
void ret_from_fork(void);

/* The C handler the SYSCALL entry calls with the saved user registers. */
void do_syscall_64(struct trap_frame *regs);

static inline bool user_mode(const struct trap_frame *regs)
{
	return (regs->cs & 3) == 3;
}

#endif /* __ASSEMBLER__ */
#endif /* STRATA_SYSCALL_ARCH_H */
