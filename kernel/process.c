// SPDX-License-Identifier: MIT
/*
 * Starting, waiting for and ending a process (kernel/process.h): its first
 * wake-up on a CPU's run queue, the way back to user mode (where the tick's
 * preemption and kill take effect), exit, the kill that follows a fault a
 * program made, and freeing what it had.
 *
 * Invariants: a process's mm is loaded in CR3 exactly while it is current
 * on a CPU (kernel/sched.c switches it); a dying process frees its mm itself
 * (exit_mm), then leaves the CPU for good; the rest (stack and task) is
 * freed by its waiter or its reap work, never by the process itself, and
 * only once its last switch stored its rsp (kernel/sched.c).
 *
 * Lock order: process_lock before a run queue's lock (process_kill wakes
 * under it).
 */
#include "kernel/process.h"
#include "arch/x86_64/barrier.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/irqflags.h"
#include "arch/x86_64/smpboot.h"
#include "arch/x86_64/syscall.h"
#include "arch/x86_64/traps.h"
#include "arch/x86_64/irq_vectors.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
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
static LIST_HEAD(process_list);

void process_list_add(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&process_lock, flags);
	list_add(&p->tasks, &process_list);
	spin_unlock_irqrestore(&process_lock, flags);
}

static void process_list_del(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&process_lock, flags);
	list_del_init(&p->tasks);
	spin_unlock_irqrestore(&process_lock, flags);
}

void process_for_each(void (*fn)(struct task_struct *p, void *arg), void *arg)
{
	struct task_struct *p;
	unsigned long flags;

	spin_lock_irqsave(&process_lock, flags);
	list_for_each_entry (p, &process_list, tasks)
		fn(p, arg);
	spin_unlock_irqrestore(&process_lock, flags);
}

int process_kill(int pid, int sig)
{
	struct task_struct *p;
	unsigned long flags;
	int err = -ESRCH;

	spin_lock_irqsave(&process_lock, flags);
	list_for_each_entry (p, &process_list, tasks) {
		if (p->pid == pid && p->state != TASK_DEAD) {
			WRITE_ONCE(p->pending_sig, sig);
			/* Before reading its state: pairs with set_current_state() (kernel/sched.c). */
			smp_mb();
			/*
			 * Linux's signal_wake_up(): an interruptible sleeper wakes
			 * and dies at once; a running one gets an interrupt now
			 * (kick_process()), not at the next tick; a queued one
			 * dies when it next runs. An uninterruptible sleeper (the
			 * OOM killer's msleep()) is not woken: it looks at
			 * pending_sig between its 1 ms sleeps.
			 */
			if (!wake_up_state(p, TASK_INTERRUPTIBLE))
				kick_process(p);
			err = 0;
		}
	}
	spin_unlock_irqrestore(&process_lock, flags);
	return err;
}

