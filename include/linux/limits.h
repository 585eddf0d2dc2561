/* SPDX-License-Identifier: MIT */
/* <linux/limits.h> for modules: the integer limits under Linux's names. */
#ifndef _LINUX_LIMITS_H
#define _LINUX_LIMITS_H

#define INT_MAX __INT_MAX__
#define INT_MIN (-INT_MAX - 1)
#define UINT_MAX (~0U)
#define LONG_MAX __LONG_MAX__
#define LONG_MIN (-LONG_MAX - 1)
#define ULONG_MAX (~0UL)
#define LLONG_MAX __LONG_LONG_MAX__
#define ULLONG_MAX (~0ULL)
#define U8_MAX ((u8)~0U)
#define U16_MAX ((u16)~0U)
#define U32_MAX ((u32)~0U)
#define U64_MAX ((u64)~0ULL)
#define S32_MAX ((s32)(U32_MAX >> 1))
#define S64_MAX ((s64)(U64_MAX >> 1))

#endif /* _LINUX_LIMITS_H */
