// SPDX-License-Identifier: MIT
/*
 * The smp suite's cases about what each CPU runs as and counts (the suite
 * and its IPI cases are in tests/test_smp.c): current is each CPU's own
 * idle task; printk from every CPU at once keeps each line whole; each
 * CPU counts the reschedule IPIs it took and the work its worker ran; and
 * the reports' walks of the allocators stay sound while another CPU
 * allocates and frees (they hold the structures' locks).
 */
#include "tests/ktest.h"
#include "tests/test_smp.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "include/linux/kernel.h"
#include "kernel/cpumask.h"
#include "kernel/delay.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/task.h"
#include "kernel/tsc.h"
#include "kernel/workqueue.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/frame_owner.h"
#include "mm/page_info.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

#define WAIT_LIMIT_MS 5000 /* for the printers to finish: far above their time */

/* Called on a CPU: note its current in *info. */
static void note_current(void *info)
{
	*(const struct task_struct **)info = get_current();
}

/*
 * current is per CPU: on the boot CPU init_task, on each AP its own idle
 * task, "swapper/N" with pid 0 (Linux's names), so a report made there
 * names the right CPU and task.
 */
void current_is_each_cpus_idle_task(struct ktest *t)
{
	const struct task_struct *task[NR_CPUS] = {NULL};
	unsigned int cpu;

	for_each_online_cpu (cpu) {
		char comm[TASK_COMM_LEN];

		KTEST_ASSERT_EQ(t, smp_call_function_single((int)cpu, note_current, &task[cpu], 1),
				0);
		KTEST_ASSERT_TRUE(t, task[cpu] != NULL);
		snprintf(comm, sizeof(comm), "swapper/%u", cpu);
		KTEST_EXPECT_STREQ(t, task[cpu]->comm, comm);
		KTEST_EXPECT_EQ(t, task[cpu]->pid, 0);
		KTEST_EXPECT_EQ(t, task[cpu] == &init_task, cpu == 0);
		for (unsigned int other = 0; other < cpu; other++)
			KTEST_EXPECT_NE(t, (u64)task[cpu], (u64)task[other]);
	}
}

static long which_cpu(void *arg)
{
	(void)arg;
	return smp_processor_id();
}

/*
 * The cpus command's counts: work_on_cpu() on another CPU wakes it with a
 * reschedule IPI (its RES count rises) and its worker counts one more item
 * done; on this CPU the function runs at once, and no count moves.
 */
void work_and_resched_counted_per_cpu(struct ktest *t)
{
	unsigned int cpu, self = (unsigned int)smp_processor_id();

	for_each_online_cpu (cpu) {
		u64 done = work_done_count((int)cpu);
		u64 res = per_cpu(irq_stat, cpu).irq_resched_count;

		KTEST_EXPECT_EQ(t, work_on_cpu((int)cpu, which_cpu, NULL), (long)cpu);
		KTEST_EXPECT_EQ(t, work_done_count((int)cpu), done + (cpu != self));
		if (cpu != self) {
			/*
			 * The IPI goes out once the work is queued, and the worker
			 * may find and run the work before it takes the interrupt
			 * (it checks its queue with interrupts off): wait up to 1 s.
			 */
			for (int ms = 0;
			     READ_ONCE(per_cpu(irq_stat, cpu).irq_resched_count) == res &&
			     ms < 1000;
			     ms++)
				msleep(1);
			KTEST_EXPECT_GT(t, per_cpu(irq_stat, cpu).irq_resched_count, res);
		} else {
			KTEST_EXPECT_EQ(t, per_cpu(irq_stat, cpu).irq_resched_count, res);
		}
	}
}

#define PRINTK_LINES 40
#define PRINTK_TAG "smp-printk: cpu "
#define PRINTK_PAD "abcdefghijklmnopqrstuvwxyz0123456789"

static int printers_ready; /* CPUs at the start line; __atomic builtins */
static int printers_done;  /* CPUs that printed all their lines; __atomic builtins */

