// SPDX-License-Identifier: MIT
/*
 * params: module parameters, set at load time:
 *   insmod params count=3 name=strata verbose=1 delay_ms=20
 * Each module_param() names a variable, its type and (in Linux) its
 * permissions under /sys/module/params/parameters; the variable keeps its
 * initial value when insmod does not set it. The module also reports which
 * kernel API it was built against (LINUX_VERSION_CODE), names its init
 * and that function's caller with %ps and %pS (a module's symbols carry
 * its name in brackets), and waits delay_ms milliseconds with msleep(),
 * measured in jiffies.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/version.h>

static int count = 1;
module_param(count, int, 0644);
MODULE_PARM_DESC(count, "how many lines of greeting (default 1)");

static char *name = "world";
module_param(name, charp, 0444);
MODULE_PARM_DESC(name, "whom to greet");

static bool verbose;
module_param(verbose, bool, 0644);
MODULE_PARM_DESC(verbose, "also print the build's kernel version");

static unsigned int delay_ms;
module_param(delay_ms, uint, 0444);
MODULE_PARM_DESC(delay_ms, "milliseconds to wait in init (default 0)");

static long offset = -1;
module_param(offset, long, 0444);
MODULE_PARM_DESC(offset, "a signed long, printed back");

static int __init params_init(void)
{
	int i;

	if (count < 0 || count > 10) {
		pr_err("count=%d: must be 0..10\n", count);
		return -EINVAL;
	}
	pr_info("%ps runs, called by %pS\n", params_init, __builtin_return_address(0));
	for (i = 0; i < count; i++)
		pr_info("hello, %s (%d of %d)\n", name, i + 1, count);
	pr_info("offset=%ld verbose=%d delay_ms=%u\n", offset, verbose, delay_ms);
	if (verbose)
		pr_info("built for kernel API %d.%d.%d%s\n", LINUX_VERSION_CODE >> 16,
			(LINUX_VERSION_CODE >> 8) & 0xff, LINUX_VERSION_CODE & 0xff,
			LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0) ? " (6.1 or later)" : "");
	if (delay_ms) {
		unsigned long start = jiffies;

		msleep(delay_ms);
		pr_info("msleep(%u) took %u ms in jiffies (HZ=%d)\n", delay_ms,
			jiffies_to_msecs(jiffies - start), HZ);
		/* A u64 is unsigned long long on x86_64: %llu, no cast. */
		pr_info("jiffies_64 is now %llu\n", get_jiffies_64());
	}
	return 0;
}

static void __exit params_exit(void)
{
	pr_info("goodbye, %s\n", name);
}

module_init(params_init);
module_exit(params_exit);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_AUTHOR("strata");
MODULE_DESCRIPTION("module parameters of several types, set at insmod");
