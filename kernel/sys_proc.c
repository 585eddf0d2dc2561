// SPDX-License-Identifier: MIT
/*
 * The process and time system calls: exit and exit_group, getpid and
 * gettid, set_tid_address, arch_prctl (the FS base that holds musl's
 * thread pointer), sched_yield, nanosleep, clock_gettime. Where strata
 * differs: every clock counts from boot (there is no real-time clock
 * reading), nanosleep sleeps in whole ticks (HZ) and only SIGKILL, which
 * ends the process, interrupts it, so it never writes *rem.
 */
#include "kernel/syscall.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/syscall.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/delay.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/tsc.h"
#include "lib/errno.h"
#include "lib/rwonce.h"

#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_BOOTTIME 7
#define NSEC_PER_SEC 1000000000L

struct timespec {
	s64 tv_sec;
	s64 tv_nsec;
};

long sys_exit(u64 code, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	do_exit((int)(code & 0xff) << 8);
}

long sys_getpid(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	(void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return get_current()->pid;
}

long sys_set_tid_address(u64 tidptr, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	get_current()->clear_child_tid = tidptr;
	return get_current()->pid;
}

long sys_arch_prctl(u64 option, u64 addr, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct task_struct *p = get_current();

	(void)a2, (void)a3, (void)a4, (void)a5;
	switch (option) {
	case ARCH_SET_FS:
		if (addr >= USER_ADDR_END)
			return -EPERM; /* Linux: a base outside the user half */
		p->fsbase = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		return copy_to_user(addr, &p->fsbase, sizeof(p->fsbase)) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}

long sys_sched_yield(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	(void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	yield(); /* to the FIFO's tail of this CPU's run queue, as SCHED_RR's */
	return 0;
}

long sys_nanosleep(u64 req, u64 rem, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct timespec ts;
	u64 us;

	(void)rem, (void)a2, (void)a3, (void)a4, (void)a5;
	if (copy_from_user(&ts, req, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	/* Capped at a day: strata's jiffies conversion works in unsigned int microseconds per step. */
	for (us = MIN((u64)ts.tv_sec, 86400UL) * 1000000 + (u64)ts.tv_nsec / 1000; us;) {
		unsigned int step = (unsigned int)MIN(us, 1000000UL);

		set_current_state(TASK_INTERRUPTIBLE);
		schedule_timeout((long)usecs_to_jiffies(step) + 1);
		if (READ_ONCE(get_current()->pending_sig))
			return -EINTR; /* killed: it dies on the way out */
		us -= step;
	}
	return 0;
}

long sys_clock_gettime(u64 which, u64 tp, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct timespec ts;
	u64 ns;

	(void)a2, (void)a3, (void)a4, (void)a5;
	if (which != CLOCK_REALTIME && which != CLOCK_MONOTONIC && which != CLOCK_MONOTONIC_RAW &&
	    which != CLOCK_BOOTTIME)
		return -EINVAL;
	ns = tsc_to_us(tsc_since_boot()) * 1000;
	ts.tv_sec = (s64)(ns / NSEC_PER_SEC);
	ts.tv_nsec = (s64)(ns % NSEC_PER_SEC);
	return copy_to_user(tp, &ts, sizeof(ts)) ? -EFAULT : 0;
}