/*
 * Wait until every online CPU is at the start line, then print
 * PRINTK_LINES numbered lines (to the log only: KERN_DEBUG), so that the
 * CPUs print at the same time. The APs wait in their call handler for
 * the others, which is safe here only because every CPU waits for the
 * same line and none needs another to answer.
 */
static void print_lines(void *info)
{
	u64 start = tsc_since_boot();

	(void)info;
	__atomic_fetch_add(&printers_ready, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&printers_ready, __ATOMIC_ACQUIRE) < (int)num_online_cpus() &&
	       tsc_to_us(tsc_since_boot() - start) < WAIT_LIMIT_MS * 1000ULL)
		cpu_relax();
	for (int i = 0; i < PRINTK_LINES; i++)
		printk(KERN_DEBUG PRINTK_TAG "%d line %02d " PRINTK_PAD "\n", smp_processor_id(),
		       i);
	__atomic_fetch_add(&printers_done, 1, __ATOMIC_RELEASE);
}

/* Where PRINTK_TAG starts in line, or NULL. */
static const char *find_tag(const char *line)
{
	for (; *line; line++)
		if (!strncmp(line, PRINTK_TAG, sizeof(PRINTK_TAG) - 1))
			return line;
	return NULL;
}

/*
 * Count, in the log since mark, the whole lines of print_lines() per CPU,
 * in order; return the number of tagged lines that are not whole.
 */
static int count_printed_lines(u64 mark, int *lines)
{
	char line[128] = {0};
	size_t len = 0;
	int bad = 0;

	for (u64 i = mark; i < log_next; i++) {
		char c = log_buf[i % LOG_BUF_SIZE];
		const char *tag, *digit;
		char want[128];
		int cpu = 0;

		if (c != '\n') {
			if (len < sizeof(line) - 1)
				line[len++] = c;
			continue;
		}
		line[len] = '\0';
		len = 0;
		tag = find_tag(line);
		if (!tag)
			continue;
		for (digit = tag + sizeof(PRINTK_TAG) - 1; *digit >= '0' && *digit <= '9'; digit++)
			cpu = cpu * 10 + (*digit - '0');
		if (digit == tag + sizeof(PRINTK_TAG) - 1 || cpu >= NR_CPUS ||
		    lines[cpu] >= PRINTK_LINES) {
			bad++;
			continue;
		}
		snprintf(want, sizeof(want), PRINTK_TAG "%d line %02d " PRINTK_PAD, cpu,
			 lines[cpu]);
		if (strcmp(tag, want) != 0)
			bad++;
		else
			lines[cpu]++;
	}
	return bad;
}

/*
 * printk from every CPU at once: every line arrives whole, none lost, in
 * each CPU's order (the printk lock, kernel/printk.c). Without the lock
 * the CPUs' characters mix in the ring and lines are lost.
 */
void printk_from_every_cpu_keeps_lines_whole(struct ktest *t)
{
	int lines[NR_CPUS] = {0};
	u64 mark = log_next;
	unsigned int cpu;
	u64 start;

	skip_with_one_cpu(t);
	/* Every line (about 80 bytes with its stamp) must still be in the ring. */
	if ((unsigned long)num_online_cpus() * PRINTK_LINES * 96 > LOG_BUF_SIZE)
		ktest_skip(t, "too many CPUs: their lines would not all fit in the log ring");
	printers_ready = 0;
	printers_done = 0;
	smp_call_function(print_lines, NULL, 0);
	print_lines(NULL);
	start = tsc_since_boot();
	while (__atomic_load_n(&printers_done, __ATOMIC_ACQUIRE) < (int)num_online_cpus() &&
	       tsc_to_us(tsc_since_boot() - start) < WAIT_LIMIT_MS * 1000ULL)
		cpu_relax();
	KTEST_ASSERT_EQ(t, __atomic_load_n(&printers_done, __ATOMIC_ACQUIRE),
			(int)num_online_cpus());
	KTEST_ASSERT_TRUE(t, log_next - mark < LOG_BUF_SIZE); /* still in the ring */
	KTEST_EXPECT_EQ(t, count_printed_lines(mark, lines), 0);
	for_each_online_cpu (cpu)
		KTEST_EXPECT_EQ(t, lines[cpu], PRINTK_LINES);
}

