// SPDX-License-Identifier: MIT
/*
 * System-call dispatch (Linux's arch/x86/entry/common.c do_syscall_64 and
 * the x86_64 sys_call_table): the number in RAX picks a handler, which
 * gets the six argument registers; its result goes back in RAX. A number
 * without a handler returns -ENOSYS, reported once per number with Linux's
 * name for it, so a program that needs more says what.
 *
 * Handlers run in the calling process's context, on its kernel stack,
 * with interrupts on (SYSCALL turned them off until the entry had a stack).
 */
#include "kernel/syscall.h"
#include "arch/x86_64/irqflags.h"
#include "arch/x86_64/syscall.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/task.h"
#include "lib/errno.h"

static const syscall_fn sys_call_table[NR_SYSCALLS] = {
	[__NR_read] = sys_read,
	[__NR_write] = sys_write,
	[__NR_mmap] = sys_mmap,
	[__NR_mprotect] = sys_mprotect,
	[__NR_munmap] = sys_munmap,
	[__NR_brk] = sys_brk,
	[__NR_ioctl] = sys_ioctl,
	[__NR_writev] = sys_writev,
	[__NR_sched_yield] = sys_sched_yield,
	[__NR_madvise] = sys_madvise,
	[__NR_nanosleep] = sys_nanosleep,
	[__NR_getpid] = sys_getpid,
	[__NR_exit] = sys_exit,
	[__NR_getrusage] = sys_getrusage,
	[__NR_arch_prctl] = sys_arch_prctl,
	[__NR_gettid] = sys_getpid, /* one thread per process: its tid is its pid */
	[__NR_set_tid_address] = sys_set_tid_address,
	[__NR_clock_gettime] = sys_clock_gettime,
	[__NR_exit_group] = sys_exit, /* one thread: exit and exit_group agree */
};

/* Numbers already reported as missing (a race only repeats a line). */
static unsigned long reported[(NR_SYSCALLS + 63) / 64];

static void report_enosys(u64 nr)
{
	struct task_struct *p = get_current();

	if (nr < NR_SYSCALLS) {
		if (reported[nr / 64] & (1UL << (nr % 64)))
			return;
		reported[nr / 64] |= 1UL << (nr % 64);
	}
	pr_warn("%s[%d]: system call %llu (%s) is not implemented: -ENOSYS\n", p->comm, p->pid,
		(unsigned long long)nr,
		nr < NR_SYSCALLS && syscall_names[nr] ? syscall_names[nr] : "no such call");
}

void do_syscall_64(struct trap_frame *regs)
{
	u64 nr = regs->rax;

	local_irq_enable();
	if (nr < NR_SYSCALLS && sys_call_table[nr]) {
		regs->rax = (u64)sys_call_table[nr](regs->rdi, regs->rsi, regs->rdx, regs->r10,
						    regs->r8, regs->r9);
	} else {
		report_enosys(nr);
		regs->rax = (u64)-ENOSYS;
	}
	local_irq_disable(); /* before the checks, until SYSRET: see exit_to_user_mode() */
	exit_to_user_mode();
}
