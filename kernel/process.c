// SPDX-License-Identifier: MIT
/*
 * Running a process and ending it (kernel/process.h): the switch from the
 * kernel task that runs it (CR3, the TSS's rsp0, the per-CPU stack top,
 * FS base, current, then the kernel stacks), exit, and the kill that
 * follows a fault a program made.
 *
 * Invariant: a process's mm is loaded in CR3 exactly while it is current
 * on a CPU; a dying process frees its mm itself (exit_mm), then its waiter
 * runs again on kernel_pgd and frees the rest (stack and task), never the
 * process itself (it would free the stack it runs on).
 */
#include "kernel/process.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/irqflags.h"
#include "arch/x86_64/smpboot.h"
#include "arch/x86_64/syscall.h"
#include "arch/x86_64/traps.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/memlayout.h"
#include "mm/mmap.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

static const char *const signal_names[] = {
	[SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGBUS] = "SIGBUS",
	[SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL", [SIGSEGV] = "SIGSEGV",
};

/*
 * Tasks come from a cache of their own, as Linux's task_struct_cachep, its
 * objects aligned to a cache line (Linux: L1_CACHE_BYTES at least).
 */
static struct kmem_cache *task_struct_cachep;

/* Every process from process_list_add() to process_free(), newest first. */
static DEFINE_SPINLOCK(process_lock);
static struct task_struct *process_list;

void process_list_add(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&process_lock, flags);
	p->proc_prev = NULL;
	p->proc_next = process_list;
	if (process_list)
		process_list->proc_prev = p;
	process_list = p;
	spin_unlock_irqrestore(&process_lock, flags);
}

static void process_list_del(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&process_lock, flags);
	if (p->proc_prev)
		p->proc_prev->proc_next = p->proc_next;
	else if (process_list == p)
		process_list = p->proc_next;
	if (p->proc_next)
		p->proc_next->proc_prev = p->proc_prev;
	p->proc_next = p->proc_prev = NULL;
	spin_unlock_irqrestore(&process_lock, flags);
}

void process_for_each(void (*fn)(struct task_struct *p, void *arg), void *arg)
{
	unsigned long flags;

	spin_lock_irqsave(&process_lock, flags);
	for (struct task_struct *p = process_list; p; p = p->proc_next)
		fn(p, arg);
	spin_unlock_irqrestore(&process_lock, flags);
}

int process_kill(int pid, int sig)
{
	unsigned long flags;
	int err = -ESRCH;

	spin_lock_irqsave(&process_lock, flags);
	for (struct task_struct *p = process_list; p; p = p->proc_next) {
		if (p->pid == pid && p->state != TASK_STATE_DEAD) {
			WRITE_ONCE(p->pending_sig, sig);
			/* Linux's kick_process(): an interrupt now, not at the next tick. */
			if (p->state == TASK_STATE_RUNNING && p->cpu != smp_processor_id())
				smp_send_reschedule(p->cpu);
			err = 0;
		}
	}
	spin_unlock_irqrestore(&process_lock, flags);
	return err;
}

int process_set_oom_score_adj(int pid, int adj)
{
	unsigned long flags;
	int err = -ESRCH;

	if (adj < -1000 || adj > 1000)
		return -EINVAL;
	spin_lock_irqsave(&process_lock, flags);
	for (struct task_struct *p = process_list; p; p = p->proc_next) {
		if (p->pid == pid) {
			WRITE_ONCE(p->oom_score_adj, (short)adj);
			err = 0;
		}
	}
	spin_unlock_irqrestore(&process_lock, flags);
	return err;
}

bool process_holds_memory(int pid)
{
	unsigned long flags;
	bool found = false;

	spin_lock_irqsave(&process_lock, flags);
	for (struct task_struct *p = process_list; p; p = p->proc_next)
		found |= p->pid == pid && p->mm;
	spin_unlock_irqrestore(&process_lock, flags);
	return found;
}

int process_pt_walk(int pid, u64 va, struct pt_walk *w)
{
	unsigned long flags;
	int err = -ESRCH;

	/* Under the lock: exit_mm() takes p->mm away under it before freeing any table. */
	spin_lock_irqsave(&process_lock, flags);
	for (struct task_struct *p = process_list; p; p = p->proc_next) {
		if (p->pid == pid && p->mm) {
			pt_walk(p->mm->pgd, va, w);
			err = 0;
		}
	}
	spin_unlock_irqrestore(&process_lock, flags);
	return err;
}

struct mm_struct *process_get_mm(int pid, char *comm, enum task_state *state)
{
	struct mm_struct *mm = NULL;
	unsigned long flags;

	/* p->mm is set under the lock until exit_mm(): it holds a user, so mmget() is safe. */
	spin_lock_irqsave(&process_lock, flags);
	for (struct task_struct *p = process_list; p; p = p->proc_next) {
		if (p->pid == pid && p->mm) {
			mm = p->mm;
			mmget(mm);
			memcpy(comm, p->comm, TASK_COMM_LEN);
			*state = p->state;
		}
	}
	spin_unlock_irqrestore(&process_lock, flags);
	return mm;
}

void exit_if_killed(void)
{
	struct task_struct *p = get_current();
	int sig = p->mm ? READ_ONCE(p->pending_sig) : 0;

	if (sig) {
		pr_info("%s[%d]: killed by %s (kill)\n", p->comm, p->pid, signal_names[sig]);
		do_exit(sig);
	}
}