#define CHURN_ROUNDS 200

/* Allocations made and freed on another CPU while this one walks. */
struct churn {
	struct work_struct work;
	int failed; /* rounds where an allocation failed */
	bool done;  /* __atomic builtins */
};

/*
 * On another CPU's worker: each round a vmalloc area, a cache created,
 * used and destroyed, and a block of pages, all freed again at once, so
 * that vmap areas, vm_structs, caches, slabs and page tables come and go
 * under the walks.
 */
static void churn_fn(struct work_struct *work)
{
	struct churn *c = container_of(work, struct churn, work);

	for (unsigned int i = 0; i < CHURN_ROUNDS; i++) {
		void *area = vmalloc((i % 4 + 1) * PAGE_SIZE);
		struct kmem_cache *s = kmem_cache_create("smp-churn", 64 + i % 64, 0, 0, NULL);
		void *obj = s ? kmem_cache_alloc(s, GFP_KERNEL) : NULL;
		struct page *page = alloc_pages(GFP_KERNEL, i % 3);

		if (!area || !obj || !page)
			c->failed++;
		if (page)
			__free_pages(page, i % 3);
		if (obj)
			kmem_cache_free(s, obj);
		if (s)
			kmem_cache_destroy(s);
		vfree(area);
	}
	__atomic_store_n(&c->done, true, __ATOMIC_RELEASE);
}

static void count_page(pfn_t pfn, void *arg)
{
	(void)pfn;
	(*(u64 *)arg)++;
}

static void count_frames(const struct frame_run *run, void *arg)
{
	*(u64 *)arg += run->count;
}

/*
 * The report walks on this CPU while another CPU churns (churn_fn): the
 * buddy free lists (zone->lock), every vmalloc page (vmap_area_lock), the
 * memmap walk of every frame with its page-table walk, and the cache list
 * (slab_caches_lock). Each walk must finish and agree with itself: free
 * lists consistent, every frame classified. On the KASAN kernel a walk
 * that followed a node another CPU had just freed would be reported and
 * fail the case.
 */
void reports_walk_while_another_cpu_frees(struct ktest *t)
{
	struct churn c = {.failed = 0};
	unsigned int cpu, other = 0, walks = 0, bad = 0;
	char why[160] = "";

	skip_with_one_cpu(t);
	for_each_online_cpu (cpu) {
		if (cpu != (unsigned int)smp_processor_id() && !other)
			other = cpu;
	}
	INIT_WORK(&c.work, churn_fn);
	KTEST_ASSERT_TRUE(t, schedule_work_on((int)other, &c.work));
	do {
		u64 pages = 0, frames = 0;

		if (!buddy_check_free_lists(why, sizeof(why)))
			bad++;
		vmalloc_for_each_page(count_page, &pages);
		if (frame_owner_walk(0, max_pfn, count_frames, &frames) || frames != max_pfn)
			bad++;
		if (!kmem_cache_count())
			bad++;
		walks++;
	} while (!__atomic_load_n(&c.done, __ATOMIC_ACQUIRE) && !bad);
	flush_work(&c.work); /* c is on this stack: nothing may return before it ran */
	ktest_note("%u rounds of walks while CPU %u made and freed %d rounds", walks, other,
		   CHURN_ROUNDS);
	KTEST_EXPECT_EQ(t, bad, 0);
	if (bad)
		ktest_note("a walk disagreed: %s", why);
	KTEST_EXPECT_EQ(t, c.failed, 0);
	KTEST_EXPECT_GT(t, walks, 0);
}
