/* SPDX-License-Identifier: MIT */
/*
 * The context that runs kernel code, as Linux's `current` names it: a
 * struct task_struct, one current per CPU (Linux x86 keeps it in a
 * per-CPU variable too). Each CPU has its idle task, pid 0 and named as
 * Linux names them, "swapper/N" (init_task, "swapper/0", on the boot CPU,
 * which runs the boot and the shell; on an AP the idle loop, its work and
 * its interrupts); while `insmod` or `rmmod` runs a module's init or exit,
 * a task named after the command with a new pid, because in Linux those
 * functions run in the insmod or rmmod process; and user processes
 * (kernel/process.h), which add an address space (mm), a kernel stack of
 * their own and the registers saved while they are switched out. The idle
 * or command task is the CPU's kernel task (PF_KTHREAD), which takes turns
 * with the CPU's processes on its run queue (kernel/sched.h).
 * include/linux/sched.h gives module code `current`.
 */
#ifndef STRATA_TASK_H
#define STRATA_TASK_H

#include "kernel/workqueue.h"
#include "lib/list.h"
#include "lib/types.h"

/* Linux's length of comm, with its NUL. */
#define TASK_COMM_LEN 16

struct mm_struct;
struct output_capture;

/*
 * A task's state, with Linux 6.1's values (include/linux/sched.h). A
 * process is TASK_NEW until first woken, TASK_RUNNING while on a CPU or on
 * its run queue (ps: R), TASK_INTERRUPTIBLE (S) or TASK_UNINTERRUPTIBLE (D)
 * while it sleeps, TASK_DEAD once it exited (ps: Z, Linux's zombie, until
 * freed). A kernel task (PF_KTHREAD) is always runnable: it waits by
 * yielding (kernel/sched.h).
 */
#define TASK_RUNNING 0x0000
#define TASK_INTERRUPTIBLE 0x0001
#define TASK_UNINTERRUPTIBLE 0x0002
#define TASK_DEAD 0x0080
#define TASK_NEW 0x0800

/* task_struct.flags: a kernel task (Linux's PF_KTHREAD), never a process. */
#define PF_KTHREAD 0x00200000

/* The x87, MMX and SSE registers as FXSAVE stores them (Linux's struct fxregs_state). */
struct fxregs_state {
	u16 cwd, swd, twd, fop;
	u64 rip, rdp;
	u32 mxcsr, mxcsr_mask;
	u32 st_space[32], xmm_space[64], padding[24];
} __attribute__((aligned(16)));

struct task_struct {
	int pid;		  /* process id: 0 for init_task, then one per command */
	char comm[TASK_COMM_LEN]; /* command name, NUL-terminated */
	unsigned int state;	  /* TASK_*; written under its run queue's lock once it ran */
	unsigned int flags;	  /* PF_KTHREAD */
	u64 sp; /* the saved kernel rsp while switched out (Linux's thread.sp); 0 while dying */
	/* Scheduling (kernel/sched.c), under the run queue's lock of cpu. */
	int cpu;		      /* its run queue; a process never moves */
	bool on_rq;		      /* in the run queue's FIFO (not counting curr) */
	struct task_struct *run_next; /* the next in that FIFO */
	unsigned int time_slice;      /* ticks left before the next task's turn */
	u64 ticks;		      /* ticks it was running at: Linux's utime + stime */
	/* The rest is for user processes (kernel/process.c); zero for the others. */
	struct mm_struct *mm; /* the address space; NULL for kernel tasks and once exited */
	void *stack;	      /* THREAD_SIZE of kernel stack from vmalloc (guard pages around) */
	u64 fsbase;	      /* MSR_FS_BASE in user mode: arch_prctl(ARCH_SET_FS) */
	u64 clear_child_tid;  /* set_tid_address()'s pointer */
	bool fpu_saved;	      /* fpu holds its registers (it was switched out once) */
	int exit_code;	      /* a wait status: (code << 8) after exit, the signal if killed */
	struct task_struct *waiter;	/* the kernel task waiting for its end, or NULL */
	struct work_struct reap_work;	/* without a waiter: prints its end and frees it */
	struct output_capture *capture; /* a copy of its console output, or NULL */
	int pending_sig;	/* kill PID: the signal it dies of on its next kernel exit */
	short oom_score_adj;	/* -1000 (never the OOM killer's victim) .. 1000 */
	struct list_head tasks; /* on the list of processes, newest first (kernel/process.c) */
	bool show_maps;		/* print maps and status when it exits */
	/*
	 * Last: a process's x87/SSE registers while switched out. Only processes
	 * have it (the task_struct cache's objects hold one); the static kernel
	 * tasks end before it. Linux also sizes its task_struct at boot to end
	 * with the FPU state (arch_task_struct_size).
	 */
	struct fxregs_state fpu[];
};

/* pid 0, "swapper/0": the boot and the shell. */
extern struct task_struct init_task;

/* The task running now on this CPU. Any context. */
struct task_struct *get_current(void);
/* Make t the running task of this CPU (the process switch). */
void set_current(struct task_struct *t);
/* The next pid (they count up from 100: see kernel/task.c). */
int alloc_pid(void);

/*
 * Make "swapper/cpu" (pid 0) cpu's idle task and its current, as Linux's
 * init_idle() names it and its do_boot_cpu() sets current; the boot CPU
 * calls it before starting that AP.
 */
void idle_task_init(int cpu);

/*
 * The code from here to task_end() runs on this CPU as a new process named
 * comm (cut to TASK_COMM_LEN - 1 characters) with the next pid: insmod and
 * rmmod call it around a module's init or exit. Not nested.
 */
void task_begin(const char *comm);
/* Back to this CPU's idle task. */
void task_end(void);

#endif /* STRATA_TASK_H */
