/* SPDX-License-Identifier: MIT */
/*
 * READ_ONCE() and WRITE_ONCE(), Linux's names (include/asm-generic/rwonce.h,
 * 6.1): one access of the variable's own width that the compiler must emit
 * exactly once, neither torn, merged, cached in a register nor re-read. They
 * order nothing against other CPUs: pair them with the barriers of
 * arch/x86_64/barrier.h or with a lock. For scalars (and pointers) of 1, 2,
 * 4 or 8 bytes only, as Linux requires.
 */
#ifndef STRATA_RWONCE_H
#define STRATA_RWONCE_H

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)                               \
	do {                                             \
		*(volatile __typeof__(x) *)&(x) = (val); \
	} while (0)

#endif /* STRATA_RWONCE_H */
