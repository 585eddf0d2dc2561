// SPDX-License-Identifier: MIT
/*
 * Demos of the allocators on several CPUs, run by `demo NAME` (cmd_demo.c):
 *
 *   atomic     GFP_ATOMIC pages and objects allocated and freed from the
 *              timer interrupt on every CPU (counts per CPU); then one
 *              GFP_KERNEL kmalloc from the timer interrupt, which
 *              might_sleep() reports, and a vfree() there, deferred to task
 *              context; and what Linux does in each case
 *   shootdown  a kmalloc object freed on another CPU (a remote free); a
 *              vmalloc area read on CPU 1 and vfree()d on CPU 0: on the
 *              purge list, CPU 1 still reading it through its stale TLB
 *              entry, then the purge's one shootdown (IPI and TLB counts
 *              before and after) and CPU 1 faulting; then a batch of
 *              vfree()s purged together when it passes the threshold
 *
 * The timer-interrupt work runs from a timer_list per CPU that re-arms
 * itself every tick (kernel/timer.h: callbacks run in the tick's hardirq
 * context); each CPU writes only its own slot of the counts. Remote work runs through
 * smp_call_function_single() (hardirq context on the target). With one CPU
 * online both demos say so and show what one CPU can. Both free all they
 * take.
 */
#include "shell/shell_internal.h"
#include "lib/errno.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/traps.h"
#include "kernel/cpumask.h"
#include "kernel/might_sleep.h"
#include "kernel/percpu.h"
#include "kernel/smp.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "kernel/tsc.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

#define ATOMIC_TICKS 25	  /* ticks of work per CPU: 100 ms at HZ=250 */
#define DEMO_WAIT_MS 3000 /* far above ATOMIC_TICKS ticks */

struct atomic_counts {
	unsigned long ticks, pages, objects, failed;
};

static struct atomic_counts atomic_counts[NR_CPUS];
static void *tick_obj;	   /* CPU 0's GFP_KERNEL kmalloc from its tick */
static void *tick_area;	   /* the area CPU 0's tick vfree()s */
static int tick_once_done; /* the one-shot hooks ran */

static struct timer_list demo_timer[NR_CPUS];
static void (*demo_tick_fn)(void); /* what each CPU's timer runs every tick */

static void demo_timer_fn(struct timer_list *t)
{
	demo_tick_fn();
	mod_timer(t, jiffies + 1); /* again at the next tick, on this CPU */
}

/* fn at every tick of every online CPU until demo_ticks_stop(). Context: task. */
static void demo_ticks_start(void (*fn)(void))
{
	unsigned int cpu;

	demo_tick_fn = fn;
	for_each_online_cpu (cpu) {
		timer_setup(&demo_timer[cpu], demo_timer_fn, 0);
		demo_timer[cpu].expires = jiffies + 1;
		add_timer_on(&demo_timer[cpu], (int)cpu);
	}
}

/* Stop them; on return no CPU runs fn. Context: task. */
static void demo_ticks_stop(void)
{
	unsigned int cpu;

	for_each_online_cpu (cpu)
		del_timer_sync(&demo_timer[cpu]);
}

/* Every CPU, each tick until ATOMIC_TICKS: a GFP_ATOMIC page and object, freed. */
static void atomic_tick(void)
{
	struct atomic_counts *c = &atomic_counts[smp_processor_id()];
	struct page *page;
	void *obj;

	if (c->ticks >= ATOMIC_TICKS)
		return;
	page = alloc_pages(GFP_ATOMIC, 0);
	obj = kmalloc(128, GFP_ATOMIC);
	c->pages += page != NULL;
	c->objects += obj != NULL;
	c->failed += !page + !obj;
	if (page)
		__free_pages(page, 0);
	kfree(obj);
	__atomic_store_n(&c->ticks, c->ticks + 1, __ATOMIC_RELEASE);
}

