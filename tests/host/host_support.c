// SPDX-License-Identifier: MIT
/*
 * Host-only support for the unit tests in tests/host/.
 *
 * Kernel files declare their string routines through lib/string.h, whose
 * prototypes match libc's, so on the host they link against the C library;
 * strlcpy(), which glibc before 2.38 lacks, comes from lib/strlcpy.c.
 */
#include "lib/string.h"

/* The unchecked variants of lib/string.h are the plain ones on the host. */
void *__memset(void *dst, int c, size_t n)
{
	return memset(dst, c, n);
}

void *__memcpy(void *dst, const void *src, size_t n)
{
	return memcpy(dst, src, n);
}
