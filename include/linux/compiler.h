/* SPDX-License-Identifier: MIT */
/*
 * <linux/compiler.h> for modules: strata's branch hints, barriers and
 * READ_ONCE/WRITE_ONCE, and the attributes of <linux/compiler_types.h>.
 */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#include "compiler_types.h"

#include "lib/compiler.h"	 /* likely(), unlikely() */
#include "arch/x86_64/barrier.h" /* barrier(), smp_mb() and the rest */
#include "lib/rwonce.h"		 /* READ_ONCE(), WRITE_ONCE() */

#endif /* _LINUX_COMPILER_H */
