// SPDX-License-Identifier: MIT
/*
 * What the allocator cores need from the kernel, for host tests: printk()
 * into a capture buffer (tests read what a report said), dump_stack(),
 * symbol printing, and the host's "direct map" offset. The kernel's own
 * vsnprintf is linked under the name kernel_vsnprintf (see host.mk).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tests/host/kernel_shim.h"

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

void dump_stack(void)
{
	shim_append("Call Trace: (not available on the host)\n");
}

int ksym_snprint(char *buf, size_t size, uint64_t addr)
{
	return kernel_snprintf(buf, size, "host_caller_%llx", (unsigned long long)addr);
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
