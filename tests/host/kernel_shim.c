// SPDX-License-Identifier: MIT
/*
 * What the allocator cores need from the kernel, for host tests and fuzz
 * targets: printk() and printk_raw() into a capture buffer (tests read what
 * a report said), dump_stack(), warn_report(), symbol printing, panic()
 * (abort: a crash the test or fuzzer reports), an empty command line, a
 * clock that stands still (for the allocation-failure rate limit), and
 * the host's "direct map" offset. The kernel's own vsnprintf is linked under the name
 * kernel_vsnprintf (see host.mk). The simulated RAM itself is
 * tests/host/sim_machine.c.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/host/kernel_shim.h"
#include "kernel/spinlock.h"
#include "kernel/task.h"

int kernel_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int kernel_snprintf(char *buf, size_t size, const char *fmt, ...);

unsigned long host_page_offset;
char shim_log[1 << 16];
size_t shim_log_len;

static void shim_append(const char *s)
{
	size_t n = strlen(s);

	if (shim_log_len + n >= sizeof(shim_log))
		shim_log_len = 0; /* wrap: tests clear the log before provoking */
	memcpy(shim_log + shim_log_len, s, n + 1);
	shim_log_len += n;
}

int vprintk(const char *fmt, va_list ap)
{
	char line[512];

	if (fmt[0] == '\001' && fmt[1])
		fmt += 2;
	kernel_vsnprintf(line, sizeof(line), fmt, ap);
	shim_append(line);
	return (int)strlen(line);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/*
 * The raw lines of reports (slabinfo, vmallocinfo) land in the same log:
 * the shim has no log levels to leave out, so printk_raw is printk.
 */
int printk_raw(const char *fmt, ...) __attribute__((alias("printk")));

void dump_stack(void)
{
	shim_append("Call Trace: (not available on the host)\n");
}

void warn_report(const char *file, int line, const char *func, const char *cond)
{
	printk("WARNING: %s at %s:%d: %s\n", func, file, line, cond);
	dump_stack();
}

int ksym_snprint(char *buf, size_t size, uint64_t addr)
{
	return kernel_snprintf(buf, size, "host_caller_%llx", (unsigned long long)addr);
}

/* A kernel panic is a crash of the host program, with the message on stderr. */
void panic(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	kernel_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "panic: %s\n", msg);
	abort();
}

/*
 * The host has no kernel command line (mm/slab_cmdline.c asks for
 * slub_debug=, mm/page_debug.c for page_poison=). Weak: the test of
 * kernel/cmdline.c links the real ones.
 */
__attribute__((weak)) bool cmdline_get(const char *key, char *buf, size_t size)
{
	(void)key;
	(void)buf;
	(void)size;
	return false;
}

__attribute__((weak)) bool cmdline_get_bool(const char *key, bool dflt)
{
	(void)key;
	return dflt;
}

void shim_log_clear(void)
{
	shim_log_len = 0;
	shim_log[0] = '\0';
}

bool shim_log_contains(const char *needle)
{
	return strstr(shim_log, needle) != NULL;
}

/* kernel/spinlock.h's host form: one thread, so a lock only records that it is held. */
void __spin_lock_init(spinlock_t *lock, const char *name, struct lock_class_key *key)
{
	*lock = (spinlock_t){.magic = SPINLOCK_MAGIC, .owner_cpu = -1, .name = name, .key = key};
}

void assert_spin_locked(const spinlock_t *lock)
{
	if (!spin_is_locked(lock))
		panic("assert_spin_locked: %s is not held", lock->name);
}

/* kernel/task.h's host form: one thread, the boot CPU's idle task. */
struct task_struct *get_current(void)
{
	static struct task_struct swapper = {0, "swapper/0"};

	return &swapper;
}

/* No clock on the host: every report falls in the same rate-limit window. */
uint64_t tsc_since_boot(void)
{
	return 0;
}

uint64_t tsc_to_us(uint64_t ticks)
{
	return ticks;
}