int process_set_oom_score_adj(int pid, int adj)
{
	struct task_struct *p;
	unsigned long flags;
	int err = -ESRCH;

	if (adj < -1000 || adj > 1000)
		return -EINVAL;
	spin_lock_irqsave(&process_lock, flags);
	list_for_each_entry (p, &process_list, tasks) {
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
	struct task_struct *p;
	unsigned long flags;
	bool found = false;

	spin_lock_irqsave(&process_lock, flags);
	list_for_each_entry (p, &process_list, tasks)
		found |= p->pid == pid && p->state != TASK_DEAD;
	spin_unlock_irqrestore(&process_lock, flags);
	return found;
}

int process_pt_walk(int pid, u64 va, struct pt_walk *w)
{
	struct task_struct *p;
	unsigned long flags;
	int err = -ESRCH;

	/* Under the lock: exit_mm() takes p->mm away under it before freeing any table. */
	spin_lock_irqsave(&process_lock, flags);
	list_for_each_entry (p, &process_list, tasks) {
		if (p->pid == pid && p->mm) {
			pt_walk(p->mm->pgd, va, w);
			err = 0;
		}
	}
	spin_unlock_irqrestore(&process_lock, flags);
	return err;
}

struct mm_struct *process_get_mm(int pid, char *comm, unsigned int *state)
{
	struct task_struct *p;
	struct mm_struct *mm = NULL;
	unsigned long flags;

	/* p->mm is set under the lock until exit_mm(): it holds a user, so mmget() is safe. */
	spin_lock_irqsave(&process_lock, flags);
	list_for_each_entry (p, &process_list, tasks) {
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

/* Die of a pending signal now (Linux's signal delivery on the way out). */
static void exit_if_killed(void)
{
	struct task_struct *p = get_current();
	int sig = p->mm ? READ_ONCE(p->pending_sig) : 0;

	if (sig) {
		pr_info("%s[%d]: killed by %s (kill)\n", p->comm, p->pid, signal_names[sig]);
		do_exit(sig);
	}
}

void exit_to_user_mode(void)
{
	/* One look is enough: with interrupts off, nothing on this CPU sets it again. */
	if (need_resched())
		schedule(); /* the slice ran out, or the kernel task's turn: back here later */
	exit_if_killed();
}

/*
 * Interrupts that return to user mode. One other than the tick may have
 * brought the kernel task something to do (a key, work, a process's end):
 * it gets the CPU next.
 */
static void user_return(struct trap_frame *f)
{
	if (f->vector != LOCAL_TIMER_VECTOR)
		sched_irq_wakes_kernel_task();
	exit_to_user_mode();
}

/* A switch's address space, kernel stack top and TLS base (kernel/sched.c calls it). */
static void switch_mm(struct task_struct *prev, struct task_struct *next)
{
	(void)prev;
	if (next->mm) {
		u64 top = (u64)next->stack + THREAD_SIZE;

		write_cr3(virt_to_phys(next->mm->pgd));
		tss_set_sp0(top);
		this_cpu_write(cpu_current_top_of_stack, top);
		wrmsr(MSR_FS_BASE, next->fsbase);
	} else {
		write_cr3(kernel_pgd_phys);
	}
}

void process_init(void)
{
	task_struct_cachep = kmem_cache_create(
		"task_struct", sizeof(struct task_struct) + sizeof(struct fxregs_state), 64, 0,
		NULL);
	trap_set_user_return_hook(user_return);
	sched_set_switch_mm(switch_mm);
	if (!task_struct_cachep)
		pr_err("process: no task_struct cache: no program can run\n");
}

struct task_struct *alloc_task_struct(void)
{
	struct task_struct *p =
		task_struct_cachep ? kmem_cache_zalloc(task_struct_cachep, GFP_KERNEL) : NULL;

	if (p) {
		p->state = TASK_NEW;	   /* until wake_up_new_task() */
		INIT_LIST_HEAD(&p->tasks); /* off the list: process_free() may take it off again */
	}
	return p;
}

/* A process started without a waiter ended: say how, and free it (on the CPU it died on). */
static void reap_fn(struct work_struct *work)
{
	struct task_struct *p = container_of(work, struct task_struct, reap_work);

	process_print_status(p->comm, p->pid, p->exit_code);
	process_free(p);
}

void process_start(struct task_struct *p, int cpu, struct output_capture *capture, bool show_maps,
		   bool detach)
{
	p->waiter = detach ? NULL : get_current();
	INIT_WORK(&p->reap_work, reap_fn);
	p->capture = capture;
	p->show_maps = show_maps;
	wake_up_new_task(p, cpu);
}

/* Dead, and its last switch is done: nothing runs on its stack. */
static bool switched_out_dead(const struct task_struct *p)
{
	return __atomic_load_n(&p->state, __ATOMIC_ACQUIRE) == TASK_DEAD &&
	       __atomic_load_n(&p->sp, __ATOMIC_ACQUIRE) != 0;
}

int process_wait(struct task_struct *p)
{
	for (;;) {
		local_irq_disable();
		if (switched_out_dead(p))
			break;
		if (READ_ONCE(p->state) == TASK_DEAD)
			cpu_relax(); /* its CPU is switching away from it now */
		else
			schedule_idle_once(); /* its CPU's turn, or a halt until do_exit's IPI */
		local_irq_enable();
	}
	local_irq_enable();
	return p->exit_code;
}

int process_run(struct task_struct *p, struct output_capture *capture, bool show_maps)
{
	process_start(p, smp_processor_id(), capture, show_maps, false);
	return process_wait(p);
}

void process_free(struct task_struct *p)
{
	if (p->state != TASK_NEW)
		process_wait(p);
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
	wrmsr(MSR_FS_BASE, 0);
	local_irq_disable();
	/* sp first: a waiter that sees TASK_DEAD waits for the switch to store it. */
	WRITE_ONCE(p->sp, 0);
	__atomic_store_n(&p->state, TASK_DEAD, __ATOMIC_RELEASE);
	if (p->waiter)
		wake_up_process(p->waiter);
	else
		schedule_work_on(smp_processor_id(), &p->reap_work);
	schedule();
	/*
	 * Nothing switches back to a dead task: schedule() returned only because
	 * it refused to switch (a lock or preempt count leaked into here, already
	 * reported). Linux's do_task_dead() BUG()s here too; running on would
	 * return from a noreturn function.
	 */
	panic("do_exit: %s[%d] is dead but schedule() did not switch", p->comm, p->pid);
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
