/* SPDX-License-Identifier: MIT */
/*
 * <linux/types.h> for modules: the fixed-width types of strata's own
 * lib/types.h (u8 .. u64, s8 .. s64, phys_addr_t) plus the few kernel types
 * module code names that strata has no use for itself.
 */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

#include "lib/types.h"

/*
 * bool, true and false as Linux has them (a typedef and an enum, not
 * <stdbool.h>'s macros), so that module_param(x, bool, ...) keeps the word
 * "bool" through macro expansion.
 */
#undef bool
#undef true
#undef false
typedef _Bool bool;
enum {
	false = 0,
	true = 1
};

typedef long ssize_t;
typedef u8 __u8;
typedef u16 __u16;
typedef u32 __u32;
typedef u64 __u64;
typedef s8 __s8;
typedef s16 __s16;
typedef s32 __s32;
typedef s64 __s64;

#endif /* _LINUX_TYPES_H */
