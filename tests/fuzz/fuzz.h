/* SPDX-License-Identifier: MIT */
/*
 * What every fuzz target in tests/fuzz/ shares: the libFuzzer entry point,
 * a reader that turns the input bytes into operations, and FUZZ_CHECK,
 * which stops the run on a broken invariant.
 *
 * A target is one file defining LLVMFuzzerTestOneInput(). It is built two
 * ways (tests/fuzz/fuzz.mk): with clang's libFuzzer, which mutates inputs
 * guided by coverage; or, where libFuzzer is missing, with tests/fuzz/driver.c,
 * which replays a corpus and then runs seeded random inputs. Either way the
 * target runs under AddressSanitizer and UBSan (no recovery), so a crash,
 * an out-of-bounds access or undefined behaviour fails it like FUZZ_CHECK.
 *
 * A target checks every invariant it knows after every operation, and
 * resets all state at the start of each input: one input, one replayable run.
 */
#ifndef STRATA_FUZZ_H
#define STRATA_FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/types.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

/* The input as a stream: reads past the end give zeros, never fail. */
struct fuzz_input {
	const u8 *p; /* next unread byte */
	size_t left; /* bytes left */
};

static inline u64 fuzz_bytes(struct fuzz_input *in, unsigned int n)
{
	u64 v = 0;

	for (unsigned int i = 0; i < n && in->left; i++, in->p++, in->left--)
		v |= (u64)*in->p << (8 * i);
	return v;
}

static inline u8 fuzz_u8(struct fuzz_input *in)
{
	return (u8)fuzz_bytes(in, 1);
}

static inline u16 fuzz_u16(struct fuzz_input *in)
{
	return (u16)fuzz_bytes(in, 2);
}

static inline u32 fuzz_u32(struct fuzz_input *in)
{
	return (u32)fuzz_bytes(in, 4);
}

static inline u64 fuzz_u64(struct fuzz_input *in)
{
	return fuzz_bytes(in, 8);
}

/*
 * Stop with a message if cond is false. abort() is what libFuzzer (and the
 * driver) treat as a crash: the input that caused it is saved for replay.
 */
#define FUZZ_CHECK(cond, ...)                                                                 \
	do {                                                                                  \
		if (!(cond)) {                                                                \
			fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: ", __FILE__, __LINE__, \
				#cond);                                                       \
			fprintf(stderr, __VA_ARGS__);                                         \
			fputc('\n', stderr);                                                  \
			abort();                                                              \
		}                                                                             \
	} while (0)

#endif /* STRATA_FUZZ_H */
