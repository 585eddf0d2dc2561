// SPDX-License-Identifier: MIT
/*
 * The exceptions of user processes (Linux's arch/x86/mm/fault.c and the
 * signal side of arch/x86/kernel/traps.c): a page fault inside a VMA that
 * allows the access maps a page (handle_mm_fault) and the access is
 * retried; any other fault from ring 3 kills the process with the signal
 * Linux would send, after one report; the kernel carries on. A fault that
 * finds no page calls the OOM killer, then retries or dies. A kernel page
 * fault at a user address (a copy_from_user) is demand-paged the same way,
 * or left to the exception table. A kernel fault the trap code calls an
 * oops (SMEP, SMAP) kills the process it happened for.
 *
 * Invariant: nothing here panics; a fault it does not handle goes back to
 * trap_dispatch(), which reports it as a kernel fault.
 */
#include "arch/x86_64/irqflags.h"
#include "arch/x86_64/syscall.h"
#include "arch/x86_64/traps.h"
#include "kernel/backtrace.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "mm/mmap.h"
#include "mm/oom_kill.h"

#define X86_TRAP_DE 0
#define X86_TRAP_DB 1
#define X86_TRAP_BP 3
#define X86_TRAP_UD 6
#define X86_TRAP_OLD_MF 9
#define X86_TRAP_NP 11
#define X86_TRAP_SS 12
#define X86_TRAP_MF 16
#define X86_TRAP_AC 17
#define X86_TRAP_XF 19

/* The signal Linux 6.1 sends for a ring-3 exception other than a page fault (traps.c). */
static int trap_signal(u64 vector)
{
	switch (vector) {
	case X86_TRAP_DE:
	case X86_TRAP_OLD_MF:
	case X86_TRAP_MF:
	case X86_TRAP_XF:
		return SIGFPE;
	case X86_TRAP_DB:
	case X86_TRAP_BP:
		return SIGTRAP;
	case X86_TRAP_UD:
		return SIGILL;
	case X86_TRAP_NP:
	case X86_TRAP_SS:
	case X86_TRAP_AC:
		return SIGBUS;
	default:
		return SIGSEGV;
	}
}

static const char *fault_what(enum fault_result r, u64 error_code)
{
	switch (r) {
	case FAULT_NO_VMA:
		return "segfault: no mapping";
	case FAULT_ACCESS:
		return error_code & X86_PF_WRITE ? "segfault: write to a read-only mapping"
		       : error_code & X86_PF_INSTR
			       ? "segfault: execution of a non-executable mapping"
			       : "segfault: read of an inaccessible mapping";
	default:
		return "out of memory: chosen by the OOM killer";
	}
}

static bool user_fault(struct trap_frame *f, u64 cr2)
{
	struct task_struct *p = get_current();
	enum fault_result r = FAULT_NO_VMA;
	unsigned int flags = 0;

	if (!p->mm)
		return false; /* a kernel task: not a process's fault */
	if (f->rflags & X86_EFLAGS_IF)
		local_irq_enable(); /* as Linux: the fault runs with interrupts if the code had them */
	if (f->vector != X86_TRAP_PF) {
		if (!user_mode(f))
			return false;
		force_sig_fault(trap_signal(f->vector), f, trap_name(f->vector), f->rip);
	}
	if (f->error_code & X86_PF_WRITE)
		flags |= FAULT_FLAG_WRITE;
	if (f->error_code & X86_PF_INSTR)
		flags |= FAULT_FLAG_INSTR;
	if (cr2 < TASK_SIZE)
		r = handle_mm_fault(p->mm, cr2, flags);
	if (r == FAULT_MAPPED)
		return true;
	if (r == FAULT_NO_MEMORY && user_mode(f) && out_of_memory())
		return true; /* a victim's memory is back: the access retries */
	if (!user_mode(f))
		return false; /* a uaccess routine: the exception table returns -EFAULT */
	force_sig_fault(r == FAULT_NO_MEMORY ? SIGKILL : SIGSEGV, f, fault_what(r, f->error_code),
			cr2);
}

/*
 * The end of an oops on a process's behalf, as Linux 6.1's oops_end(): the
 * registers and the Call Trace, then the process dies of SIGKILL and the
 * kernel goes on. Returns, so the kernel panics, for a kernel task, in an
 * interrupt, or with a lock held (it would never be released).
 */
static void oops_kill(const struct trap_frame *f)
{
	struct task_struct *p = get_current();

	if (!p->mm || in_atomic())
		return;
	trap_frame_dump(f);
	backtrace_from(f->rip, f->rbp);
	pr_emerg("%s[%d]: killed by SIGKILL (oops)\n", p->comm, p->pid);
	do_exit(SIGKILL);
}

void fault_init(void)
{
	trap_set_user_fault_handler(user_fault);
	trap_set_oops_kill(oops_kill);
}
