// SPDX-License-Identifier: MIT
/*
 * Tests of what may be called from which context: might_sleep()'s report
 * (kernel/might_sleep.c) for GFP_KERNEL allocations, vmalloc and the cache
 * calls made with interrupts off, under a spinlock or from an interrupt
 * handler, its Linux 6.1 text and rate limit, and its silence while the
 * system boots; GFP_ATOMIC allocations and frees from interrupt handlers on
 * every CPU; vfree() from interrupt context deferred to task context, as
 * Linux's (run by the next vfree() here, or by the CPU's worker); vunmap()
 * from interrupt context refused.
 *
 * The handlers run on CPU 0 from a self-IPI on a free line, and on the
 * other CPUs from smp_call_function_single() (hardirq context there). Each
 * case that expects a report resets the rate limit first.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/irq_vectors.h"
#include "arch/x86_64/irqflags.h"
#include "kernel/cpumask.h"
#include "kernel/irq.h"
#include "kernel/might_sleep.h"
#include "kernel/preempt.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "kernel/tsc.h"
#include "mm/slab.h"
#include "mm/vmalloc_internal.h"

#define CONTEXTS_IRQ 19	   /* a free line, raised only by self-IPI */
#define WAIT_LIMIT_MS 5000 /* far above a self-IPI's latency */

static DEFINE_SPINLOCK(contexts_lock);

/* What runs in the handler, and what it saw. */
struct in_irq_call {
	void (*fn)(struct in_irq_call *c);
	void *area;	     /* an area to vfree (vfree cases) */
	void *obj;	     /* what the handler allocated, for the case to free */
	unsigned long count; /* atomic allocations that succeeded */
	bool hardirq;
	int ran;
};

static irqreturn_t contexts_handler(int irq, void *dev_id)
{
	struct in_irq_call *c = dev_id;

	(void)irq;
	c->hardirq = in_hardirq();
	c->fn(c);
	__atomic_store_n(&c->ran, 1, __ATOMIC_RELEASE);
	return IRQ_HANDLED;
}

/* Run c->fn in a hardirq handler on this CPU (a self-IPI); false if none could run. */
static bool run_in_hardirq_here(struct ktest *t, struct in_irq_call *c)
{
	u64 start = tsc_since_boot();

	if (!apic_enabled() || irqs_disabled())
		ktest_skip(t, "no local APIC, or interrupts off");
	c->ran = 0;
	KTEST_ASSERT_EQ(t, request_irq(CONTEXTS_IRQ, contexts_handler, 0, "ktest", c), 0);
	apic_send_self_ipi(ISA_IRQ_VECTOR(CONTEXTS_IRQ));
	while (!__atomic_load_n(&c->ran, __ATOMIC_ACQUIRE) &&
	       tsc_to_us(tsc_since_boot() - start) < WAIT_LIMIT_MS * 1000ULL)
		cpu_relax();
	free_irq(CONTEXTS_IRQ, c);
	KTEST_EXPECT_TRUE(t, c->ran && c->hardirq);
	return c->ran;
}

static void reset_counts(unsigned long *invalid, unsigned long *reports)
{
	might_sleep_ratelimit_reset();
	*invalid = might_sleep_invalid;
	*reports = might_sleep_reports;
}

static void kmalloc_kernel(struct in_irq_call *c)
{
	c->obj = kmalloc(64, GFP_KERNEL);
}

/* GFP_KERNEL with interrupts off: Linux's three lines and a backtrace; the allocation works. */
static void gfp_kernel_with_irqs_off_is_reported(struct ktest *t)
{
	unsigned long flags, invalid, reports;
	u64 mark = ktest_log_mark();
	void *p;

	reset_counts(&invalid, &reports);
	local_irq_save(flags);
	p = kmalloc(64, GFP_KERNEL);
	local_irq_restore(flags);
	KTEST_EXPECT_NOT_NULL(t, p);
	kfree(p);
	KTEST_EXPECT_EQ(t, might_sleep_invalid, invalid + 1);
	KTEST_EXPECT_EQ(t, might_sleep_reports, reports + 1);
	KTEST_EXPECT_LOG(t, mark,
			 "BUG: sleeping function called from invalid context at mm/gfp.h:");
	KTEST_EXPECT_LOG(t, mark,
			 "in_atomic(): 0, irqs_disabled(): 1, non_block: 0, pid: 0, "
			 "name: swapper/0");
	KTEST_EXPECT_LOG(t, mark, "preempt_count: 0, expected: 0");
	KTEST_EXPECT_LOG(t, mark, "gfp_kernel_with_irqs_off_is_reported+");
	/* GFP_ATOMIC there is right: no report. */
	local_irq_save(flags);
	p = kmalloc(64, GFP_ATOMIC);
	local_irq_restore(flags);
	kfree(p);
	KTEST_EXPECT_EQ(t, might_sleep_invalid, invalid + 1);
}