/* The tick's way into exit_if_killed(): interrupts that return to user mode. */
static void user_return(struct trap_frame *f)
{
	(void)f;
	exit_if_killed();
}

void process_init(void)
{
	task_struct_cachep =
		kmem_cache_create("task_struct", sizeof(struct task_struct), 64, 0, NULL);
	trap_set_user_return_hook(user_return);
	if (!task_struct_cachep)
		pr_err("process: no task_struct cache: no program can run\n");
}

struct task_struct *alloc_task_struct(void)
{
	return task_struct_cachep ? kmem_cache_zalloc(task_struct_cachep, GFP_KERNEL) : NULL;
}

/*
 * Make next the running task of this CPU (its address space, stacks and TLS
 * base) and continue at next_sp, saving the running stack pointer in
 * *save_sp. The waiter's rsp is kept in the process (waiter_sp), which
 * lives exactly as long as the wait, not in the waiter's task.
 */
static void switch_to_task(u64 *save_sp, struct task_struct *next, u64 next_sp)
{
	if (next->mm) {
		u64 top = (u64)next->stack + THREAD_SIZE;

		write_cr3(virt_to_phys(next->mm->pgd));
		tss_set_sp0(top);
		this_cpu_write(cpu_current_top_of_stack, top);
		wrmsr(MSR_FS_BASE, next->fsbase);
	} else {
		write_cr3(kernel_pgd_phys);
	}
	set_current(next);
	__switch_to_asm(save_sp, next_sp);
}

int process_run(struct task_struct *p, struct output_capture *capture, bool show_maps)
{
	struct task_struct *self = get_current();
	unsigned long flags;

	local_irq_save(flags);
	p->waiter = self;
	p->cpu = smp_processor_id();
	p->capture = capture;
	p->show_maps = show_maps;
	p->state = TASK_STATE_RUNNING;
	switch_to_task(&p->waiter_sp, p, p->sp);
	/* Back here when p is dead: do_exit() restored CR3 and current. */
	local_irq_restore(flags);
	return p->exit_code;
}

void process_free(struct task_struct *p)
{
	process_list_del(p);
	if (p->mm)
		mmput(p->mm);
	vfree(p->stack);
	kmem_cache_free(task_struct_cachep, p);
}

struct output_capture *process_capture(void)
{
	return get_current()->capture;
}

/*
 * Give back the address space now, as Linux's exit_mm(): a victim of the
 * OOM killer frees its memory as it dies, not when its runner gets to it.
 * Off the list's view first (ps and the OOM killer read p->mm under its
 * lock), then off CR3, then its pages and page tables freed (exit_mmap)
 * even if a maps or status reader still holds a reference; the last
 * mmput() frees the rest.
 */
static void exit_mm(struct task_struct *p)
{
	struct mm_struct *mm = p->mm;
	unsigned long flags;

	spin_lock_irqsave(&process_lock, flags);
	p->mm = NULL;
	spin_unlock_irqrestore(&process_lock, flags);
	write_cr3(kernel_pgd_phys);
	exit_mmap(mm); /* the memory now, even if a reader (maps PID) still holds the mm */
	mmput(mm);
}

void do_exit(int status)
{
	struct task_struct *p = get_current();

	/* Task context even from an interrupt's return path: freeing may send IPIs. */
	local_irq_enable();
	p->exit_code = status;
	if (p->show_maps) {
		printk_raw("%s (pid %d) at exit:\n", p->comm, p->pid);
		mm_print_maps(p->mm, p->comm);
		mm_print_status(p->mm);
	}
	exit_mm(p);
	local_irq_disable();
	p->state = TASK_STATE_DEAD;
	wrmsr(MSR_FS_BASE, 0);
	switch_to_task(&p->sp, p->waiter, p->waiter_sp);
	__builtin_unreachable(); /* nothing switches back to a dead task */
}

void force_sig_fault(int sig, const struct trap_frame *regs, const char *what, u64 addr)
{
	struct task_struct *p = get_current();
	struct vm_area_struct *vma = find_vma(p->mm, addr);

	/* Linux prints such a line for unhandled signals (show_signal_msg, with its sysctl). */
	pr_info("%s[%d]: %s: %s at %llx ip %llx sp %llx\n", p->comm, p->pid, signal_names[sig],
		what, (unsigned long long)addr, (unsigned long long)regs->rip,
		(unsigned long long)regs->rsp);
	if (vma && vma->vm_start <= addr)
		pr_info("%s[%d]: in the VMA %llx-%llx %c%c%c\n", p->comm, p->pid,
			(unsigned long long)vma->vm_start, (unsigned long long)vma->vm_end,
			vma->vm_flags & VM_READ ? 'r' : '-', vma->vm_flags & VM_WRITE ? 'w' : '-',
			vma->vm_flags & VM_EXEC ? 'x' : '-');
	else
		pr_info("%s[%d]: no VMA holds the address\n", p->comm, p->pid);
	do_exit(sig);
}

void process_print_status(const char *name, int pid, int status)
{
	if (status & 0x7f) {
		int sig = status & 0x7f;

		printk_raw("%s (pid %d) killed by %s\n", name, pid,
			   sig < (int)ARRAY_SIZE(signal_names) && signal_names[sig]
				   ? signal_names[sig]
				   : "a signal");
	} else {
		printk_raw("%s (pid %d) exited with %d\n", name, pid, (status >> 8) & 0xff);
	}
}
