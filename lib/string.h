/* SPDX-License-Identifier: MIT */
/*
 * The few C string and memory routines the kernel needs; lib/string.c
 * implements them. The host unit tests link libc's versions instead.
 */
#ifndef STRATA_STRING_H
#define STRATA_STRING_H

#include "lib/types.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
/*
 * memset/memcpy/memmove without KASAN's range check, for allocators writing
 * their own poison and red zones into memory KASAN already marks
 * inaccessible. The same as memset/memcpy/memmove in other builds; in a
 * KASAN build mm/kasan.c defines the checking memset/memcpy/memmove.
 */
void *__memset(void *dst, int c, size_t n);
void *__memcpy(void *dst, const void *src, size_t n);
void *__memmove(void *dst, const void *src, size_t n);
/* Copy at most size-1 bytes and always NUL-terminate; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);
/*
 * Copy as strlcpy does, but return the length copied, or -E2BIG if src
 * did not fit (Linux's ssize_t is long here). size 0 copies nothing.
 */
long strscpy(char *dst, const char *src, size_t size);

#endif /* STRATA_STRING_H */