/* vmalloc and kmem_cache_create under a spinlock; the second report is rate-limited. */
static void vmalloc_under_spinlock_is_reported_once_a_second(struct ktest *t)
{
	unsigned long invalid, reports;
	u64 mark = ktest_log_mark();
	struct kmem_cache *s;
	void *p;

	reset_counts(&invalid, &reports);
	spin_lock(&contexts_lock);
	p = vmalloc(PAGE_SIZE);
	s = kmem_cache_create("ktest-contexts", 32, 0, 0, NULL);
	spin_unlock(&contexts_lock);
	vfree(p);
	kmem_cache_destroy(s);
	KTEST_EXPECT_NOT_NULL(t, p);
	KTEST_EXPECT_NOT_NULL(t, s);
	KTEST_EXPECT_LOG(t, mark,
			 "BUG: sleeping function called from invalid context at mm/vmalloc.c:");
	KTEST_EXPECT_LOG(t, mark, "in_atomic(): 1, irqs_disabled(): 0");
	KTEST_EXPECT_LOG(t, mark, "preempt_count: 1, expected: 0");
	/* vmalloc's check, its pages' and vm_struct's GFP_KERNEL, the cache's: one printed. */
	KTEST_EXPECT_GE(t, might_sleep_invalid, invalid + 3);
	KTEST_EXPECT_EQ(t, might_sleep_reports, reports + 1);
	KTEST_EXPECT_FALSE(t, ktest_log_contains(mark, "invalid context at mm/slab_cache.c:"));
}

/* While system_state is SYSTEM_BOOTING nothing is checked, as in Linux. */
static void booting_is_not_checked(struct ktest *t)
{
	unsigned long flags, invalid, reports;
	void *p;

	reset_counts(&invalid, &reports);
	system_state = SYSTEM_BOOTING;
	local_irq_save(flags);
	p = kmalloc(64, GFP_KERNEL);
	local_irq_restore(flags);
	system_state = SYSTEM_RUNNING;
	kfree(p);
	KTEST_EXPECT_EQ(t, might_sleep_invalid, invalid);
}

/* GFP_KERNEL from an interrupt handler: reported with the hardirq count. */
static void gfp_kernel_in_hardirq_is_reported(struct ktest *t)
{
	struct in_irq_call c = {.fn = kmalloc_kernel};
	unsigned long invalid, reports;
	u64 mark = ktest_log_mark();

	reset_counts(&invalid, &reports);
	if (run_in_hardirq_here(t, &c))
		KTEST_EXPECT_NOT_NULL(t, c.obj);
	kfree(c.obj);
	KTEST_EXPECT_EQ(t, might_sleep_reports, reports + 1);
	KTEST_EXPECT_LOG(t, mark, "in_atomic(): 1, irqs_disabled(): 1");
	KTEST_EXPECT_LOG(t, mark, "preempt_count: 10000, expected: 0");
	KTEST_EXPECT_LOG(t, mark, "contexts_handler+");
}

#define ATOMIC_ROUNDS 16

/* GFP_ATOMIC pages and objects, allocated and freed in the handler. */
static void atomic_allocations(struct in_irq_call *c)
{
	for (int i = 0; i < ATOMIC_ROUNDS; i++) {
		struct page *page = alloc_pages(GFP_ATOMIC, i % 3);
		void *obj = kmalloc(8 << (i % 10), GFP_ATOMIC);

		c->count += (page != NULL) + (obj != NULL);
		if (page)
			__free_pages(page, i % 3);
		kfree(obj);
	}
}

static void atomic_on_this_cpu(void *arg)
{
	struct in_irq_call *c = arg;

	c->hardirq = in_hardirq();
	atomic_allocations(c);
}

/* GFP_ATOMIC from interrupt handlers on every CPU: all succeed, no report. */
static void gfp_atomic_in_hardirq_on_every_cpu(struct ktest *t)
{
	struct in_irq_call c = {.fn = atomic_allocations};
	unsigned long invalid, reports;
	unsigned int cpu;

	reset_counts(&invalid, &reports);
	if (run_in_hardirq_here(t, &c))
		KTEST_EXPECT_EQ(t, c.count, 2 * ATOMIC_ROUNDS);
	for_each_online_cpu (cpu) {
		struct in_irq_call r = {0};

		if (cpu == (unsigned int)smp_processor_id())
			continue;
		KTEST_ASSERT_EQ(t, smp_call_function_single((int)cpu, atomic_on_this_cpu, &r, 1),
				0);
		KTEST_EXPECT_TRUE(t, r.hardirq);
		KTEST_EXPECT_EQ(t, r.count, 2 * ATOMIC_ROUNDS);
	}
	KTEST_EXPECT_EQ(t, might_sleep_invalid, invalid);
}

static void vfree_area(struct in_irq_call *c)
{
	vfree(c->area);
}

static void *area;
static struct ktest_areas area_hold = {&area, 1, false};

/*
 * vfree() in a handler is deferred: the area stays live until the next
 * vfree()/vmalloc()/purge in task context, then goes; no report. A second
 * vfree() of it in a handler, while it waits, is refused with a report.
 */
