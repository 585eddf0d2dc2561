// SPDX-License-Identifier: MIT
/*
 * The live process of the GDB test: `spin sleep` (a boot module: tools/
 * gdb-test passes -initrd build/user/spin) sleeps in the kernel on CPU 1
 * while CPU 0 prints what strata-ps and strata-pt PID must find and stops
 * in gdbtest_breakpoint(). spin writes one line and then sleeps in
 * nanosleep, 10 s at a time, so once its line is out (and a moment more)
 * its state, ticks, counters and tables stay as printed. The serial lines
 * (tests/gdbtest.c prints them before its breakpoint line):
 *
 *   gdbtest: process pid=N cpu=1            or  gdbtest: process none (why)
 *   gdbtest: ps                             then cmd_ps()'s lines
 *   gdbtest: process-probe NAME va=0x... mapped=0|1 levels=N size=... phys=... entries=...
 *   gdbtest: vma start=0x... end=0x... perm=r-x kind=text pages=N mapped=M
 *
 * The probes are pt_walk()s of the process's own tables (as the kernel
 * probes, tests/gdbtest.c), read by GDB as gdbtest_process_probes[i].va;
 * the vma lines count, page by page, what strata-pt PID counts table by
 * table. After the breakpoint, gdbtest_process_end() kills spin and frees it.
 */
#include "tests/gdbtest.h"
#include "kernel/cpumask.h"
#include "kernel/delay.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/programs.h"
#include "kernel/smp.h"
#include "kernel/workqueue.h"
#include "lib/rwonce.h"
#include "mm/mmap.h"
#include "shell/shell_internal.h"

enum {
	PROBE_STACK,
	PROBE_IMAGE,
	PROBE_RESERVED,
	PROBE_NO_VMA,
	NR_PROCESS_PROBES
};

struct gdbtest_probe gdbtest_process_probes[NR_PROCESS_PROBES] = {
	[PROBE_STACK] = {"user-stack", 0},	 /* the initial stack pointer: touched */
	[PROBE_IMAGE] = {"user-image", 0},	 /* the first VMA: the ELF headers' page */
	[PROBE_RESERVED] = {"user-reserved", 0}, /* the stack VMA's bottom: not touched */
	[PROBE_NO_VMA] = {"user-no-vma", 0},	 /* page 1: no VMA, no table */
};
int gdbtest_process_pid;

static const char *const vma_kinds[] = {
	[VMA_TEXT] = "text",   [VMA_DATA] = "data", [VMA_HEAP] = "heap",
	[VMA_STACK] = "stack", [VMA_ANON] = "anon",
};

static void spin_run(struct work_struct *work);

/*
 * spin's run on CPU 1 (static: the work outlives this file's frames). The
 * work is set up here, as INIT_WORK() would, so the struct sits in .data:
 * the 2 MiB boot has no page to spare for .bss to grow into.
 */
static struct {
	struct work_struct work;
	struct task_struct *p;
	struct output_capture cap; /* no buffer: its len counts what spin wrote */
} spin = {.work = {.func = spin_run, .cpu = -1}};

static void spin_run(struct work_struct *work)
{
	(void)work;
	process_run(spin.p, &spin.cap, false);
}

/* Start spin sleep on CPU 1 and wait for its line; NULL, or why there is no process. */
static const char *spin_start(void)
{
	char *argv[] = {"spin", "sleep", NULL}, *envp[] = {NULL};
	const u8 *image;
	size_t size;
	int err;

	if (num_online_cpus() < 2 || !cpu_online(1))
		return "one CPU: run with -smp 2";
	image = program_find("spin", &size);
	if (!image)
		return "no program spin: boot with -initrd build/user/spin";
	spin.p = process_create(image, size, argv, envp, &err);
	if (!spin.p)
		return "spin could not be created";
	schedule_work_on(1, &spin.work);
	/* Its line, then a moment for it to fall asleep (TCG may give CPU 1 little time). */
	for (unsigned int waited = 0; !READ_ONCE(spin.cap.len) && waited < 5000; waited++)
		msleep(1);
	msleep(20);
	return READ_ONCE(spin.cap.len) ? NULL : "spin wrote nothing in 5 s";
}

static void print_vmas(struct mm_struct *mm)
{
	for (struct vm_area_struct *v = find_vma(mm, 0); v; v = find_vma(mm, v->vm_end)) {
		unsigned long mapped = 0;
		struct pt_walk w;

		for (u64 va = v->vm_start; va < v->vm_end; va += PAGE_SIZE) {
			pt_walk(mm->pgd, va, &w);
			mapped += w.mapped;
		}
		pr_info("gdbtest: vma start=%#llx end=%#llx perm=%c%c%c kind=%s pages=%llu "
			"mapped=%lu\n",
			(unsigned long long)v->vm_start, (unsigned long long)v->vm_end,
			v->vm_flags & VM_READ ? 'r' : '-', v->vm_flags & VM_WRITE ? 'w' : '-',
			v->vm_flags & VM_EXEC ? 'x' : '-', vma_kinds[v->kind],
			(unsigned long long)((v->vm_end - v->vm_start) >> PAGE_SHIFT), mapped);
	}
}

void gdbtest_process_begin(void)
{
	const char *why = spin_start();
	struct mm_struct *mm;
	struct vm_area_struct *first, *stack;

	if (why) {
		pr_info("gdbtest: process none (%s)\n", why);
		return;
	}
	mm = spin.p->mm;
	gdbtest_process_pid = spin.p->pid;
	pr_info("gdbtest: process pid=%d cpu=%d\n", spin.p->pid, spin.p->cpu);
	pr_info("gdbtest: ps\n");
	cmd_ps(1, NULL);
	first = find_vma(mm, 0);
	stack = find_vma(mm, mm->start_stack);
	gdbtest_process_probes[PROBE_STACK].va = mm->start_stack;
	gdbtest_process_probes[PROBE_IMAGE].va = first ? first->vm_start : 0;
	gdbtest_process_probes[PROBE_RESERVED].va = stack ? stack->vm_start : 0;
	gdbtest_process_probes[PROBE_NO_VMA].va = PAGE_SIZE;
	for (unsigned int i = 0; i < NR_PROCESS_PROBES; i++) {
		struct pt_walk w;

		pt_walk(mm->pgd, gdbtest_process_probes[i].va, &w);
		gdbtest_print_walk("process-probe", &gdbtest_process_probes[i], &w);
	}
	print_vmas(mm);
}

void gdbtest_process_end(void)
{
	if (!spin.p)
		return;
	process_kill(spin.p->pid, SIGKILL);
	flush_work(&spin.work);
	process_free(spin.p);
}
