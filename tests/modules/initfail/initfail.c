// SPDX-License-Identifier: MIT
/*
 * initfail: its init allocates, frees, and returns -ENOMEM; insmod must
 * report the error and leave nothing loaded and no memory taken.
 */
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/slab.h>

static int __init initfail_init(void)
{
	void *p = kmalloc(64, GFP_KERNEL);

	pr_info("initfail: init runs, and fails\n");
	kfree(p);
	return -ENOMEM;
}

static void __exit initfail_exit(void)
{
	pr_info("initfail: exit must never run\n");
}

module_init(initfail_init);
module_exit(initfail_exit);
MODULE_LICENSE("GPL");
