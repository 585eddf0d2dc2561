// SPDX-License-Identifier: MIT
/*
 * Shell commands about the machine and the kernel itself: test, dmesg,
 * clear, poweroff.
 */
#include "shell/shell_internal.h"
#include "lib/errno.h"
#include "kernel/printk.h"
#include "kernel/qemu_exit.h"
#include "tests/ktest.h"

/*
 * The suites print KTAP as at boot. Each suite ends with its "baseline"
 * case, which compares the memory counters with their values before the
 * suite: what the shell holds ('mine') stays held through it and moves no
 * counter (slab pages count with the free pages, see mm/mm_stats.h).
 */
int cmd_test(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	int failed;

	if (!ktest_nr_selected(filter)) {
		shell_printf("test: no suite or case matches '%s'\n", filter ? filter : "*");
		return -ENOENT;
	}
	failed = ktest_run_all(filter);
	if (failed)
		shell_printf("test: %d case%s failed; the KTAP above says which\n", failed,
			     failed == 1 ? "" : "s");
	else
		shell_printf("test: all passed\n");
	return 0;
}

int cmd_dmesg(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	log_buf_dump();
	return 0;
}

int cmd_clear(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	shell_printf("\033[2J\033[H"); /* ANSI: erase the screen, cursor home */
	return 0;
}

int cmd_poweroff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	shell_printf("Powering off.\n");
	machine_poweroff();
}
