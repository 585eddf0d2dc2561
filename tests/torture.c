// SPDX-License-Identifier: MIT
/*
 * A torture run (tests/torture.h): set up, spread the CPUs' shares, stop,
 * drain, check every allocator and counter, report.
 *
 *   1. print the seed; snapshot the memory counters (mm/mm_stats.h) and
 *      each cache's objects and misuse reports, and mark the log;
 *   2. create the test's caches and the per-CPU state; budget: a quarter
 *      of the free memory may be live at once;
 *   3. start each CPU's timer share, queue each other CPU's share on its
 *      worker (schedule_work_on), run CPU 0's inline, wait for all
 *      (flush_work) and for the IPIs they sent;
 *   4. stop every timer (del_timer_sync), then drain each CPU's ring and
 *      hardirq slots on that CPU;
 *   5. check: nothing left live; kmem_cache_validate() of every cache,
 *      buddy_check_invariants(), vmalloc_check(); destroy the caches and
 *      the state; every counter back at its snapshot (each cache's
 *      objects and reports too); no "BUG" or "WARNING:" report in the log
 *      since the mark (an allocator's misuse report, KASAN, lock
 *      debugging, might_sleep);
 *   6. print the counts per CPU and kind, and PASS or FAIL.
 */
#include "tests/torture_internal.h"
#include "tests/ktest.h"
#include "arch/x86_64/cpu.h"
#include "kernel/cpumask.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/tsc.h"
#include "mm/mm_stats.h"
#include "mm/page_info.h"
#include "mm/vmalloc.h"

/* Choose the taking-part CPUs: CPU 0, then the next online ones, up to cfg->cpus. */
static unsigned int pick_cpus(const struct torture_config *cfg, int *ids)
{
	unsigned int n = 0, cpu;

	for_each_online_cpu (cpu) {
		if (cfg->cpus && n == cfg->cpus)
			break;
		ids[n++] = (int)cpu;
	}
	return n;
}

/* Step 3: every CPU's share at once, each timer ticking meanwhile. */
static void run_shares(struct torture_run *run)
{
	for (unsigned int i = 0; i < run->nr_cpus; i++)
		torture_tick_start(&run->pcpu[i]);
	for (unsigned int i = 1; i < run->nr_cpus; i++)
		if (!schedule_work_on(run->pcpu[i].cpu, &run->pcpu[i].work) && torture_error(run))
			pr_err("torture: FAIL: CPU %d's worker refused its share\n",
			       run->pcpu[i].cpu);
	torture_cpu_work(&run->pcpu[0].work);
	for (unsigned int i = 1; i < run->nr_cpus; i++)
		flush_work(&run->pcpu[i].work);
	torture_wait_ipis(run);
	for (unsigned int i = 0; i < run->nr_cpus; i++)
		torture_tick_stop(&run->pcpu[i]);
	for (unsigned int i = 0; i < run->nr_cpus; i++) {
		INIT_WORK(&run->pcpu[i].work, torture_cpu_drain);
		if (i)
			schedule_work_on(run->pcpu[i].cpu, &run->pcpu[i].work);
	}
	torture_cpu_drain(&run->pcpu[0].work);
	for (unsigned int i = 1; i < run->nr_cpus; i++)
		flush_work(&run->pcpu[i].work);
}

/* Step 5, the allocators' own checks; each failure is reported and counted. */
static void check_allocators(struct torture_run *run)
{
	char why[160];
	long live = __atomic_load_n(&run->live_bytes, __ATOMIC_RELAXED);

	if (live && torture_error(run))
		pr_err("torture: FAIL: %ld bytes still live after the drain\n", live);
	for (struct kmem_cache *s = kmem_cache_next(NULL); s; s = kmem_cache_next(s)) {
		unsigned long problems = kmem_cache_validate(s);

		if (problems && torture_error(run))
			pr_err("torture: FAIL: kmem_cache_validate(%s) found %lu problems\n",
			       s->name, problems);
	}
	if (!buddy_check_invariants(why, sizeof(why)) && torture_error(run))
		pr_err("torture: FAIL: buddy allocator: %s\n", why);
	if (!vmalloc_check(why, sizeof(why)) && torture_error(run))
		pr_err("torture: FAIL: vmalloc: %s\n", why);
}

#define MAX_CACHE_SNAPS 64

/* One cache's counts before the run: each must be the same after it. */
struct cache_snap {
	const struct kmem_cache *s;
	unsigned long active_objs;
	u64 reports;
};

/* Step 1: the counts of the caches that exist (the first MAX_CACHE_SNAPS). */
static unsigned int snap_caches(struct cache_snap *snap)
{
	unsigned int n = 0;

	for (struct kmem_cache *s = kmem_cache_next(NULL); s && n < MAX_CACHE_SNAPS;
	     s = kmem_cache_next(s))
		snap[n++] = (struct cache_snap){s, kmem_cache_active_objs(s), s->reports};
	return n;
}

/* Step 5: every cache's objects and misuse reports as before the run. */
static void check_caches(struct torture_run *run, const struct cache_snap *snap, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		const struct kmem_cache *s = snap[i].s;

		if (kmem_cache_active_objs(s) != snap[i].active_objs && torture_error(run))
			pr_err("torture: FAIL: cache %s: %lu objects before the run, %lu after\n",
			       s->name, snap[i].active_objs, kmem_cache_active_objs(s));
		if (s->reports != snap[i].reports && torture_error(run))
			pr_err("torture: FAIL: cache %s: %llu misuse reports during the run\n",
			       s->name, (unsigned long long)(s->reports - snap[i].reports));
	}
}

