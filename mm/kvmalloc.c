// SPDX-License-Identifier: MIT
/*
 * kvmalloc(): the choice between the two general allocators below it, as
 * Linux 6.1's kvmalloc_node() makes it (mm/util.c): kmalloc() (mm/kmalloc.c)
 * first, for every size, because its memory is physically contiguous and
 * costs no page-table entries or TLB slots; vmalloc() (mm/vmalloc.c) only
 * when kmalloc() fails.
 *
 * Policy:
 *   above PAGE_SIZE, kmalloc() is asked quietly and not to try hard
 *     (__GFP_NOWARN | __GFP_NORETRY): vmalloc() is there to fall back on;
 *   up to PAGE_SIZE its answer is final: vmalloc() would spend a page and a
 *     guard page's worth of address space on less than a page;
 *   flags that may not block (GFP_ATOMIC, GFP_NOWAIT) get NULL instead of the
 *     fallback, because vmalloc() allocates page tables with GFP_KERNEL.
 * strata has no reclaim, so __GFP_NORETRY changes nothing in kmalloc(); it
 * is passed so the flags read as Linux's.
 */
#include "mm/vmalloc.h"
#include "mm/slab.h"

/* kvmalloc() and kvzalloc(), with the caller recorded for the vmalloc case. */
static void *kvmalloc_caller(size_t size, gfp_t gfp, const void *caller)
{
	gfp_t kmalloc_gfp = gfp;
	void *p;

	if (size > PAGE_SIZE)
		kmalloc_gfp |= __GFP_NOWARN | __GFP_NORETRY;
	p = kmalloc(size, kmalloc_gfp);
	if (p || size <= PAGE_SIZE)
		return p;
	if (!gfpflags_allow_blocking(gfp))
		return NULL;
	return __vmalloc_node(size, PAGE_SIZE, gfp, 0, caller);
}

void *kvmalloc(size_t size, gfp_t gfp)
{
	return kvmalloc_caller(size, gfp, __builtin_return_address(0));
}

void *kvzalloc(size_t size, gfp_t gfp)
{
	return kvmalloc_caller(size, gfp | __GFP_ZERO, __builtin_return_address(0));
}

void kvfree(const void *addr)
{
	if (is_vmalloc_addr(addr))
		vfree(addr);
	else
		kfree(addr);
}
