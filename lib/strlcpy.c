// SPDX-License-Identifier: MIT
/*
 * strlcpy(), the bounded string copy (contract in lib/string.h).
 *
 * Apart from lib/string.c because the host unit tests and fuzz targets link
 * this very file: their C library gives them every other routine of
 * lib/string.h, but glibc before 2.38 has no strlcpy. On a host whose libc
 * has one, the program's own definition is the one used.
 */
#include "lib/string.h"

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
