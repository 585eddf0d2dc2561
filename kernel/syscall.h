/* SPDX-License-Identifier: MIT */
/*
 * Linux's x86_64 system calls, numbers and semantics, for the subset a
 * static C program needs (docs/user.md lists them). Arguments arrive in
 * RDI, RSI, RDX, R10, R8, R9 and the result leaves in RAX: a value, or
 * -errno. Every handler takes the six registers (unused ones ignored).
 */
#ifndef STRATA_SYSCALL_H
#define STRATA_SYSCALL_H

#include "lib/types.h"

/* One past the highest number Linux 6.1 assigns on x86_64. */
#define NR_SYSCALLS 451

#define __NR_read 0
#define __NR_write 1
#define __NR_mmap 9
#define __NR_mprotect 10
#define __NR_munmap 11
#define __NR_brk 12
#define __NR_ioctl 16
#define __NR_writev 20
#define __NR_sched_yield 24
#define __NR_madvise 28
#define __NR_nanosleep 35
#define __NR_getpid 39
#define __NR_exit 60
#define __NR_getrusage 98
#define __NR_arch_prctl 158
#define __NR_gettid 186
#define __NR_set_tid_address 218
#define __NR_clock_gettime 228
#define __NR_exit_group 231

typedef long (*syscall_fn)(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);

/* Linux's names by number, NULL for unassigned numbers (kernel/syscall_names.c). */
extern const char *const syscall_names[NR_SYSCALLS];

/*
 * The handlers, by file: kernel/sys_io.c, kernel/sys_mm.c, kernel/sys_proc.c,
 * kernel/sys_rusage.c.
 */
long sys_read(u64 fd, u64 buf, u64 count, u64 a3, u64 a4, u64 a5);
long sys_write(u64 fd, u64 buf, u64 count, u64 a3, u64 a4, u64 a5);
long sys_writev(u64 fd, u64 iov, u64 iovcnt, u64 a3, u64 a4, u64 a5);
long sys_ioctl(u64 fd, u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5);
long sys_mmap(u64 addr, u64 len, u64 prot, u64 flags, u64 fd, u64 off);
long sys_munmap(u64 addr, u64 len, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_mprotect(u64 addr, u64 len, u64 prot, u64 a3, u64 a4, u64 a5);
long sys_brk(u64 brk, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_madvise(u64 addr, u64 len, u64 advice, u64 a3, u64 a4, u64 a5);
long sys_exit(u64 code, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_getpid(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_sched_yield(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_nanosleep(u64 req, u64 rem, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_clock_gettime(u64 which, u64 tp, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_arch_prctl(u64 option, u64 addr, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_set_tid_address(u64 tidptr, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_getrusage(u64 who, u64 ru, u64 a2, u64 a3, u64 a4, u64 a5);

#endif /* STRATA_SYSCALL_H */
