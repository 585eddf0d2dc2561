// SPDX-License-Identifier: MIT
/*
 * modtest: the loader's test module (tools/test-all.sh loads it). Its
 * parameters of each type are printed back; its init allocates from the
 * page allocator, kmalloc and vmalloc (modtest_alloc.c, a second object);
 * leak=1 keeps one of each (rmmod must list them), fault=1 faults in init
 * (the loader must survive and name modtest_init in the backtrace),
 * exit_fault=1 faults in exit (rmmod must still free the module).
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include "modtest.h"

static int count = 3;
module_param(count, int, 0644);
MODULE_PARM_DESC(count, "how many times to greet");
static unsigned long big = 1;
module_param(big, ulong, 0444);
static char *who = "world";
module_param(who, charp, 0444);
MODULE_PARM_DESC(who, "whom to greet");
static bool leak;
module_param(leak, bool, 0444);
static bool fault;
module_param(fault, bool, 0444);
static bool exit_fault;
module_param(exit_fault, bool, 0444);
static int sizes[4] = {8, 16};
static unsigned int nr_sizes = 2;
module_param_array(sizes, int, &nr_sizes, 0444);
MODULE_PARM_DESC(sizes, "up to four sizes, comma-separated");

/* Written through a pointer the compiler cannot see is NULL. */
static int *volatile nowhere;

static int __init modtest_init(void)
{
	int err;

	pr_info("modtest: %s: count=%d big=%lu who=%s\n", MODTEST_GREETING, count, big, who);
	pr_info("modtest: %u sizes, the first %d\n", nr_sizes, sizes[0]);
	if (fault)
		*nowhere = count;
	err = modtest_allocate(leak);
	if (err)
		return err;
	pr_info("modtest: init done\n");
	return 0;
}

static void __exit modtest_exit(void)
{
	pr_info("modtest: goodbye %s\n", who);
	if (exit_fault)
		*nowhere = count;
}

module_init(modtest_init);
module_exit(modtest_exit);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_AUTHOR("strata");
MODULE_DESCRIPTION("the module loader's test module");
