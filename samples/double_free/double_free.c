// SPDX-License-Identifier: MIT
/*
 * double_free: a bug on purpose. The module frees one kmalloc() object
 * twice. Freeing a free object corrupts a slab allocator's free list, so
 * strata's slab allocator checks every kfree(): it reports the second one
 * (the object, its cache and the caller, in this module) and refuses
 * it, and the kernel goes on. (Linux 6.1's SLUB reports it with
 * slub_debug=F. Without that, a kernel built with
 * CONFIG_SLAB_FREELIST_HARDENED, as distributions build it, stops at a BUG
 * when the object is still first on its free list, as here; otherwise the
 * free list is silently corrupted.)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/slab.h>

static int __init double_free_init(void)
{
	char *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	pr_info("kmalloc(64) = %px; freeing it twice\n", p);
	kfree(p);
	kfree(p); /* the bug */
	pr_info("still running after the double free\n");
	return 0;
}

static void __exit double_free_exit(void)
{
	pr_info("unloaded\n");
}

module_init(double_free_init);
module_exit(double_free_exit);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_AUTHOR("strata");
MODULE_DESCRIPTION("frees one kmalloc object twice: the allocator reports and refuses it");
