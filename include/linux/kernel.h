/* SPDX-License-Identifier: MIT */
/*
 * <linux/kernel.h> for modules: printk, snprintf and the types, the
 * compiler hints, limits and BUG/WARN it brings in Linux, and the everyday
 * helpers Linux defines here (ARRAY_SIZE, min/max, min_t/max_t, clamp,
 * DIV_ROUND_UP, ALIGN, container_of), written from their documented meaning.
 */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include "types.h"
#include "bug.h"
#include "compiler.h"
#include "limits.h"
#include "printk.h"
#include "lib/vsprintf.h"

/* Smaller / larger of two values of one type, each evaluated once. */
#define min(x, y)                                  \
	({                                         \
		__typeof__(x) _min_x = (x);        \
		__typeof__(y) _min_y = (y);        \
		_min_x < _min_y ? _min_x : _min_y; \
	})
#define max(x, y)                                  \
	({                                         \
		__typeof__(x) _max_x = (x);        \
		__typeof__(y) _max_y = (y);        \
		_max_x > _max_y ? _max_x : _max_y; \
	})

/* min() and max() after converting both values to type. */
#define min_t(type, x, y) min((type)(x), (type)(y))
#define max_t(type, x, y) max((type)(x), (type)(y))
/* val limited to [lo, hi]. */
#define clamp(val, lo, hi) min(max(val, lo), hi)
/* n / d rounded up; x rounded up to a multiple of the power of two a. */
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))
#define ALIGN(x, a) ALIGN_UP(x, a)

#endif /* _LINUX_KERNEL_H */