static void vfree_in_hardirq_is_deferred(struct ktest *t)
{
	struct in_irq_call c = {.fn = vfree_area};
	unsigned long invalid, reports, areas, bad = vmalloc_reports;
	struct vmap_lazy_stats before, st;
	u64 mark;

	reset_counts(&invalid, &reports);
	ktest_hold_areas(t, &area_hold);
	area = vmalloc(2 * PAGE_SIZE);
	KTEST_ASSERT_NOT_NULL(t, area);
	areas = vmalloc_nr_areas();
	vmap_lazy_stats(&before);
	c.area = area;
	if (!run_in_hardirq_here(t, &c))
		return;
	vmap_lazy_stats(&st);
	KTEST_EXPECT_EQ(t, st.deferred, before.deferred + 1);
	KTEST_EXPECT_EQ(t, vmalloc_nr_areas(), areas); /* not freed yet */
	KTEST_EXPECT_NOT_NULL(t, vmalloc_to_page(area));
	mark = ktest_log_mark();
	run_in_hardirq_here(t, &c); /* the same address again, while it waits */
	KTEST_EXPECT_EQ(t, vmalloc_reports, bad + 1);
	KTEST_EXPECT_LOG(t, mark, "double free: already waiting to be freed on CPU 0");
	area = vmalloc(PAGE_SIZE); /* task context: runs the deferred frees first */
	KTEST_EXPECT_EQ(t, vmalloc_nr_areas(), areas); /* one gone, one new */
	KTEST_EXPECT_NULL(t, vmalloc_to_page(c.area));
	vfree(area);
	area = NULL;
	KTEST_EXPECT_EQ(t, might_sleep_invalid, invalid);
}

static void vfree_here(void *addr)
{
	vfree(addr);
}

static void *ap_area;
static struct ktest_areas ap_area_hold = {&ap_area, 1, false};

/*
 * vfree() in an IPI handler on another CPU: deferred, then run by that
 * CPU's worker (its idle loop) in task context, with no report, without
 * anything on this CPU calling vmalloc or vfree.
 */
static void vfree_in_hardirq_on_an_ap_runs_in_its_worker(struct ktest *t)
{
	unsigned long invalid, reports;
	int other = -1;
	unsigned int cpu;
	u64 start;

	for_each_online_cpu (cpu)
		if (cpu != (unsigned int)smp_processor_id())
			other = (int)cpu;
	if (other < 0)
		ktest_skip(t, "one CPU online (boot with -smp 2 or more)");
	reset_counts(&invalid, &reports);
	ktest_hold_areas(t, &ap_area_hold);
	ap_area = vmalloc(PAGE_SIZE);
	KTEST_ASSERT_NOT_NULL(t, ap_area);
	KTEST_ASSERT_EQ(t, smp_call_function_single(other, vfree_here, ap_area, 1), 0);
	start = tsc_since_boot();
	while (vmalloc_to_page(ap_area) &&
	       tsc_to_us(tsc_since_boot() - start) < WAIT_LIMIT_MS * 1000ULL)
		cpu_relax();
	KTEST_EXPECT_NULL(t, vmalloc_to_page(ap_area)); /* unmapped by that CPU's worker */
	if (!vmalloc_to_page(ap_area))
		ap_area = NULL;
	KTEST_EXPECT_EQ(t, might_sleep_invalid, invalid);
}

static void vunmap_area(struct in_irq_call *c)
{
	vunmap(c->area);
}

static void *mapping;
static struct ktest_areas mapping_hold = {&mapping, 1, true};

/* vunmap() in a handler: reported and refused (Linux: BUG_ON), the mapping kept. */
static void vunmap_in_hardirq_is_refused(struct ktest *t)
{
	struct in_irq_call c = {.fn = vunmap_area};
	unsigned long bad = vmalloc_reports;
	struct page *page = ktest_alloc_pages(t, GFP_KERNEL, 0);
	u64 mark = ktest_log_mark();

	KTEST_ASSERT_NOT_NULL(t, page);
	ktest_hold_areas(t, &mapping_hold);
	mapping = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, mapping);
	c.area = mapping;
	if (!run_in_hardirq_here(t, &c))
		return;
	KTEST_EXPECT_EQ(t, vmalloc_reports, bad + 1);
	KTEST_EXPECT_LOG(t, mark, "from interrupt context");
	KTEST_EXPECT_EQ(t, vmalloc_to_page(mapping), page);
}

static const struct ktest_case contexts_cases[] = {
	KTEST_CASE(gfp_kernel_with_irqs_off_is_reported),
	KTEST_CASE(vmalloc_under_spinlock_is_reported_once_a_second),
	KTEST_CASE(booting_is_not_checked),
	KTEST_CASE(gfp_kernel_in_hardirq_is_reported),
	KTEST_CASE(gfp_atomic_in_hardirq_on_every_cpu),
	KTEST_CASE(vfree_in_hardirq_is_deferred),
	KTEST_CASE(vfree_in_hardirq_on_an_ap_runs_in_its_worker),
	KTEST_CASE(vunmap_in_hardirq_is_refused),
};

KTEST_SUITE(contexts_suite, "contexts", contexts_cases);