/* Step 5, the counters and the log, after everything is freed. */
static void check_baseline(struct torture_run *run, const struct mm_stats *before, u64 mark)
{
	/* Linux's report openers: "BUG: ...", SLUB's "BUG cache: ...", "WARNING: ..." */
	static const char *const reports[] = {"BUG", "WARNING:"};
	struct mm_stats after;

	mm_stats_read(&after);
	for (int i = 0; i < NR_MM_STATS; i++)
		if (after.v[i] != before->v[i] && torture_error(run))
			pr_err("torture: FAIL: %s %llu before the run, %llu after\n",
			       mm_stat_names[i], (unsigned long long)before->v[i],
			       (unsigned long long)after.v[i]);
	for (unsigned int i = 0; i < ARRAY_SIZE(reports); i++)
		if (ktest_log_contains(mark, reports[i]) && torture_error(run))
			pr_err("torture: FAIL: a \"%s\" report was printed during the run\n",
			       reports[i]);
}

/* Step 6: one row per CPU and a total row; fills res with the totals. */
static void report(const struct torture_run *run, struct torture_result *res)
{
	struct torture_counts all = {0};

	pr_info("torture: %4s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s\n", "CPU", "pages", "kmalloc",
		"cache", "vmalloc", "vmap", "kvmalloc", "in-irq", "IPIs", "remote", "NULL");
	for (unsigned int i = 0; i <= run->nr_cpus; i++) {
		struct torture_counts c = {0};
		const struct torture_counts *src[2];

		if (i < run->nr_cpus) {
			src[0] = &run->pcpu[i].c;
			src[1] = &run->pcpu[i].tick_c;
			for (unsigned int j = 0; j < 2; j++) {
				for (int k = 0; k < NR_TORTURE_KINDS; k++)
					c.ops[k] += src[j]->ops[k];
				c.irq_ops += src[j]->irq_ops;
				c.ipis += src[j]->ipis;
				c.remote_frees += src[j]->remote_frees;
				c.failures += src[j]->failures;
			}
			for (int k = 0; k < NR_TORTURE_KINDS; k++)
				all.ops[k] += c.ops[k];
			all.irq_ops += c.irq_ops;
			all.ipis += c.ipis;
			all.remote_frees += c.remote_frees;
			all.failures += c.failures;
		} else {
			c = all;
		}
		if (i < run->nr_cpus)
			pr_info("torture: %4d", run->pcpu[i].cpu);
		else
			pr_info("torture: %4s", "all");
		for (int k = 0; k < NR_TORTURE_KINDS; k++)
			pr_cont(" %8llu", (unsigned long long)c.ops[k]);
		pr_cont(" %8llu %8llu %8llu %8llu\n", (unsigned long long)c.irq_ops,
			(unsigned long long)c.ipis, (unsigned long long)c.remote_frees,
			(unsigned long long)c.failures);
	}
	*res = (struct torture_result){.remote_frees = all.remote_frees,
				       .failures = all.failures,
				       .irq_ops = all.irq_ops,
				       .ipis = all.ipis,
				       .errors = (u64)run->errors,
				       .cpus = run->nr_cpus};
	for (int k = 0; k < NR_TORTURE_KINDS; k++)
		res->objects += all.ops[k];
}

bool torture_run(const struct torture_config *cfg, struct torture_result *res)
{
	static int ids[NR_CPUS];
	static struct cache_snap snap[MAX_CACHE_SNAPS];
	unsigned int nr_snap;
	struct torture_result local = {0};
	struct torture_run run = {.cfg = *cfg};
	struct mm_stats before;
	u64 mark;

	res = res ? res : &local;
	run.nr_cpus = pick_cpus(cfg, ids);
	pr_info("torture: seed %#llx cpus %u duration %u ms\n", (unsigned long long)cfg->seed,
		run.nr_cpus, cfg->ms);
	mark = ktest_log_mark();
	vm_unmap_aliases(); /* no lazily freed area of before the run is purged inside it */
	mm_stats_read(&before);
	nr_snap = snap_caches(snap);
	run.pcpu = kvzalloc(run.nr_cpus * sizeof(*run.pcpu), GFP_KERNEL | __GFP_NOWARN);
	*res = (struct torture_result){.cpus = run.nr_cpus};
	if (run.pcpu && !torture_caches_create(&run)) {
		run.budget_bytes = (long)(nr_free_pages() * PAGE_SIZE / 4);
		for (unsigned int i = 0; i < run.nr_cpus; i++)
			torture_cpu_init(&run.pcpu[i], &run, ids[i]);
		/* By the TSC, not jiffies: a busy host loses ticks, not TSC time. */
		run.end_tsc = rdtsc() + (u64)cfg->ms * tsc_khz;
		run_shares(&run);
		check_allocators(&run);
		torture_caches_destroy(&run);
		report(&run, res);
	} else if (torture_error(&run)) {
		pr_err("torture: FAIL: no memory for the test's own state and caches\n");
	}
	kvfree(run.pcpu);
	vm_unmap_aliases(); /* the run's vfree()d areas count as freed once purged */
	check_caches(&run, snap, nr_snap);
	check_baseline(&run, &before, mark);
	res->errors = (u64)run.errors;
	pr_info("torture: %s: seed %#llx, %u CPUs, %llu objects, %llu freed by another CPU, "
		"%llu NULL returns (normal under pressure), %llu errors\n",
		res->errors ? "FAIL" : "PASS", (unsigned long long)cfg->seed, run.nr_cpus,
		(unsigned long long)res->objects, (unsigned long long)res->remote_frees,
		(unsigned long long)res->failures, (unsigned long long)res->errors);
	return !run.errors;
}
