// SPDX-License-Identifier: MIT
/*
 * The console system calls: read, write, writev and ioctl on fds 0, 1 and
 * 2, which all name the serial console (strata has no files). The console
 * is not a terminal to programs: ioctl answers -ENOTTY (as for a pipe), so
 * musl's stdio buffers stdout fully and flushes at exit. Where Linux
 * differs: its tty would accept TIOCGWINSZ; read here echoes and ends at a
 * newline, as a terminal in canonical mode does.
 */
#include "kernel/syscall.h"
#include "arch/x86_64/serial.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "lib/errno.h"
#include "lib/string.h"

#define CHUNK 256
#define UIO_MAXIOV 1024

struct iovec {
	u64 iov_base;
	u64 iov_len;
};

static bool console_fd(u64 fd)
{
	return fd <= 2;
}

static void console_out(const char *s, size_t n)
{
	struct output_capture *c = process_capture();

	if (!c) {
		console_write(s, n);
		return;
	}
	if (c->len < c->size)
		memcpy(c->buf + c->len, s, MIN(n, c->size - c->len));
	c->len += n;
}

/* Write count bytes from user buf: bytes written, or -EFAULT if none could be read. */
static long write_from_user(u64 buf, u64 count)
{
	char chunk[CHUNK];
	u64 done = 0;

	while (done < count) {
		u64 n = MIN(count - done, (u64)CHUNK);
		u64 left = copy_from_user(chunk, buf + done, n);

		console_out(chunk, n - left);
		done += n - left;
		if (left)
			return done ? (long)done : -EFAULT;
	}
	return (long)done;
}

long sys_write(u64 fd, u64 buf, u64 count, u64 a3, u64 a4, u64 a5)
{
	(void)a3, (void)a4, (void)a5;
	if (!console_fd(fd))
		return -EBADF;
	return write_from_user(buf, count);
}

long sys_writev(u64 fd, u64 iov, u64 iovcnt, u64 a3, u64 a4, u64 a5)
{
	long total = 0;

	(void)a3, (void)a4, (void)a5;
	if (!console_fd(fd))
		return -EBADF;
	if (iovcnt > UIO_MAXIOV)
		return -EINVAL;
	for (u64 i = 0; i < iovcnt; i++) {
		struct iovec v;
		long n;

		if (copy_from_user(&v, iov + i * sizeof(v), sizeof(v)))
			return total ? total : -EFAULT;
		if (!v.iov_len)
			continue;
		n = write_from_user(v.iov_base, v.iov_len);
		if (n < 0)
			return total ? total : n;
		total += n;
		if ((u64)n < v.iov_len)
			break;
	}
	return total;
}

long sys_read(u64 fd, u64 buf, u64 count, u64 a3, u64 a4, u64 a5)
{
	u64 done = 0;

	(void)a3, (void)a4, (void)a5;
	if (!console_fd(fd))
		return -EBADF;
	if (!access_ok(buf, count))
		return -EFAULT;
	while (done < count) {
		char c = (char)serial_getc();

		if (c == '\r')
			c = '\n';
		console_out(&c, 1);
		if (copy_to_user(buf + done, &c, 1))
			return done ? (long)done : -EFAULT;
		done++;
		if (c == '\n')
			break;
	}
	return (long)done;
}

long sys_ioctl(u64 fd, u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	(void)cmd, (void)arg, (void)a3, (void)a4, (void)a5;
	return console_fd(fd) ? -ENOTTY : -EBADF;
}
