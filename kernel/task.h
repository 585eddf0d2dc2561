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
 * their own and the registers saved while they are switched out.
 * include/linux/sched.h gives module code `current`.
 */
#ifndef STRATA_TASK_H
#define STRATA_TASK_H

#include "lib/types.h"

/* Linux's length of comm, with its NUL. */
#define TASK_COMM_LEN 16

struct mm_struct;
struct output_capture;

/* A process's life (Linux keeps more: sleeping, stopped, zombie ...). */
enum task_state {
	TASK_STATE_NEW,	    /* created, never run */
	TASK_STATE_RUNNING, /* on a CPU: in user mode or in a system call */
	TASK_STATE_DEAD	    /* exited or killed; its creator frees it */
};

struct task_struct {
	int pid;		  /* process id: 0 for init_task, then one per command */
	char comm[TASK_COMM_LEN]; /* command name, NUL-terminated */
	/* The rest is for user processes (kernel/process.c); zero for the others. */
	enum task_state state;
	struct mm_struct *mm; /* the address space; NULL for kernel tasks */
	void *stack;	      /* THREAD_SIZE of kernel stack from vmalloc (guard pages around) */
	u64 sp;		      /* the saved kernel rsp while switched out (Linux's thread.sp) */
	u64 fsbase;	      /* MSR_FS_BASE in user mode: arch_prctl(ARCH_SET_FS) */
	u64 clear_child_tid;  /* set_tid_address()'s pointer */
	int cpu;	      /* where it runs */
	int exit_code;	      /* a wait status: (code << 8) after exit, the signal if killed */
	struct task_struct *waiter;	/* who runs again when this one is dead */
	u64 waiter_sp;			/* ... and its saved kernel rsp meanwhile */
	struct output_capture *capture; /* a copy of its console output, or NULL */
	int pending_sig;     /* kill PID: the signal it dies of on its next kernel exit */
	short oom_score_adj; /* -1000 (never the OOM killer's victim) .. 1000 */
	struct task_struct *proc_next, *proc_prev; /* on the list of processes (kernel/process.c) */
	bool show_maps;				   /* print maps and status when it exits */
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
