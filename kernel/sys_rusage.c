// SPDX-License-Identifier: MIT
/*
 * getrusage(2), Linux's number 98 and struct rusage (include/uapi/linux/
 * resource.h), for a program to watch its own demand paging: ru_maxrss is
 * the most RSS the process has had, in KiB (Linux 6.1: the larger of the
 * signal struct's maxrss and the mm's hiwater_rss, times PAGE_SIZE / 1024),
 * ru_minflt its minor faults (the mm's min_flt, which ps and run -m print).
 * RUSAGE_SELF and RUSAGE_THREAD agree, as a process has one thread;
 * RUSAGE_CHILDREN is all zero, as no process has waited-for children (there
 * is no fork); any other who is -EINVAL, an unwritable buffer -EFAULT.
 * Where strata differs: CPU time (counted in ticks only, for ps), context
 * switches and block I/O are not reported, so ru_utime, ru_stime,
 * ru_nvcsw, ru_nivcsw, ru_inblock and ru_oublock read 0, as do the fields
 * Linux leaves 0 too.
 */
#include "kernel/syscall.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/process.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/mmap.h"

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

/* Linux's struct __kernel_old_timeval and struct rusage on x86_64: 144 bytes. */
struct old_timeval {
	long tv_sec, tv_usec;
};

struct rusage {
	struct old_timeval ru_utime, ru_stime;
	long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap, ru_inblock,
		ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

_Static_assert(sizeof(struct rusage) == 144, "struct rusage as Linux's x86_64 ABI has it");

long sys_getrusage(u64 who, u64 ru, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct mm_struct *mm = get_current()->mm;
	struct rusage r;
	int w = (int)who;

	(void)a2, (void)a3, (void)a4, (void)a5;
	if (w != RUSAGE_SELF && w != RUSAGE_CHILDREN && w != RUSAGE_THREAD)
		return -EINVAL;
	memset(&r, 0, sizeof(r));
	if (w != RUSAGE_CHILDREN && mm) {
		r.ru_maxrss = (long)(MAX(mm->hiwater_rss, mm->rss) * (PAGE_SIZE / 1024));
		r.ru_minflt = (long)mm->min_flt;
	}
	return copy_to_user(ru, &r, sizeof(r)) ? -EFAULT : 0;
}
