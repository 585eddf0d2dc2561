/* SPDX-License-Identifier: MIT */
/*
 * <linux/kernel.h> for modules, minimal: printk and the types, and the
 * everyday helpers Linux defines here (ARRAY_SIZE, min/max, container_of),
 * written from their documented meaning.
 */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include "types.h"
#include "printk.h"

#ifndef container_of
/* The structure of type that holds member at ptr. */
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - __builtin_offsetof(type, member)))
#endif
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

#endif /* _LINUX_KERNEL_H */
