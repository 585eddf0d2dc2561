// SPDX-License-Identifier: MIT
/*
 * Shell commands for loadable modules: insmod, rmmod, lsmod, modinfo, as
 * Linux's kmod tools, over the loader in kernel/module/loader.c. The loader prints
 * its own errors (one line each, in the kernel log as Linux's do).
 */
#include "shell/shell_internal.h"
#include "kernel/module/loader.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/string.h"

/* insmod NAME a=1 b=2: the parameters joined back into one string. */
int cmd_insmod(int argc, char **argv)
{
	char args[256] = "";
	size_t len = 0;
	int err;

	for (int i = 2; i < argc; i++) {
		size_t n = strlen(argv[i]);

		if (len + n + 2 > sizeof(args)) {
			shell_printf("insmod: parameters longer than %zu bytes\n",
				     sizeof(args) - 1);
			return -E2BIG;
		}
		if (len)
			args[len++] = ' ';
		memcpy(args + len, argv[i], n + 1);
		len += n;
	}
	/* As in Linux, init runs in the insmod process: current is "insmod". */
	task_begin("insmod");
	err = module_load(argv[1], args);
	task_end();
	if (!err)
		shell_printf("insmod: %s loaded\n", argv[1]);
	return err;
}

int cmd_rmmod(int argc, char **argv)
{
	int err;

	(void)argc;
	task_begin("rmmod");
	err = module_unload(argv[1]);
	task_end();
	if (!err)
		shell_printf("rmmod: %s unloaded\n", argv[1]);
	return err;
}

int cmd_lsmod(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	module_list_print();
	return 0;
}

int cmd_modinfo(int argc, char **argv)
{
	(void)argc;
	return module_info_print(argv[1]);
}
