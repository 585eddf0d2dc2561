/* SPDX-License-Identifier: MIT */
/*
 * <linux/sched.h> for modules: `current`, the task running the code, with
 * its pid and comm (kernel/task.h: "insmod" or "rmmod" with a pid of its
 * own while a module's init or exit runs, else "swapper/0", pid 0), and
 * schedule_timeout() (kernel/delay.h: with no scheduler, the CPU halts
 * until the time is up). The task states exist so code that sets one
 * compiles; nothing reads them.
 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include "jiffies.h"
#include "kernel/delay.h"
#include "../asm/current.h"
#include "lib/string.h"

#define TASK_RUNNING 0x0000
#define TASK_INTERRUPTIBLE 0x0001
#define TASK_UNINTERRUPTIBLE 0x0002
#define set_current_state(state) ((void)(state))
#define __set_current_state(state) ((void)(state))

static inline int task_pid_nr(const struct task_struct *tsk)
{
	return tsk->pid;
}

/* Copy tsk's comm into buf, which must hold TASK_COMM_LEN bytes. */
#define get_task_comm(buf, tsk) (strscpy((buf), (tsk)->comm, sizeof(buf)), (buf))

static inline long schedule_timeout_interruptible(long timeout)
{
	return schedule_timeout(timeout);
}

static inline long schedule_timeout_uninterruptible(long timeout)
{
	return schedule_timeout(timeout);
}

/* A point where Linux may switch tasks; strata has none to switch to. */
static inline int cond_resched(void)
{
	return 0;
}

#endif /* _LINUX_SCHED_H */
