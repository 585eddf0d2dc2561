// SPDX-License-Identifier: MIT
/*
 * The OOM killer (Linux's mm/oom_kill.c, its core): when a user page fault
 * (or MAP_POPULATE's, kernel/sys_mm.c) finds no page, choose the process
 * whose death frees the most, by Linux's badness (RSS plus page-table
 * pages, plus oom_score_adj thousandths of RAM: Linux's of RAM and swap,
 * and strata has no swap), report in Linux's shape, kill it, and let the
 * faulting process retry once the victim's memory is back. Kernel allocations never come
 * here: they fail and their callers cope. The caller holds no mmap_lock:
 * the wait below sleeps.
 *
 * Invariant: at most one victim is dying at a time; while one is, a new
 * fault waits for it instead of choosing another (Linux waits on
 * tsk_is_oom_victim() the same way). Faults on several CPUs at once choose
 * one at a time (oom_lock), so two never kill two victims, or one twice; a
 * victim that exits by itself between the choice and the kill is not
 * killed: its memory is back, and the fault retries.
 */
#include "mm/oom_kill.h"
#include "kernel/delay.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "lib/rwonce.h"
#include "mm/gfp.h"
#include "mm/mmap.h"
#include "mm/page.h"

#define OOM_SCORE_ADJ_MIN (-1000)
/* oom_badness() of a process that may not be chosen (Linux: LONG_MIN). */
#define BADNESS_NONE (-(long)(~0UL >> 1) - 1)
/* How long a faulting process waits for a victim's memory (ms). */
#define OOM_WAIT_MS 5000

/*
 * Linux's oom_lock, held while the victim is chosen and killed, not while
 * its memory is waited for: a fault that finds it held sleeps a tick and
 * retries, as Linux's __alloc_pages_may_oom() does.
 */
static bool oom_lock;

/*
 * The choice is kept by pid: the process list's lock is dropped between the
 * two walks, and the chosen task may be freed (its object reused) meanwhile.
 */
struct oom_control {
	int chosen; /* pid of the process chosen, or 0 */
	long chosen_points;
	int dying; /* a process already killed and not yet freed, or 0 */
};

/* Linux's oom_badness(): LONG_MIN for a process that may not be chosen. */
static long oom_badness(struct task_struct *p)
{
	long adj = READ_ONCE(p->oom_score_adj);

	if (adj == OOM_SCORE_ADJ_MIN)
		return BADNESS_NONE;
	return (long)(p->mm->rss + mm_pgtables_pages(p->mm)) + adj * (long)(totalram_pages / 1000);
}

/* One line of the task table, and the choice; under the process list's lock. */
static void dump_and_choose(struct task_struct *p, void *arg)
{
	struct oom_control *oc = arg;
	unsigned int state = READ_ONCE(p->state);
	long points;

	/*
	 * Killed and not yet dead: its memory is on its way back, even after
	 * exit_mm() took p->mm away and before exit_mmap() has freed the pages;
	 * choosing another process then would kill a second one for nothing.
	 */
	if (READ_ONCE(p->pending_sig) && state != TASK_DEAD && state != TASK_NEW)
		oc->dying = p->pid;
	if (!p->mm)
		return; /* exiting (counted above) or exited: nothing to choose */
	pr_info("[%7d] %5d %5d %8lu %8lu %8lu %8lu         %5hd %s\n", p->pid, 0, p->pid,
		p->mm->total_vm, p->mm->rss, mm_pgtables_pages(p->mm) * PAGE_SIZE, 0UL,
		READ_ONCE(p->oom_score_adj), p->comm);
	/*
	 * Not chosen: one already dying, and one created but never started,
	 * which cannot run to its exit to give its memory back (its creator
	 * frees it).
	 */
	if (oc->dying == p->pid || state == TASK_NEW)
		return;
	points = oom_badness(p);
	if (!oc->chosen || points > oc->chosen_points) {
		oc->chosen = p->pid;
		oc->chosen_points = points;
	}
}

/* The victim's line, and its kill; under the process list's lock. */
static void kill_chosen(struct task_struct *p, void *arg)
{
	struct oom_control *oc = arg;

	if (p->pid != oc->chosen || !p->mm)
		return; /* not the one, or it exited meanwhile: nobody is killed, the fault retries */
	pr_err("Out of memory: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, "
	       "file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:%lukB oom_score_adj:%hd\n",
	       p->pid, p->comm, p->mm->total_vm << (PAGE_SHIFT - 10),
	       p->mm->rss << (PAGE_SHIFT - 10), mm_pgtables_pages(p->mm) << (PAGE_SHIFT - 10),
	       READ_ONCE(p->oom_score_adj));
	oc->dying = p->pid;
}

bool out_of_memory(void)
{
	struct task_struct *cur = get_current();
	struct oom_control oc = {0, 0, 0};

	if (__atomic_exchange_n(&oom_lock, true, __ATOMIC_ACQUIRE)) {
		msleep(1); /* another CPU chooses: its victim's memory may serve this fault */
		return !READ_ONCE(cur->pending_sig);
	}
	/*
	 * The mask strata's fault allocates with. Linux 6.1's anonymous fault
	 * asks for GFP_HIGHUSER_MOVABLE | __GFP_ZERO (0x100dca on x86_64), and
	 * its report goes on with dump_stack() and Mem-Info, which strata omits.
	 */
	pr_warn("%s invoked oom-killer: gfp_mask=%#x(GFP_KERNEL), order=0, oom_score_adj=%hd\n",
		cur->comm, GFP_KERNEL, READ_ONCE(cur->oom_score_adj));
	pr_info("Tasks state (memory values in pages):\n");
	pr_info("[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj "
		"name\n");
	process_for_each(dump_and_choose, &oc);
	if (!oc.dying) {
		if (!oc.chosen || oc.chosen_points == BADNESS_NONE) {
			pr_err("Out of memory and no killable process: %s[%d] dies\n", cur->comm,
			       cur->pid);
			__atomic_store_n(&oom_lock, false, __ATOMIC_RELEASE);
			return false;
		}
		process_for_each(kill_chosen, &oc);
		if (oc.dying)
			process_kill(oc.dying, 9 /* SIGKILL */);
	}
	__atomic_store_n(&oom_lock, false, __ATOMIC_RELEASE);
	if (oc.dying == cur->pid)
		return false;
	/* Wait for the victim's memory: it frees it as it exits (exit_mm). */
	for (unsigned int ms = 0; ms < OOM_WAIT_MS && process_holds_memory(oc.dying); ms++) {
		if (READ_ONCE(cur->pending_sig))
			return false;
		msleep(1);
	}
	return true;
}
