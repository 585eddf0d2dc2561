// SPDX-License-Identifier: MIT
/*
 * Host-only support for the unit tests in tests/host/.
 *
 * Kernel files declare their string routines through lib/string.h, whose
 * prototypes match libc's, so on the host they link against the C library.
 * The one routine glibc before 2.38 lacks, strlcpy(), is defined here. It is
 * weak so that a libc which has its own wins without a clash.
 */
#include "lib/string.h"

__attribute__((weak)) size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/* The unchecked variants of lib/string.h are the plain ones on the host. */
void *__memset(void *dst, int c, size_t n)
{
	return memset(dst, c, n);
}

void *__memcpy(void *dst, const void *src, size_t n)
{
	return memcpy(dst, src, n);
}
