/* SPDX-License-Identifier: MIT */
/*
 * atomic_t (an int) and atomic_long_t (a long), with Linux's operation
 * names and meaning (include/linux/atomic/atomic-instrumented.h over
 * arch/x86/include/asm/atomic.h, 6.1):
 *
 *   read, set                  a plain load or store (READ_ONCE/WRITE_ONCE)
 *   inc, dec, add, sub         one locked instruction, no result
 *   inc_return                 the new value
 *   dec_and_test               true when the new value is 0
 *   cmpxchg, try_cmpxchg, xchg as arch/x86_64/cmpxchg.h, on the counter
 *
 * Every operation that changes the counter is atomic against other CPUs
 * and against interrupts; those that return a value are full barriers.
 * read and set order nothing (Linux's rule too). The counter is wrapped in
 * a struct so that only these functions touch it.
 */
#ifndef STRATA_ATOMIC_H
#define STRATA_ATOMIC_H

#include "arch/x86_64/cmpxchg.h"
#include "lib/rwonce.h"
#include "lib/types.h"

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	long counter;
} atomic_long_t;

#define ATOMIC_INIT(i) \
	{              \
		(i)    \
	}
#define ATOMIC_LONG_INIT(i) \
	{                   \
		(i)         \
	}

/* atomic_t */
static inline int atomic_read(const atomic_t *v)
{
	return READ_ONCE(v->counter);
}

static inline void atomic_set(atomic_t *v, int i)
{
	WRITE_ONCE(v->counter, i);
}

static inline void atomic_add(int i, atomic_t *v)
{
	__asm__ volatile("lock addl %1, %0" : "+m"(v->counter) : "ir"(i) : "memory", "cc");
}

static inline void atomic_sub(int i, atomic_t *v)
{
	__asm__ volatile("lock subl %1, %0" : "+m"(v->counter) : "ir"(i) : "memory", "cc");
}

static inline void atomic_inc(atomic_t *v)
{
	__asm__ volatile("lock incl %0" : "+m"(v->counter) : : "memory", "cc");
}

static inline void atomic_dec(atomic_t *v)
{
	__asm__ volatile("lock decl %0" : "+m"(v->counter) : : "memory", "cc");
}

static inline int atomic_inc_return(atomic_t *v)
{
	return xadd(&v->counter, 1) + 1;
}

static inline bool atomic_dec_and_test(atomic_t *v)
{
	return xadd(&v->counter, -1) == 1;
}

static inline int atomic_cmpxchg(atomic_t *v, int old, int new)
{
	return cmpxchg(&v->counter, old, new);
}

static inline bool atomic_try_cmpxchg(atomic_t *v, int *old, int new)
{
	return try_cmpxchg(&v->counter, old, new);
}

static inline int atomic_xchg(atomic_t *v, int new)
{
	return xchg(&v->counter, new);
}

/* atomic_long_t: the same operations on 64 bits. */
static inline long atomic_long_read(const atomic_long_t *v)
{
	return READ_ONCE(v->counter);
}

static inline void atomic_long_set(atomic_long_t *v, long i)
{
	WRITE_ONCE(v->counter, i);
}

static inline void atomic_long_add(long i, atomic_long_t *v)
{
	__asm__ volatile("lock addq %1, %0" : "+m"(v->counter) : "er"(i) : "memory", "cc");
}

static inline void atomic_long_sub(long i, atomic_long_t *v)
{
	__asm__ volatile("lock subq %1, %0" : "+m"(v->counter) : "er"(i) : "memory", "cc");
}

static inline void atomic_long_inc(atomic_long_t *v)
{
	__asm__ volatile("lock incq %0" : "+m"(v->counter) : : "memory", "cc");
}

static inline void atomic_long_dec(atomic_long_t *v)
{
	__asm__ volatile("lock decq %0" : "+m"(v->counter) : : "memory", "cc");
}

static inline long atomic_long_inc_return(atomic_long_t *v)
{
	return xadd(&v->counter, 1L) + 1;
}

static inline bool atomic_long_dec_and_test(atomic_long_t *v)
{
	return xadd(&v->counter, -1L) == 1;
}

static inline long atomic_long_cmpxchg(atomic_long_t *v, long old, long new)
{
	return cmpxchg(&v->counter, old, new);
}

static inline bool atomic_long_try_cmpxchg(atomic_long_t *v, long *old, long new)
{
	return try_cmpxchg(&v->counter, old, new);
}

static inline long atomic_long_xchg(atomic_long_t *v, long new)
{
	return xchg(&v->counter, new);
}

#endif /* STRATA_ATOMIC_H */
