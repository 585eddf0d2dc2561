/* SPDX-License-Identifier: MIT */
/*
 * Error pointers, as Linux has them (include/linux/err.h): a function that
 * returns a pointer can return -Exxx in it instead, because no allocator
 * ever returns one of the top MAX_ERRNO addresses of the address space (the
 * last page below 2^64). Callers test
 * with IS_ERR() before using the pointer, and PTR_ERR() gives the -Exxx.
 * strata's own allocators return NULL on failure instead, as Linux's do;
 * this is for module code and the interfaces that use it.
 */
#ifndef STRATA_ERR_H
#define STRATA_ERR_H

#include "lib/types.h"

/* The largest error number an error pointer can carry (Linux's value). */
#define MAX_ERRNO 4095

/* True if x, an unsigned long, is -1 .. -MAX_ERRNO. */
#define IS_ERR_VALUE(x) ((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)

/* The error pointer carrying error (a negative errno). */
static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

/* The negative errno an error pointer carries. */
static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR(ptr);
}

/* An error pointer under another pointer type. */
static inline void *ERR_CAST(const void *ptr)
{
	return (void *)ptr;
}

/* 0 for a valid pointer, else its error (for functions returning int). */
static inline int PTR_ERR_OR_ZERO(const void *ptr)
{
	return IS_ERR(ptr) ? (int)PTR_ERR(ptr) : 0;
}

#endif /* STRATA_ERR_H */
