/* SPDX-License-Identifier: MIT */
/*
 * What a CPU does when it has nothing else to do (Linux's
 * kernel/sched/idle.c, 6.1, without a scheduler): run the work queued on
 * it (kernel/workqueue.h), else halt until an interrupt.
 */
#ifndef STRATA_IDLE_H
#define STRATA_IDLE_H

/*
 * One idle step. Call with interrupts off, after finding nothing else to
 * do: runs this CPU's queued work (interrupts on meanwhile) or halts until
 * the next interrupt. Returns with interrupts on. Context: task.
 */
void do_idle_once(void);

/* An AP's life once online: idle steps forever (Linux's name). */
void __attribute__((noreturn)) cpu_startup_entry(void);

#endif /* STRATA_IDLE_H */
