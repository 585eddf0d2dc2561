/* SPDX-License-Identifier: MIT */
/*
 * xorshift64* (Marsaglia's xorshift with Vigna's multiplier): the small,
 * fast generator of the seeded tests. Not for anything that must be
 * unpredictable. The state must not be 0 (it would stay 0).
 */
#ifndef STRATA_XORSHIFT_H
#define STRATA_XORSHIFT_H

#include "lib/types.h"

/* Advance *state and return the next number. */
static inline u64 xorshift64star(u64 *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 0x2545f4914f6cdd1dULL;
}

#endif /* STRATA_XORSHIFT_H */
