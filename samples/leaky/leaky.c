// SPDX-License-Identifier: MIT
/*
 * leaky: a bug on purpose. init allocates a page, a kmalloc() object and a
 * vmalloc() area and keeps them; exit forgets to free them. Linux 6.1 just
 * loses such memory at rmmod (kmemleak, if built in, may find it later);
 * strata knows which allocations a module made and lists each one still
 * allocated at rmmod, with the line of the module that made it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

static unsigned long page;
static void *obj;
static void *area;

static int __init leaky_init(void)
{
	page = __get_free_page(GFP_KERNEL);
	obj = kmalloc(200, GFP_KERNEL);
	area = vmalloc(3 * PAGE_SIZE);
	if (!page || !obj || !area) {
		free_page(page);
		kfree(obj);
		vfree(area);
		return -ENOMEM;
	}
	pr_info("holding a page at %px, kmalloc(200) at %px, vmalloc(12 KiB) at %px\n",
		(void *)page, obj, area);
	return 0;
}

static void __exit leaky_exit(void)
{
	pr_info("exit: forgetting to free all three\n");
}

module_init(leaky_init);
module_exit(leaky_exit);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_AUTHOR("strata");
MODULE_DESCRIPTION("keeps a page, a kmalloc object and a vmalloc area after rmmod");
