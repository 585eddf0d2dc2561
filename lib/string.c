// SPDX-License-Identifier: MIT
/*
 * Freestanding memory and string routines. GCC may also emit calls to
 * memcpy/memset/memmove/memcmp for struct copies, so these must exist even
 * where no code calls them by name. Written for clarity, not speed: the
 * allocators' hot paths do not copy memory.
 *
 * memcpy, memset and memmove are weak aliases of the plain __memcpy,
 * __memset and __memmove, as on Linux x86_64: a KASAN build replaces them
 * with versions that check the whole range first (mm/kasan.c), so this
 * file knows nothing of KASAN.
 */
#include "lib/string.h"

void *__memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *__memset(void *dst, int c, size_t n)
{
	/* rep stosb is short and fast on every x86_64 CPU that has ERMSB. */
	void *ret = dst;

	__asm__ volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(c) : "memory");
	return ret;
}

void *__memmove(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if (d < s) {
		while (n--)
			*d++ = *s++;
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n) __attribute__((weak, alias("__memcpy")));
void *memset(void *dst, int c, size_t n) __attribute__((weak, alias("__memset")));
void *memmove(void *dst, const void *src, size_t n) __attribute__((weak, alias("__memmove")));

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (u8)*a - (u8)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a - (u8)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (; *s; s++)
		if (*s == (char)c)
			return (char *)s;
	return c ? NULL : (char *)s;
}
