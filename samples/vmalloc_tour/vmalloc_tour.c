// SPDX-License-Identifier: MIT
/*
 * vmalloc_tour: virtually contiguous memory. vmalloc() maps separate
 * pages at consecutive addresses in the vmalloc area, so a large buffer
 * needs no large physical block: the tour prints the frame behind each
 * virtual page (any free frame will do), then kvmalloc(): it tries
 * kmalloc first and falls back to vmalloc when that fails, as for a size
 * above kmalloc's limit (4 MiB, KMALLOC_MAX_SIZE); is_vmalloc_addr() tells
 * which it was.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/sizes.h>
#include <asm/pgtable.h>

#define BIG (5 * PAGE_SIZE + 1)

/* Where each page of a vmalloc'ed buffer really is. */
static void show_frames(const char *what, const char *buf, size_t len)
{
	size_t off;

	pr_info("%s: %zu bytes at %px (vmalloc area: %s)\n", what, len, buf,
		is_vmalloc_addr(buf) ? "yes" : "no");
	for (off = 0; off < len; off += PAGE_SIZE)
		pr_info("  page %zu: va %px -> pfn %lu\n", off / PAGE_SIZE, buf + off,
			vmalloc_to_pfn(buf + off));
}

static int __init vmalloc_tour_init(void)
{
	char *v, *z, *small, *large;
	int ret = -ENOMEM;

	pr_info("vmalloc area %px-%px, modules area %px-%px (this module's code: %px)\n",
		(void *)VMALLOC_START, (void *)VMALLOC_END, (void *)MODULES_VADDR,
		(void *)(MODULES_END - 1), vmalloc_tour_init);
	v = vmalloc(BIG);
	if (!v)
		goto out;
	show_frames("vmalloc", v, BIG);

	z = vzalloc(PAGE_SIZE);
	if (!z)
		goto out_v;
	pr_info("vzalloc: %px, first bytes:\n", z);
	print_hex_dump(KERN_INFO, "  ", DUMP_PREFIX_ADDRESS, 16, 1, z, 16, true);

	small = kvmalloc(100, GFP_KERNEL);
	if (!small)
		goto out_z;
	large = kvmalloc(SZ_8M, GFP_KERNEL);
	if (!large)
		goto out_small;
	pr_info("kvmalloc(100):  %px, %s\n", small,
		is_vmalloc_addr(small) ? "vmalloc'ed" : "kmalloc'ed");
	pr_info("kvmalloc(8 MiB): %px, %s\n", large,
		is_vmalloc_addr(large) ? "vmalloc'ed" : "kmalloc'ed");

	ret = 0;
	kvfree(large);
out_small:
	kvfree(small);
out_z:
	vfree(z);
out_v:
	vfree(v);
out:
	pr_info("%s\n", ret ? "out of memory: freed what was allocated" : "all freed");
	return ret;
}

static void __exit vmalloc_tour_exit(void)
{
	pr_info("unloaded\n");
}

module_init(vmalloc_tour_init);
module_exit(vmalloc_tour_exit);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_AUTHOR("strata");
MODULE_DESCRIPTION("vmalloc, vzalloc and kvmalloc: contiguous addresses, scattered frames");
