// SPDX-License-Identifier: MIT
/*
 * init_fault: a bug on purpose. init writes through a NULL pointer. In
 * Linux 6.1 that is an oops: the insmod process is killed, the module is
 * left half-loaded, and the kernel is tainted. strata catches the page
 * fault, prints the report with the backtrace naming this module's
 * functions (init_fault_init+0x... [init_fault]), marks the module failed
 * and carries on; rmmod then frees it without running exit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>

struct record {
	int id;
	char name[16];
};

/*
 * Where the record should have been set up: it never was (volatile: the
 * compiler must not drop the write as undefined).
 */
static struct record *volatile table;

static int __init init_fault_init(void)
{
	pr_info("about to write through a NULL pointer\n");
	table->id = 42; /* faults: table is NULL */
	pr_info("not reached\n");
	return 0;
}

static void __exit init_fault_exit(void)
{
	pr_info("exit: not called for a failed module\n");
}

module_init(init_fault_init);
module_exit(init_fault_exit);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_AUTHOR("strata");
MODULE_DESCRIPTION("faults in its init: the report names module code, the kernel survives");
