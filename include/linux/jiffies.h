/* SPDX-License-Identifier: MIT */
/*
 * <linux/jiffies.h> for modules: HZ, jiffies and jiffies_64 (counted by
 * the timer interrupt), get_jiffies_64(), the conversions to and from
 * milliseconds and microseconds, and the wrap-safe comparisons; strata's
 * own, in kernel/time.h.
 */
#ifndef _LINUX_JIFFIES_H
#define _LINUX_JIFFIES_H

#include "kernel/time.h"

#endif /* _LINUX_JIFFIES_H */
