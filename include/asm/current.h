/* SPDX-License-Identifier: MIT */
/*
 * <asm/current.h>: `current`, the task running this code, as in Linux
 * (where x86 reads it from a per-CPU variable); strata's is kernel/task.h.
 */
#ifndef _ASM_CURRENT_H
#define _ASM_CURRENT_H

#include "kernel/task.h"

#define current get_current()

#endif /* _ASM_CURRENT_H */
