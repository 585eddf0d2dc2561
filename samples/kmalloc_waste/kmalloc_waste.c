// SPDX-License-Identifier: MIT
/*
 * kmalloc_waste: what kmalloc() really gives. For a range of requested
 * sizes, the table shows ksize() (the size of the kmalloc cache the object
 * came from) and the bytes and percentage wasted: kmalloc rounds each
 * request up to the next of its fixed sizes (8, 16, 32, 64, 96, 128, 192,
 * 256 ... 8192), so a request just above a size costs almost twice what
 * was asked. Each object is freed at once.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/slab.h>

static const size_t sizes[] = {1,   8,	 9,    33,   65,   100,	 129, 200,
			       257, 513, 1000, 1025, 2049, 4097, 8000};

static int __init kmalloc_waste_init(void)
{
	size_t asked = 0, given = 0;
	int i;

	pr_info("%8s %8s %8s %6s\n", "kmalloc", "ksize", "wasted", "waste");
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		void *p = kmalloc(sizes[i], GFP_KERNEL);
		size_t got;

		if (!p) {
			pr_warn("kmalloc(%zu) failed: the table stops here\n", sizes[i]);
			return -ENOMEM;
		}
		got = ksize(p);
		asked += sizes[i];
		given += got;
		/* The waste as a percentage with one decimal, in integers. */
		pr_info("%8zu %8zu %8zu", sizes[i], got, got - sizes[i]);
		pr_cont(" %3zu.%zu%%\n", (got - sizes[i]) * 100 / got,
			(got - sizes[i]) * 1000 / got % 10);
		kfree(p);
	}
	pr_info("in all: %zu bytes asked, %zu given, %zu wasted\n", asked, given, given - asked);
	return 0;
}

static void __exit kmalloc_waste_exit(void)
{
	pr_info("unloaded\n");
}

module_init(kmalloc_waste_init);
module_exit(kmalloc_waste_exit);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_AUTHOR("strata");
MODULE_DESCRIPTION("kmalloc's internal fragmentation: asked size, ksize() and the waste");
