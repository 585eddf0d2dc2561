// SPDX-License-Identifier: MIT
/*
 * Demos of user memory (docs/user.md), run by `demo NAME` (cmd_demo.c);
 * each runs a program of user/ on the shell's CPU, its output on the
 * console, and frees the process after it:
 *
 *   uservas        the book's show_uservas view (chapter 7): the program
 *                  uservas prints its own segments high to low, the kernel
 *                  prints its VMAs as it exits (/proc/PID/maps), then the
 *                  kernel half every process shares (the layout table)
 *   paging [PAGES] demand paging (chapter 9): the program rss touches the
 *                  pages it malloc'd one at a time and reads its RSS and
 *                  minor faults with getrusage after each; the kernel's
 *                  counters at exit (what ps reads) end the story
 *   oom            the book's oom_killer_try (chapter 9) with the program
 *                  oom: touching, under memory the demo holds back, until
 *                  the OOM killer ends it; then not touching, under the
 *                  heuristic and under "never" overcommit (restored after)
 *
 * A program the boot did not bring is named with the way to bring it, and
 * the demo stops before taking anything (-ENOENT). A process that cannot be
 * created is out of memory: the demo frees what it holds and says so.
 */
#include "shell/shell_internal.h"
#include "kernel/process.h"
#include "kernel/programs.h"
#include "lib/errno.h"
#include "lib/rwonce.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/gfp.h"
#include "mm/layout.h"
#include "mm/mmap.h"
#include "mm/page.h"

/* The most pages `demo paging` touches: one line each. */
#define PAGING_DEMO_MAX_PAGES 64
/* What `demo oom` leaves free for the program to touch: 16 MiB. */
#define OOM_DEMO_FREE_PAGES 4096

static char *const demo_envp[] = {"HOME=/", "TERM=linux", NULL};

/* Is the program there? If not, say how to bring it (no closing line follows). */
static bool demo_program_loaded(const char *demo, const char *prog)
{
	size_t size;

	if (program_find(prog, &size))
		return true;
	shell_printf("demo %s: the program %s is not loaded: boot with make run (it brings "
		     "every program of user/), or make run PROGRAMS=build/user/%s\n",
		     demo, prog, prog);
	return false;
}

/*
 * Run argv[0] to its end on this CPU and print how it ended; with
 * show_maps its maps and status print as it exits. The wait status, or
 * the error (said) if the process could not be created.
 */
static int demo_run_program(char *const argv[], bool show_maps)
{
	struct task_struct *p;
	const u8 *image;
	size_t size;
	int err, status, pid;

	image = program_find(argv[0], &size);
	p = image ? process_create(image, size, argv, demo_envp, &err) : NULL;
	if (!p) {
		err = image ? err : -ENOENT;
		shell_printf("   process_create(%s) failed: %d\n", argv[0], err);
		if (err != -ENOMEM)
			return err;
		demo_out_of_memory();
		return -ENOMEM;
	}
	pid = p->pid;
	status = process_run(p, NULL, show_maps);
	process_print_status(argv[0], pid, status);
	process_free(p);
	return status;
}

int demo_uservas(int argc, char **argv)
{
	char *prog[] = {"uservas", "one", "two", NULL};
	int status;

	(void)argc;
	if (!demo_program_loaded(argv[0], prog[0]))
		return -ENOENT;
	shell_printf("One process's address space, as the book's show_uservas shows it. x86_64 "
		     "with 4-level\npaging (Linux 6.1, Documentation/x86/x86_64/mm.rst): the user "
		     "half 0000000000000000-\n00007fffffffffff (128 TiB, its own in every "
		     "process), a non-canonical hole, then the\nkernel half from "
		     "ffff800000000000, the same in every process (the top-level entries\n"
		     "256-511 of each process's root are the kernel's).\n\n");
	shell_printf("1. The user half from inside: the program uservas prints an address in "
		     "each part.\n   The kernel prints the process's VMAs as it exits "
		     "(/proc/PID/maps and status):\n");
	status = demo_run_program(prog, true);
	if (status < 0)
		return status;
	shell_printf("\n2. The kernel half, which every process shares (the layout command's "
		     "table):\n");
	layout_print();
	shell_printf("\nWhere strata differs from Linux 6.1: no randomization (ASLR), so the "
		     "addresses repeat;\nno vDSO or [vvar] mapping (Linux puts them near the "
		     "stack). The stack VMA grows down on\ndemand, as Linux's: 132 KiB at exec, "
		     "up to RLIMIT_STACK (8 MiB).\n");
	return 0;
}

