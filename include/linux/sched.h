/* SPDX-License-Identifier: MIT */
/*
 * <linux/sched.h> for modules: `current`, the task running the code, with
 * its pid and comm (kernel/task.h: "insmod" or "rmmod" with a pid of its
 * own while a module's init or exit runs, else "swapper/0", pid 0), and
 * schedule_timeout() (kernel/delay.h: a kernel task runs the CPU's
 * processes, or halts, until the time is up). The task states exist so
 * code that sets one compiles; in a kernel task nothing reads them.
 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include "jiffies.h"
#include "kernel/delay.h"
#include "../asm/current.h"
#include "lib/string.h"

/*
 * TASK_RUNNING and the other states: kernel/task.h. Module code runs in a
 * kernel task, which waits runnable whatever state it sets
 * (kernel/sched.h), so setting one changes nothing.
 */
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

/* A point where Linux may switch tasks; strata's kernel tasks switch only where they wait. */
static inline int cond_resched(void)
{
	return 0;
}

#endif /* _LINUX_SCHED_H */
