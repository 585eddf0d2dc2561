/* SPDX-License-Identifier: MIT */
/*
 * <linux/highmem.h> for modules. x86_64 has no high memory: every page is
 * in the direct map, so in Linux 6.1 on x86_64, as here, kmap() and its
 * variants return page_address() and the unmaps undo nothing but what
 * kmap_atomic() also does there, disabling preemption and page faults,
 * which strata (no preemption) has no need of.
 */
#ifndef _LINUX_HIGHMEM_H
#define _LINUX_HIGHMEM_H

#include "mm.h"
#include "lib/string.h"

static inline void *kmap(struct page *page)
{
	return page_address(page);
}

static inline void kunmap(struct page *page)
{
	(void)page;
}

static inline void *kmap_atomic(struct page *page)
{
	return page_address(page);
}

static inline void kunmap_atomic(void *addr)
{
	(void)addr;
}

static inline void *kmap_local_page(struct page *page)
{
	return page_address(page);
}

static inline void kunmap_local(const void *addr)
{
	(void)addr;
}

/* Zero one page. */
static inline void clear_highpage(struct page *page)
{
	memset(page_address(page), 0, PAGE_SIZE);
}

#endif /* _LINUX_HIGHMEM_H */