int demo_paging(int argc, char **argv)
{
	char pages[24] = "8", *prog[] = {"rss", pages, NULL};
	u64 n = 8;
	int status;

	if (argc > 1) {
		if (!shell_arg_u64("demo paging", argv[1], &n))
			return -EINVAL;
		if (!n || n > PAGING_DEMO_MAX_PAGES) {
			shell_printf("demo paging: PAGES must be 1 to %d\n", PAGING_DEMO_MAX_PAGES);
			return -EINVAL;
		}
		snprintf(pages, sizeof(pages), "%llu", (unsigned long long)n);
	}
	if (!demo_program_loaded(argv[0], prog[0]))
		return -ENOENT;
	shell_printf("Demand paging: malloc only reserves address space; the first touch of "
		     "each page is a\nminor fault, and handle_mm_fault() takes one zeroed frame "
		     "from the page allocator for\nit. ");
	shell_printf("The program rss mallocs %llu pages and touches them one by one, asking "
		     "the kernel\nafter each touch with getrusage(RUSAGE_SELF): ru_maxrss (the "
		     "most RSS so far, KiB)\nand ru_minflt (minor faults), as Linux 6.1's "
		     "kernel/sys.c fills them:\n",
		     (unsigned long long)n);
	status = demo_run_program(prog, true);
	if (status < 0)
		return status;
	shell_printf("\nThe kernel's own counters as it exited, VmRSS and minflt (ps shows the "
		     "same two, RSS\nand MINFLT), equal the program's last line: nothing "
		     "faulted after it.\n");
	return 0;
}

/* `oom MB notouch` under overcommit mode; the wait status or -ENOMEM. */
static int oom_notouch(unsigned long mb, int mode)
{
	char size[24], *prog[] = {"oom", size, "notouch", NULL};
	int old = READ_ONCE(sysctl_overcommit_memory), status;

	snprintf(size, sizeof(size), "%lu", mb);
	WRITE_ONCE(sysctl_overcommit_memory, mode);
	shell_printf("   vm.overcommit_memory = %d; CommitLimit %lu kB, Committed_AS %ld kB; "
		     "oom %lu notouch:\n",
		     mode, vm_commit_limit() << (PAGE_SHIFT - 10),
		     vm_committed_pages() << (PAGE_SHIFT - 10), mb);
	status = demo_run_program(prog, false);
	WRITE_ONCE(sysctl_overcommit_memory, old);
	return status;
}

int demo_oom(int argc, char **argv)
{
	char *grow[] = {"oom", "0", NULL};
	unsigned long ram_mb = totalram_pages >> (20 - PAGE_SHIFT);
	unsigned long twice = ALIGN_UP(2 * ram_mb, 16);
	struct demo_held_block *held;
	u64 held_pages = 0, counts[MAX_ORDER + 1];
	int status;

	(void)argc;
	if (!demo_program_loaded(argv[0], grow[0]))
		return -ENOENT;
	shell_printf("The book's oom_killer_try with the program oom: malloc 1 MiB at a "
		     "time.\n\n1. Touching every page: each costs a frame. The demo holds back "
		     "all free memory but\n   16 MiB in the kernel (kernel allocations never "
		     "start the OOM killer; a user page\n   fault that finds no frame does), "
		     "then runs oom 0, which grows until it is killed.\n");
	held = demo_hold_pages(OOM_DEMO_FREE_PAGES, counts);
	for (int order = 0; order <= MAX_ORDER; order++)
		held_pages += counts[order] << order;
	shell_printf("   holding %llu MiB; %llu pages free\n",
		     (unsigned long long)(held_pages >> (20 - PAGE_SHIFT)),
		     (unsigned long long)nr_free_pages());
	status = demo_run_program(grow, false);
	demo_release_pages(held);
	if (status < 0)
		return status;
	shell_printf("   Linux 6.1 (mm/oom_kill.c): out_of_memory() picks the task with the "
		     "highest oom_badness()\n   (RSS + swap entries + page-table pages, plus "
		     "oom_score_adj thousandths of RAM + swap),\n   prints the task table and "
		     "\"Out of memory: Killed process\", and sends SIGKILL;\n   here the grower "
		     "is the only candidate, so it is the victim. (Linux's report also\n   dumps "
		     "the stack and Mem-Info, and its fault asks for GFP_HIGHUSER_MOVABLE|\n   "
		     "__GFP_ZERO, 0x100dca; strata's user pages come with GFP_KERNEL, 0xcc0.)\n\n");
	shell_printf("2. Not touching (oom %lu notouch: twice the %lu MiB of RAM): malloc "
		     "reserves address\n   space only, so no frame runs short; ru_maxrss, its "
		     "RSS, stays at a few pages.\n",
		     twice, ram_mb);
	shell_printf("   Heuristic (0, the default): Linux 6.1's __vm_enough_memory() refuses "
		     "only a single\n   request larger than RAM + swap; each 1 MiB is checked "
		     "alone, so all are granted.\n");
	status = oom_notouch(twice, OVERCOMMIT_GUESS);
	if (status < 0)
		return status;
	shell_printf("   Never (2): a request is refused when Committed_AS would reach "
		     "CommitLimit (swap + RAM *\n   vm.overcommit_ratio / 100; Linux 6.1 keeps "
		     "back admin_reserve_kbytes from non-root\n   and a user reserve too, strata "
		     "does not): mmap and brk fail with ENOMEM, malloc\n   returns NULL.\n");
	status = oom_notouch(twice, OVERCOMMIT_NEVER);
	if (status < 0)
		return status;
	shell_printf("   vm.overcommit_memory is back to %d.\n", sysctl_overcommit_memory);
	return 0;
}
