/* SPDX-License-Identifier: MIT */
/*
 * What a CPU's kernel task does when it waits (Linux's kernel/sched/idle.c,
 * 6.1, in spirit): run the work queued on it (kernel/workqueue.h), else
 * give the CPU to its runnable processes (kernel/sched.h), else halt until
 * an interrupt.
 */
#ifndef STRATA_IDLE_H
#define STRATA_IDLE_H

/*
 * One idle step. Call with interrupts off, after finding nothing else to
 * do: runs this CPU's queued work (interrupts on meanwhile), or the other
 * runnable tasks of its run queue until the kernel task's next turn, or
 * halts until the next interrupt. Returns with interrupts on. Context: a
 * kernel task.
 */
void do_idle_once(void);

/* An AP's life once online: idle steps forever (Linux's name). */
void __attribute__((noreturn)) cpu_startup_entry(void);

#endif /* STRATA_IDLE_H */
