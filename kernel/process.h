/* SPDX-License-Identifier: MIT */
/*
 * User processes: create one from a program image with its arguments and
 * environment (kernel/exec.c), run it on this CPU until it exits or is
 * killed, free everything it had (kernel/process.c).
 *
 * A process runs on the CPU it was started on, sharing it by round robin
 * with that CPU's other processes and its kernel task (kernel/sched.h).
 * Someone else frees it once it is dead: the kernel task that waits for it
 * (process_wait), or, for a process started detached, a work item on the
 * CPU it died on, which also says how it ended.
 */
#ifndef STRATA_PROCESS_H
#define STRATA_PROCESS_H

#include "arch/x86_64/trap_frame.h"
#include "kernel/task.h"
#include "lib/types.h"
#include "mm/pgtable.h"

/* Linux's signal numbers, for the wait status of a killed process. */
#define SIGILL 4
#define SIGTRAP 5
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGSEGV 11

/* Most arguments and environment strings, and their bytes (Linux allows far more). */
#define MAX_ARG_STRINGS 64
#define MAX_ARG_BYTES 4096

/* Where a process's console output goes instead of the console (the tests read it back). */
struct output_capture {
	char *buf;
	size_t size, len; /* len may pass size: the rest was cut */
};

/* The task_struct cache, at boot (before any process). */
void process_init(void);
/* A zeroed task_struct in TASK_NEW from it, or NULL (process_free() gives it back). */
struct task_struct *alloc_task_struct(void);

/*
 * A new process running image[0, size) (which must outlive it) with argv
 * and envp (NULL-terminated; argv[0] its name), ready to run. NULL with
 * *err set: -ENOEXEC (the reason printed), -E2BIG, -ENOMEM.
 */
struct task_struct *process_create(const u8 *image, size_t size, char *const argv[],
				   char *const envp[], int *err);
/*
 * Start p on cpu (online): capture (NULL: the console) receives its console
 * output; with show_maps its maps and status are printed when it exits.
 * Detached, nobody waits: when it ends, a work item on its CPU prints how
 * and frees it. Otherwise the calling kernel task must process_wait() for
 * it. Context: a kernel task.
 */
void process_start(struct task_struct *p, int cpu, struct output_capture *capture, bool show_maps,
		   bool detach);
/*
 * Wait until p (started, not detached) is dead and off its CPU, running the
 * other tasks of this CPU meanwhile; returns its wait status. Context: a
 * kernel task.
 */
int process_wait(struct task_struct *p);
/* process_start() on this CPU, then process_wait(). */
int process_run(struct task_struct *p, struct output_capture *capture, bool show_maps);
/*
 * Free a process that never ran, or that ran and is dead (waiting for its
 * last switch to end): its mm, kernel stack and task. Context: a kernel task.
 */
void process_free(struct task_struct *p);

/* End the current process with a wait status (exit and exit_group). */
void do_exit(int status) __attribute__((noreturn));
/* Kill the current process with sig after a report of what it did. */
void force_sig_fault(int sig, const struct trap_frame *regs, const char *what, u64 addr)
	__attribute__((noreturn));

/*
 * The process list and its lookups below take process_lock with interrupts
 * off: any context (process_get_mm: see its own).
 */
/* Put a new process on the list ps reads (process_free() takes it off). */
void process_list_add(struct task_struct *p);
/* Call fn on every process, under the list's lock (fn must not sleep or free). */
void process_for_each(void (*fn)(struct task_struct *p, void *arg), void *arg);
/*
 * Make process pid die of sig the next time it leaves the kernel for user
 * mode: at once if it sleeps interruptibly (it wakes) or runs (its CPU is
 * interrupted), when it next runs if it waits on a run queue. 0, or -ESRCH
 * if there is no such process (or it is dead already).
 */
int process_kill(int pid, int sig);
/* Set process pid's oom_score_adj (-1000 .. 1000): 0, -ESRCH or -EINVAL. */
int process_set_oom_score_adj(int pid, int adj);
/*
 * Does process pid still hold memory? True until it is TASK_DEAD: its
 * exit_mm() takes p->mm away first and frees the pages after.
 */
bool process_holds_memory(int pid);
/* Walk va in process pid's page tables (pt_walk()): 0, or -ESRCH if it has no address space. */
int process_pt_walk(int pid, u64 va, struct pt_walk *w);
/*
 * Process pid's address space with a reference taken (Linux's
 * get_task_mm()): the caller reads it under mmap_lock and mmput()s it; it
 * stays whole even if the process exits meanwhile. Its name (comm, of
 * TASK_COMM_LEN bytes) and state are copied too. NULL if no process pid
 * holds an address space (none has that pid, or it has exited). Any
 * context but hardirq; its mmput() needs task context.
 */
struct mm_struct *process_get_mm(int pid, char *comm, unsigned int *state);
/*
 * On the way back to user mode (Linux's name): give up the CPU if the tick
 * or an interrupt asked for it, then die of a pending signal. Context: the
 * current process, in a system call's or an interrupt's exit, interrupts
 * off until the return to user mode (Linux's exit_to_user_mode_prepare()
 * too): a tick or a kill's IPI that comes after the checks is then taken
 * in user mode, where it is seen, not in the kernel, where it would wait
 * for the next interrupt or system call.
 */
void exit_to_user_mode(void);

/* The running process's console output hook (NULL: none). */
struct output_capture *process_capture(void);

/* Print a wait status as "exited with N" or "killed by SIGSEGV". */
void process_print_status(const char *name, int pid, int status);

#endif /* STRATA_PROCESS_H */
