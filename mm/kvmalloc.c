// SPDX-License-Identifier: MIT
/*
 * kvmalloc(): the choice between the two general allocators below it, as
 * Linux makes it (mm/util.c): kmalloc() (mm/kmalloc.c) when it can serve
 * the request, because its memory is physically contiguous and costs no
 * page-table entries or TLB slots; vmalloc() (mm/vmalloc.c) otherwise.
 *
 * Policy: up to KVMALLOC_KMALLOC_MAX bytes (8 pages, order 3: the largest
 * order Linux calls cheap, PAGE_ALLOC_COSTLY_ORDER) try kmalloc() quietly
 * first; above it, or if kmalloc() fails, vmalloc(). Larger kmalloc()s would
 * only use up the buddy's big blocks for memory that need not be contiguous.
 */
#include "mm/vmalloc.h"
#include "mm/slab.h"

/* kvmalloc() and kvzalloc(), with the caller recorded for the vmalloc case. */
static void *kvmalloc_caller(size_t size, gfp_t gfp, const void *caller)
{
	void *p;

	if (size && size <= KVMALLOC_KMALLOC_MAX) {
		p = kmalloc(size, gfp | __GFP_NOWARN);
		if (p)
			return p;
	}
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
