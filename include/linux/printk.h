/* SPDX-License-Identifier: MIT */
/*
 * <linux/printk.h> for modules, minimal: printk() with the KERN_* levels and
 * pr_emerg .. pr_debug are strata's own (kernel/printk.h), which has
 * Linux's level prefixes ("\001" + digit) and their meaning.
 */
#ifndef _LINUX_PRINTK_H
#define _LINUX_PRINTK_H

#include "kernel/printk.h"

#endif /* _LINUX_PRINTK_H */
