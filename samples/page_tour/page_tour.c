// SPDX-License-Identifier: MIT
/*
 * page_tour: the page allocator from a module. Each of its interfaces in
 * turn (one page, a zeroed page, an order-3 block, a struct page, an exact
 * size), printing where the memory is: its kernel virtual address in the
 * direct map, its physical address and its page frame number, which the
 * direct map ties together (virt = PAGE_OFFSET + phys, pfn = phys >> 12).
 * Everything is freed before init returns.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/log2.h>

/* One line about the memory at kaddr: virtual, physical, pfn. */
static void show_where(const char *what, const void *kaddr)
{
	phys_addr_t pa = virt_to_phys(kaddr);

	pr_info("%-22s va %px  pa %pa  pfn %lu%s\n", what, kaddr, &pa, PHYS_PFN(pa),
		virt_addr_valid(kaddr) ? "" : "  (not a direct-map address!)");
}

static int __init page_tour_init(void)
{
	unsigned long one, zeroed, block;
	struct page *page;
	void *exact, *mapped;
	size_t exact_size = 5 * PAGE_SIZE + 100;
	int ret = -ENOMEM;

	pr_info("PAGE_SIZE %lu (2^%d), direct map from PAGE_OFFSET 0x%lx to high_memory %px\n",
		PAGE_SIZE, ilog2(PAGE_SIZE), PAGE_OFFSET, high_memory);

	one = __get_free_page(GFP_KERNEL);
	if (!one)
		goto out;
	show_where("__get_free_page", (void *)one);

	zeroed = get_zeroed_page(GFP_KERNEL);
	if (!zeroed)
		goto out_one;
	show_where("get_zeroed_page", (void *)zeroed);
	print_hex_dump(KERN_INFO, "zeroed: ", DUMP_PREFIX_OFFSET, 16, 8, (void *)zeroed, 32, false);

	block = __get_free_pages(GFP_KERNEL, 3);
	if (!block)
		goto out_zeroed;
	show_where("__get_free_pages(3)", (void *)block);
	pr_info("  an order-3 block is %lu pages, %lu bytes, physically contiguous\n", 1UL << 3,
		PAGE_SIZE << 3);

	page = alloc_page(GFP_KERNEL);
	if (!page)
		goto out_block;
	mapped = kmap(page);
	strscpy(mapped, "written through kmap()", PAGE_SIZE);
	show_where("alloc_page + kmap", mapped);
	pr_info("  struct page %px, page_to_pfn %lu, text \"%s\"\n", page,
		(unsigned long)page_to_pfn(page), (char *)page_address(page));
	kunmap(page);

	exact = alloc_pages_exact(exact_size, GFP_KERNEL);
	if (!exact)
		goto out_page;
	show_where("alloc_pages_exact", exact);
	pr_info("  %zu bytes: %lu pages kept of an order-%d block, the rest given back\n",
		exact_size, PAGE_ALIGN(exact_size) >> PAGE_SHIFT, get_order(exact_size));

	free_pages_exact(exact, exact_size);
	ret = 0;
out_page:
	__free_page(page);
out_block:
	free_pages(block, 3);
out_zeroed:
	free_page(zeroed);
out_one:
	free_page(one);
out:
	if (ret)
		pr_warn("out of memory: everything allocated so far is freed\n");
	else
		pr_info("all freed\n");
	return ret;
}

static void __exit page_tour_exit(void)
{
	pr_info("unloaded\n");
}

module_init(page_tour_init);
module_exit(page_tour_exit);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_AUTHOR("strata");
MODULE_DESCRIPTION("a tour of the page allocator: where each interface's memory is");
