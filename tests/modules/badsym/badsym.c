// SPDX-License-Identifier: MIT
/* badsym: calls two functions strata does not export; insmod must refuse it. */
#include <linux/module.h>

void strata_no_such_function(void);
void strata_no_such_either(void);

static int __init badsym_init(void)
{
	strata_no_such_function();
	strata_no_such_either();
	return 0;
}

module_init(badsym_init);
MODULE_LICENSE("GPL");
