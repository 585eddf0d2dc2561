/* SPDX-License-Identifier: MIT */
/*
 * <linux/bug.h> for modules: BUG_ON and WARN_ON_ONCE are strata's own
 * (kernel/panic.h); BUG() and WARN_ON() are written on the same reports.
 * NOTE: Linux 6.1 kills the process that hits BUG() in a module (an oops)
 * and the kernel may run on; strata panics.
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include "kernel/panic.h"

#define BUG() panic("%s: BUG at %s:%d", __func__, __FILE__, __LINE__)

/* Report cond, every time it is true, with a backtrace; the value is cond. */
#define WARN_ON(cond)                                                     \
	({                                                                \
		bool __warn_c = !!(cond);                                 \
		if (__builtin_expect(__warn_c, 0))                        \
			warn_report(__FILE__, __LINE__, __func__, #cond); \
		__warn_c;                                                 \
	})

#endif /* _LINUX_BUG_H */
