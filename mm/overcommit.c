// SPDX-License-Identifier: MIT
/*
 * Overcommit: how much address space processes may reserve beyond what
 * RAM can back, Linux's vm.overcommit_memory (mm/util.c,
 * __vm_enough_memory): heuristic (0: refuse only one request larger than
 * all of RAM and swap), always (1: refuse nothing), never (2: the sum of
 * accountable reservations, Committed_AS, stays below CommitLimit = swap +
 * RAM * vm.overcommit_ratio / 100). Accountable, as in Linux: private
 * writable memory (data, heap, stack, writable anonymous mmap), whose
 * every page may need a frame.
 *
 * Invariant: vm_committed_as is the sum of the sizes of every writable VMA
 * of every live mm (mm/mmap.c moves it with each size or flag change).
 */
#include "mm/mmap.h"
#include "arch/x86_64/atomic.h"
#include "mm/page.h"

int sysctl_overcommit_memory = OVERCOMMIT_GUESS;
int sysctl_overcommit_ratio = 50;
static atomic_long_t vm_committed_as = ATOMIC_LONG_INIT(0);

void vm_commit_add(long pages)
{
	atomic_long_add(pages, &vm_committed_as);
}

long vm_committed_pages(void)
{
	return atomic_long_read(&vm_committed_as);
}

unsigned long vm_commit_limit(void)
{
	return totalram_pages * (unsigned long)sysctl_overcommit_ratio / 100; /* no swap */
}

bool vm_enough_memory(long pages)
{
	switch (READ_ONCE(sysctl_overcommit_memory)) {
	case OVERCOMMIT_ALWAYS:
		return true;
	case OVERCOMMIT_NEVER:
		/* Linux counts the request in, then requires Committed_AS < CommitLimit. */
		return vm_committed_pages() + pages < (long)vm_commit_limit();
	default:
		return pages <= (long)totalram_pages;
	}
}
