// SPDX-License-Identifier: MIT
/* modtest's allocations: one of each kind, freed unless asked to leak. */
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include "mm/vmalloc.h"
#include "modtest.h"

int modtest_allocate(bool leak)
{
	struct page *page = alloc_pages(GFP_KERNEL, 1);
	void *obj = kmalloc(100, GFP_KERNEL);
	void *area = vmalloc(3 * PAGE_SIZE);

	if (!page || !obj || !area) {
		if (page)
			__free_pages(page, 1);
		kfree(obj);
		vfree(area);
		return -ENOMEM;
	}
	pr_info("modtest: kmalloc(100) gave %zu bytes, vmalloc area at %p\n", ksize(obj), area);
	if (leak) {
		pr_info("modtest: leaking them on purpose\n");
		return 0;
	}
	__free_pages(page, 1);
	kfree(obj);
	vfree(area);
	return 0;
}
