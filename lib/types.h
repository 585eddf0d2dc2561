/* SPDX-License-Identifier: MIT */
/*
 * Fixed-width integer names and address kinds used throughout strata.
 *
 * Only the compiler's freestanding headers are included, so this file (and
 * every pure-logic file that includes it) also builds on the host for the
 * unit tests in tests/host/.
 */
#ifndef STRATA_TYPES_H
#define STRATA_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
/*
 * 64 bits as x86_64 Linux spells them: long long, not <stdint.h>'s long,
 * so that code written for Linux prints a u64 with %llu, no cast and no
 * warning. (uint64_t stays unsigned long: the two are the same size and
 * not the same type to the format checker.)
 */
typedef unsigned long long u64;
typedef long long s64;
_Static_assert(sizeof(u64) == 8 && sizeof(s64) == 8, "u64 and s64 are 64 bits");

/* A physical address. */
typedef u64 phys_addr_t;
/* A page frame number: a physical address shifted right by PAGE_SHIFT. */
typedef u64 pfn_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define ALIGN_UP(x, a) (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define KiB (1UL << 10)
#define MiB (1UL << 20)
#define GiB (1UL << 30)

#endif /* STRATA_TYPES_H */
