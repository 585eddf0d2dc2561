/* SPDX-License-Identifier: MIT */
/*
 * The OOM killer (mm/oom_kill.c): what a user page fault calls when the
 * page allocator has no page left for it.
 */
#ifndef STRATA_OOM_KILL_H
#define STRATA_OOM_KILL_H

#include "lib/types.h"

/*
 * Choose a victim, kill it and wait for its memory. True: retry the fault;
 * false: the faulting process itself must die (it was chosen, was killed
 * meanwhile, or nothing else can be killed). Context: a process's fault,
 * interrupts on.
 */
bool out_of_memory(void);

#endif /* STRATA_OOM_KILL_H */