/* CPU 0, once: a GFP_KERNEL kmalloc and a vfree() from the timer interrupt. */
static void misuse_tick(void)
{
	if (smp_processor_id() != 0 || __atomic_load_n(&tick_once_done, __ATOMIC_ACQUIRE))
		return;
	tick_obj = kmalloc(64, GFP_KERNEL);
	vfree(tick_area);
	__atomic_store_n(&tick_once_done, 1, __ATOMIC_RELEASE);
}

/* Wait (by the TSC) until done() or DEMO_WAIT_MS; false at the limit. */
static bool demo_wait(bool (*done)(void))
{
	u64 start = tsc_since_boot();

	while (!done())
		if (tsc_to_us(tsc_since_boot() - start) > DEMO_WAIT_MS * 1000ULL)
			return false;
	return true;
}

static bool every_cpu_done(void)
{
	unsigned int cpu;

	for_each_online_cpu (cpu)
		if (__atomic_load_n(&atomic_counts[cpu].ticks, __ATOMIC_ACQUIRE) < ATOMIC_TICKS)
			return false;
	return true;
}

static bool misuse_done(void)
{
	return __atomic_load_n(&tick_once_done, __ATOMIC_ACQUIRE);
}

/* Part 1 of `demo atomic`: the table of GFP_ATOMIC work per CPU. */
static void atomic_every_cpu(void)
{
	unsigned int cpu;
	bool done;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		atomic_counts[cpu] = (struct atomic_counts){0};
	shell_printf("1. Every CPU's timer interrupt, %u ticks each: alloc_pages(GFP_ATOMIC, 0) "
		     "and kmalloc(128, GFP_ATOMIC),\n   both freed in the same handler "
		     "(hardirq context, interrupts off):\n",
		     ATOMIC_TICKS);
	demo_ticks_start(atomic_tick);
	done = demo_wait(every_cpu_done);
	demo_ticks_stop();
	shell_printf("   CPU  ticks  pages  objects  failed\n");
	for_each_online_cpu (cpu)
		shell_printf("   %3u  %5lu  %5lu  %7lu  %6lu\n", cpu, atomic_counts[cpu].ticks,
			     atomic_counts[cpu].pages, atomic_counts[cpu].objects,
			     atomic_counts[cpu].failed);
	shell_printf("   %s; no might_sleep report: GFP_ATOMIC never blocks\n",
		     done ? "every CPU did its share" : "a CPU's timer stopped before its share");
}

/* Part 2 of `demo atomic`: a GFP_KERNEL kmalloc and a vfree() from the tick. */
static int atomic_misuse(void)
{
	struct vmap_lazy_stats before, st;
	unsigned long areas;

	tick_area = vmalloc(2 * PAGE_SIZE);
	if (!tick_area) {
		demo_out_of_memory();
		return -ENOMEM;
	}
	areas = vmalloc_nr_areas();
	vmap_lazy_stats(&before);
	tick_obj = NULL;
	tick_once_done = 0;
	might_sleep_ratelimit_reset();
	shell_printf("2. CPU 0's timer interrupt, once: kmalloc(64, GFP_KERNEL), then vfree() of a "
		     "vmalloc area:\n");
	demo_ticks_start(misuse_tick);
	demo_wait(misuse_done);
	demo_ticks_stop();
	vmap_lazy_stats(&st);
	shell_printf(
		"   The kmalloc %s (strata never sleeps); the report above is might_sleep()'s.\n",
		tick_obj ? "still returned an object" : "returned NULL");
	kfree(tick_obj);
	shell_printf(
		"   vfree() in the handler was deferred: %lu deferred, live areas %lu (the area "
		"is still mapped)\n",
		st.deferred - before.deferred, vmalloc_nr_areas());
	vm_unmap_aliases(); /* task context: runs the deferred vfree(), then purges */
	shell_printf("   In task context the deferred vfree() ran: live areas %lu -> %lu\n", areas,
		     vmalloc_nr_areas());
	return 0;
}

