// SPDX-License-Identifier: MIT
/*
 * A hostile program: hand every kind of bad pointer and bad request to
 * the system calls and check that each is refused with Linux's error, then
 * jump into the kernel's text, which must kill it (SIGSEGV). Prints one
 * line per refused request ("ok" or "WRONG ..."), then a count.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define KERNEL_TEXT 0xffffffff80100000UL
#define ARCH_SET_FS 0x1002

static int wrong;

/* A raw system call was expected to fail with want_errno. */
static void expect_err(const char *what, long ret, int want_errno)
{
	int e = errno;

	if (ret == -1 && e == want_errno) {
		printf("%s: ok\n", what);
		return;
	}
	printf("%s: WRONG (returned %ld, errno %d, wanted errno %d)\n", what, ret, e, want_errno);
	wrong++;
}

int main(void)
{
	void *kernel = (void *)KERNEL_TEXT;
	long brk0 = syscall(SYS_brk, 0);

	expect_err("write from a kernel address", syscall(SYS_write, 1, kernel, 8), EFAULT);
	expect_err("write from NULL", syscall(SYS_write, 1, NULL, 8), EFAULT);
	expect_err("write across the user end", syscall(SYS_write, 1, 0x7ffffffffffcUL, 8), EFAULT);
	expect_err("writev with a kernel iovec", syscall(SYS_writev, 1, kernel, 1), EFAULT);
	expect_err("write to fd 7", syscall(SYS_write, 7, "x", 1), EBADF);
	expect_err("clock_gettime into the kernel",
		   syscall(SYS_clock_gettime, CLOCK_MONOTONIC, kernel), EFAULT);
	expect_err("nanosleep from the kernel", syscall(SYS_nanosleep, kernel, NULL), EFAULT);
	expect_err("mmap over the kernel",
		   syscall(SYS_mmap, KERNEL_TEXT, 4096, PROT_READ | PROT_WRITE,
			   MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
		   ENOMEM);
	expect_err("mmap of 64 TiB",
		   syscall(SYS_mmap, 0, 1UL << 46, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
		   ENOMEM);
	expect_err("mmap of a file", syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE, 5, 0),
		   EBADF);
	expect_err("munmap of the kernel", syscall(SYS_munmap, KERNEL_TEXT, 4096), EINVAL);
	expect_err("mprotect of nothing", syscall(SYS_mprotect, 0x10000000UL, 4096, PROT_READ),
		   ENOMEM);
	expect_err("arch_prctl FS in the kernel", syscall(SYS_arch_prctl, ARCH_SET_FS, KERNEL_TEXT),
		   EPERM);
	expect_err("getrusage into the kernel", syscall(SYS_getrusage, RUSAGE_SELF, kernel),
		   EFAULT);
	expect_err("getrusage of who 7", syscall(SYS_getrusage, 7, NULL), EINVAL);
	expect_err("fork (not implemented)", syscall(SYS_fork), ENOSYS);
	expect_err("system call 400 (unassigned)", syscall(400), ENOSYS);
	if (syscall(SYS_brk, brk0 + (1L << 46)) != brk0) {
		printf("brk of 64 TiB: WRONG (the break moved)\n");
		wrong++;
	} else {
		printf("brk of 64 TiB: ok\n");
	}
	printf("hostile: %d wrong\n", wrong);
	fflush(stdout);
	((void (*)(void))kernel)();
	printf("hostile: ran kernel code, which is a bug\n");
	return 1;
}
