// SPDX-License-Identifier: MIT
/*
 * Per-CPU set-up for user mode: the SYSCALL MSRs and the SSE control bits.
 * Invariant: after gdt_init_cpu() on a CPU, SYSCALL from ring 3 enters
 * entry_SYSCALL_64 with IF, TF, DF and AC clear, on the kernel CS/SS.
 */
#include "arch/x86_64/syscall.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/smap.h"

#define X86_EFLAGS_TF (1UL << 8)
#define X86_EFLAGS_IF (1UL << 9)
#define X86_EFLAGS_DF (1UL << 10)
#define X86_EFLAGS_NT (1UL << 14)
#define X86_EFLAGS_IOPL (3UL << 12)
#define CR0_MP (1UL << 1)
#define CR0_EM (1UL << 2)
#define CR0_TS (1UL << 3)
#define CR4_OSFXSR (1UL << 9)
#define CR4_OSXMMEXCPT (1UL << 10)

DEFINE_PER_CPU(u64, cpu_current_top_of_stack);
/* The user rsp between SYSCALL and the push of the frame (entry_64.S). */
DEFINE_PER_CPU(u64, syscall_user_rsp);

extern char entry_SYSCALL_64[];

void syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	/* SYSCALL: CS = STAR[47:32], SS = +8; SYSRET: CS = STAR[63:48] + 16, SS = +8. */
	wrmsr(MSR_STAR, ((u64)GDT_USER32_CS << 48) | ((u64)GDT_KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (u64)entry_SYSCALL_64);
	/* Linux's mask: the entry runs with interrupts off until it has a stack. */
	wrmsr(MSR_SYSCALL_MASK, X86_EFLAGS_TF | X86_EFLAGS_DF | X86_EFLAGS_IF | X86_EFLAGS_IOPL |
					X86_EFLAGS_AC | X86_EFLAGS_NT);
	/* SSE for user code: the kernel itself never touches the FPU (-mgeneral-regs-only). */
	write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP);
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
}
