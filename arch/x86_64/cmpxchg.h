/* SPDX-License-Identifier: MIT */
/*
 * The x86 read-modify-write instructions, for a variable of any size of
 * 1, 2, 4 or 8 bytes, under the names Linux gives them
 * (arch/x86/include/asm/cmpxchg.h, 6.1):
 *
 *   xchg(ptr, v)              swap; returns the old value
 *   cmpxchg(ptr, old, new)    store new if *ptr == old; returns what *ptr held
 *   try_cmpxchg(ptr, &old, new)
 *                             the same as a bool; on failure *old is
 *                             updated to what *ptr held
 *   xadd(ptr, inc)            add; returns the old value
 *
 * Each is one locked instruction (xchg with memory is always locked), so it
 * is atomic against every CPU and against interrupts, and it is a full
 * memory barrier, as Linux documents for the value-returning atomics.
 */
#ifndef STRATA_CMPXCHG_H
#define STRATA_CMPXCHG_H

#define xchg(ptr, v)                                                                           \
	({                                                                                     \
		__typeof__(*(ptr)) xchg_val__ = (v);                                           \
		__asm__ volatile("xchg %0, %1" : "+q"(xchg_val__), "+m"(*(ptr)) : : "memory"); \
		xchg_val__;                                                                    \
	})

#define cmpxchg(ptr, old, new)                                                                    \
	({                                                                                        \
		__typeof__(*(ptr)) cmpxchg_prev__;                                                \
		__asm__ volatile("lock cmpxchg %2, %1"                                            \
				 : "=a"(cmpxchg_prev__), "+m"(*(ptr))                             \
				 : "q"((__typeof__(*(ptr)))(new)), "0"((__typeof__(*(ptr)))(old)) \
				 : "memory", "cc");                                               \
		cmpxchg_prev__;                                                                   \
	})

#define try_cmpxchg(ptr, pold, new)                                                \
	({                                                                         \
		__typeof__(*(ptr)) try_expected__ = *(pold);                       \
		__typeof__(*(ptr)) try_seen__ = cmpxchg(ptr, try_expected__, new); \
		if (try_seen__ != try_expected__)                                  \
			*(pold) = try_seen__;                                      \
		try_seen__ == try_expected__;                                      \
	})

#define xadd(ptr, inc)                                            \
	({                                                        \
		__typeof__(*(ptr)) xadd_val__ = (inc);            \
		__asm__ volatile("lock xadd %0, %1"               \
				 : "+q"(xadd_val__), "+m"(*(ptr)) \
				 :                                \
				 : "memory", "cc");               \
		xadd_val__;                                       \
	})

#endif /* STRATA_CMPXCHG_H */
