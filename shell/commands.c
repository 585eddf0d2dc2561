// SPDX-License-Identifier: MIT
/*
 * The command table: every shell command with its arguments and one line of
 * help, in the order `help` lists them. The commands live one group per file
 * (cmd_mm.c, cmd_pages.c, cmd_slab.c, cmd_memmap.c, mine.c, cmd_demo.c,
 * cmd_sys.c);
 * shell.c dispatches through this table.
 */
#include "shell/shell_internal.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

const struct shell_cmd shell_commands[] = {
	{"help", "[COMMAND]", 0, 1, "list the commands, or show one command's usage", cmd_help},
	{"meminfo", "", 0, 0, "memory totals and the counters the tests check", cmd_meminfo},
	{"layout", "", 0, 0, "the kernel virtual address layout table", cmd_layout},
	{"pt", "ADDR", 1, 1, "walk the page tables for a virtual address (PID:ADDR: a process's)",
	 cmd_pt},
	{"buddyinfo", "", 0, 0, "free blocks per zone and order (/proc/buddyinfo)", cmd_buddyinfo},
	{"zoneinfo", "", 0, 0, "watermarks and per-CPU page lists per zone (/proc/zoneinfo)",
	 cmd_zoneinfo},
	{"min_free_kbytes", "[KB]", 0, 1,
	 "show or set vm.min_free_kbytes, which sets the watermarks", cmd_min_free_kbytes},
	{"vmallocinfo", "", 0, 0, "the live vmalloc/vmap areas, as /proc/vmallocinfo",
	 cmd_vmallocinfo},
	{"page", "PFN|ADDR", 1, 1, "a frame's struct page, decoded and raw", cmd_page},
	{"alloc", "ORDER [ZONE]", 1, 2,
	 "alloc_pages() of 2^ORDER pages, ZONE dma, dma32 or normal (the default)", cmd_alloc},
	{"free", "ADDR", 1, 1, "free a block that alloc handed out (see mine)", cmd_free},
	{"slabinfo", "[-v]", 0, 1, "every slab cache, as Linux's /proc/slabinfo; -v: per CPU too",
	 cmd_slabinfo},
	{"waste", "", 0, 0, "kmalloc's rounding loss per size class since boot", cmd_waste},
	{"shrink", "", 0, 0,
	 "give empty slabs and per-CPU pages back to the buddy (kmem_cache_shrink, drain_all_pages)",
	 cmd_shrink},
	{"kmalloc", "SIZE", 1, 1, "kmalloc() of SIZE bytes (1 .. 4 MiB); see its size class",
	 cmd_kmalloc},
	{"kfree", "ADDR", 1, 1, "free what kmalloc handed out (see mine)", cmd_kfree},
	{"cache", "SUBCMD NAME ..", 1, 4,
	 "create NAME SIZE [ALIGN] | alloc NAME | free NAME ADDR | destroy NAME", cmd_cache},
	{"vmalloc", "SIZE", 1, 1, "vmalloc() SIZE bytes: virtually contiguous, scattered pages",
	 cmd_vmalloc},
	{"vfree", "ADDR", 1, 1, "free an area that vmalloc handed out (see mine)", cmd_vfree},
	{"vmalloc_purge", "", 0, 0, "purge the lazily vfree()d areas now (vm_unmap_aliases)",
	 cmd_vmalloc_purge},
	{"mine", "", 0, 0, "list the allocations made from the shell", cmd_mine},
	{"memmap", "", 0, 0, "every frame's owner, run-length (tools/memmap-svg draws it)",
	 cmd_memmap},
	{"run", "[-m] [-c CPU] PROG [ARGS]", 0, SHELL_MAX_ARGS - 1,
	 "run a program, wait for its end (-m: maps at exit, -c: on CPU, last arg &: no wait)",
	 cmd_run},
	{"ps", "", 0, 0,
	 "the user processes: pid, CPU, state, CPU ticks, VmSize, RSS, minor faults", cmd_ps},
	{"kill", "PID", 1, 1, "kill a process (SIGKILL): at once, or when it next runs", cmd_kill},
	{"sched", "", 0, 0, "each CPU's run queue: tasks that can run, context switches, who runs",
	 cmd_sched},
	{"maps", "PID", 1, 1, "a live process's VMAs, as /proc/PID/maps", cmd_maps},
	{"status", "PID", 1, 1, "a live process's /proc/PID/status: state, Vm sizes, faults",
	 cmd_status},
	{"oom_score_adj", "PID N", 2, 2,
	 "the OOM killer's bias for a process, -1000 (never) .. 1000", cmd_oom_score_adj},
	{"overcommit", "[MODE]", 0, 1,
	 "vm.overcommit_memory: heuristic, always or never; Committed_AS", cmd_overcommit},
	{"insmod", "NAME [PARAM=VALUE ..]", 1, SHELL_MAX_ARGS - 1,
	 "load a module the boot loader brought (make run MODULES=...)", cmd_insmod},
	{"rmmod", "NAME", 1, 1, "run a module's exit, list what it leaked, free it", cmd_rmmod},
	{"lsmod", "", 0, 0, "the loaded modules: name, size, state, address", cmd_lsmod},
	{"modinfo", "NAME", 1, 1, "a module image's .modinfo: license, author, parameters",
	 cmd_modinfo},
	{"demo", "[NAME [ARGS]]", 0, 3, "guided demonstrations; 'demo' lists them", cmd_demo},
	{"test", "[GLOB]", 0, 1, "run the self-tests (all, or the suites/cases matching GLOB)",
	 cmd_test},
	{"torture", "[seed=N] [cpus=N] [ms=N]", 0, 3,
	 "allocate, hand off and free on every CPU at once, checking every object", cmd_torture},
	{"bench", "[NAME]", 0, 1,
	 "the single-CPU allocator benchmarks; all: every one, NAME or a glob*", cmd_bench},
	{"dmesg", "", 0, 0, "print the kernel log", cmd_dmesg},
	{"interrupts", "", 0, 0, "interrupt counts per line and vector (/proc/interrupts)",
	 cmd_interrupts},
	{"cpus", "", 0, 0,
	 "each CPU: APIC ID, online, kernel stack, interrupt, work and page counts", cmd_cpus},
	{"uptime", "", 0, 0, "time since boot: jiffies at HZ, and the TSC's count", cmd_uptime},
	{"clear", "", 0, 0, "clear the screen", cmd_clear},
	{"poweroff", "", 0, 0, "power the machine off (ends QEMU)", cmd_poweroff},
};