int demo_atomic(int argc, char **argv)
{
	int err;

	(void)argc;
	(void)argv;
	if (!apic_timer.running || irqs_disabled()) {
		shell_printf("demo atomic: no local APIC timer running, so no timer interrupt to "
			     "work from\n");
		return -ENODEV;
	}
	shell_printf("GFP_ATOMIC from interrupt context, on %u CPU%s\n\n", num_online_cpus(),
		     num_online_cpus() == 1 ? " (boot with -smp 2 or more to see others)" : "s");
	atomic_every_cpu();
	shell_printf("\n");
	err = atomic_misuse();
	if (err)
		return err;
	shell_printf("\nWhat Linux 6.1 does: the same \"BUG: sleeping function called from "
		     "invalid context\"\nreport (CONFIG_DEBUG_ATOMIC_SLEEP, from might_alloc() in "
		     "the page and slab allocators);\n");
	shell_printf("without the check a GFP_KERNEL allocation may enter direct reclaim and sleep "
		     "in the handler:\n\"BUG: scheduling while atomic\" and a hang. GFP_ATOMIC "
		     "never sleeps: it may use part of the\nreserve below the min watermark "
		     "(__GFP_HIGH) and fails rather than waits.\n");
	shell_printf("vfree() from an interrupt is deferred to a work item (__vfree_deferred), "
		     "as in strata,\nwhere the next vmalloc(), vfree() or purge in task context "
		     "runs the deferred frees if it comes first.\n");
	return 0;
}

/* Per-CPU counts of function-call IPIs and TLB shootdowns, in one line. */
static void ipi_counts(const char *when)
{
	unsigned int cpu;

	shell_printf("   %-24s", when);
	for_each_online_cpu (cpu)
		shell_printf(" CPU%u: CAL %llu TLB %llu;", cpu,
			     (unsigned long long)per_cpu(irq_stat, cpu).irq_call_count,
			     (unsigned long long)per_cpu(irq_stat, cpu).irq_tlb_count);
	shell_printf("\n");
}

static void remote_kfree(void *obj)
{
	kfree(obj);
}

/* Part 1 of `demo shootdown`: kmalloc on CPU 0, kfree on CPU 1. */
static int shootdown_remote_free(int other)
{
	void *obj = kmalloc(128, GFP_KERNEL);

	if (!obj) {
		demo_out_of_memory();
		return -ENOMEM;
	}
	shell_printf("1. A remote free: kmalloc(128) on CPU 0 -> %p (in frame %#llx)\n", obj,
		     (unsigned long long)page_to_pfn(virt_to_page(obj)));
	if (other < 0) {
		kfree(obj);
		shell_printf("   one CPU online: freed on CPU 0 (boot with -smp 2 to free it on "
			     "another)\n");
	} else {
		smp_call_function_single(other, remote_kfree, obj, 1);
		shell_printf(
			"   kfree() ran on CPU %d, in its IPI handler: the object goes back to "
			"the slab it came from,\n   whichever CPU frees it. In Linux's SLUB "
			"that slab is not CPU %d's cpu slab, so the free\n   takes the slow "
			"path (__slab_free: a cmpxchg on the slab's own freelist).\n",
			other, other);
	}
	return 0;
}

/* What CPU 1 read, under catch_fault() on CPU 1. */
struct demo_read {
	volatile u64 *addr;
	u64 value;
	bool faulted;
	struct fault_info info;
};

static void read_word(void *arg)
{
	struct demo_read *r = arg;

	r->value = *r->addr;
}

static void read_on_cpu(void *arg)
{
	struct demo_read *r = arg;

	r->faulted = catch_fault(read_word, r, &r->info);
}

static void read_from(int cpu, struct demo_read *r, const char *when)
{
	if (cpu < 0)
		return;
	smp_call_function_single(cpu, read_on_cpu, r, 1);
	if (r->faulted)
		shell_printf("   CPU %d reads it %s: page fault: %s\n", cpu, when, r->info.what);
	else
		shell_printf("   CPU %d reads it %s: %#llx\n", cpu, when,
			     (unsigned long long)r->value);
}