const unsigned int nr_shell_commands = ARRAY_SIZE(shell_commands);

const struct shell_cmd *shell_find_command(const char *name)
{
	for (unsigned int i = 0; i < nr_shell_commands; i++)
		if (!strcmp(shell_commands[i].name, name))
			return &shell_commands[i];
	return NULL;
}

/* "  name ARGS    help", the synopsis padded so the help texts line up. */
static void help_line(const struct shell_cmd *c)
{
	char synopsis[48];

	snprintf(synopsis, sizeof(synopsis), "%s%s%s", c->name, *c->usage ? " " : "", c->usage);
	shell_printf("  %-18s %s\n", synopsis, c->help);
}

int cmd_help(int argc, char **argv)
{
	if (argc == 2) {
		const struct shell_cmd *c = shell_find_command(argv[1]);

		if (!c) {
			shell_printf("help: unknown command '%s'\n", argv[1]);
			return -EINVAL;
		}
		help_line(c);
		return 0;
	}
	shell_printf("Commands (NUMBERS are decimal or 0x hex; [optional]):\n");
	for (unsigned int i = 0; i < nr_shell_commands; i++)
		help_line(&shell_commands[i]);
	shell_printf("Keys: Backspace, Ctrl-U erases the line, Ctrl-C drops it, "
		     "up/down recall earlier lines.\n");
	return 0;
}