/* Part 2 of `demo shootdown`: one area, vfree()d lazily, then purged. */
static int shootdown_one_area(int other)
{
	static struct demo_read r;
	struct vmap_lazy_stats st;
	u64 *v = vmalloc(4 * PAGE_SIZE);

	if (!v) {
		demo_out_of_memory();
		return -ENOMEM;
	}
	*v = 0x5348414c4c4f5721ULL;
	r.addr = v;
	shell_printf("\n2. vmalloc(16 KiB) on CPU 0 -> %p, written\n", (void *)v);
	read_from(other, &r, "(caching the translation)");
	ipi_counts("before the vfree():");
	vfree(v);
	vmap_lazy_stats(&st);
	shell_printf("   vfree() on CPU 0: ptes cleared, no IPI. On the purge list: %lu area, %lu "
		     "pages (guard included),\n   %lu held (still allocated until the purge); "
		     "vmallocinfo shows it as Linux does:\n",
		     st.areas, st.lazy_pages, st.held_pages);
	vmallocinfo_print();
	ipi_counts("after the vfree():");
	read_from(other, &r, "before the purge");
	if (other >= 0 && !r.faulted)
		shell_printf(
			"   (its stale TLB entry: harmless here, the page is held, not free)\n");
	ipi_counts("before the purge:");
	vm_unmap_aliases();
	shell_printf("   vm_unmap_aliases(): the purge, one flush_tlb_kernel_range on every CPU, "
		     "then the pages freed\n");
	ipi_counts("after the purge:");
	read_from(other, &r, "after the purge");
	return 0;
}

#define BATCH 4

static u64 tlb_total(void)
{
	unsigned int cpu;
	u64 n = 0;

	for_each_online_cpu (cpu)
		n += per_cpu(irq_stat, cpu).irq_tlb_count;
	return n;
}

/* Part 3 of `demo shootdown`: four vfree()s, one purge when they pass 16 pages. */
static int shootdown_batch(void)
{
	void *area[BATCH];
	struct vmap_lazy_stats st;
	int err = 0;
	u64 tlb;

	for (int i = 0; i < BATCH; i++)
		if (!(area[i] = vmalloc(4 * PAGE_SIZE)))
			err = -ENOMEM;
	if (err) {
		for (int i = 0; i < BATCH; i++)
			vfree(area[i]);
		demo_out_of_memory();
		return err;
	}
	tlb = tlb_total();
	vmap_set_lazy_max_pages(16);
	shell_printf("\n3. A batch: threshold set to 16 pages (Linux's: fls(CPUs) * 32 MiB); four "
		     "areas of 4 pages + guard:\n");
	for (int i = 0; i < BATCH; i++) {
		vfree(area[i]);
		vmap_lazy_stats(&st);
		shell_printf("   vfree #%d: lazily freed %lu areas, %2lu pages; TLB shootdowns on "
			     "the other CPUs: %llu\n",
			     i + 1, st.areas, st.lazy_pages,
			     (unsigned long long)(tlb_total() - tlb));
	}
	vmap_set_lazy_max_pages(0);
	shell_printf(
		"   The fourth passed 16 pages: one purge, one shootdown (one IPI per other CPU) "
		"for all four.\n");
	return 0;
}

int demo_shootdown(int argc, char **argv)
{
	int other = -1, err;
	unsigned int cpu;

	(void)argc;
	(void)argv;
	for_each_online_cpu (cpu)
		if (cpu != (unsigned int)smp_processor_id() && other < 0)
			other = (int)cpu;
	shell_printf("Remote free and TLB shootdown, on %u CPU%s\n\n", num_online_cpus(),
		     other < 0 ? " (boot with -smp 2 or more to see the IPIs)" : "s");
	err = shootdown_remote_free(other);
	if (!err)
		err = shootdown_one_area(other);
	if (!err)
		err = shootdown_batch();
	return err;
}
