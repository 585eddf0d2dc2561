// SPDX-License-Identifier: MIT
/*
 * Tests of lazy vmap purging (mm/vmap_purge.c): vfree() clears the ptes at
 * once and batches the flush; the threshold is Linux 6.1's; a batch costs
 * one shootdown; and, where strata does better than Linux, no CPU can reach
 * a vfree()d page through a stale TLB entry once vfree() has returned:
 * the other CPU caches the translation, this CPU vfree()s, the page stays held (not
 * handed out while the other CPU may still read it) until the purge, after which
 * the other CPU faults. QEMU's TCG keeps a TLB per vCPU, so the other CPU's stale entry is
 * real there (the case notes whether the other CPU still read through it).
 *
 * Each case sets a small threshold through vmap_set_lazy_max_pages() and
 * restores Linux's (a deferred action, so an aborted case restores it too);
 * the suite's baseline purges first (tests/ktest.c).
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/traps.h"
#include "kernel/cpumask.h"
#include "kernel/percpu.h"
#include "kernel/smp.h"
#include "mm/gfp.h"
#include "mm/vmalloc.h"

#define MAGIC 0x6c617a79706167eULL
#define OTHER 0x0123456789abcdefULL
#define GRAB_PAGES 64 /* pages taken from the buddy while the vfree()d one is held */

static void restore_threshold(void *arg)
{
	(void)arg;
	vmap_set_lazy_max_pages(0);
}

/* Purge, then set the threshold to pages for this case. */
static void lazy_setup(struct ktest *t, unsigned long pages)
{
	vm_unmap_aliases();
	vmap_set_lazy_max_pages(pages);
	ktest_defer(t, restore_threshold, NULL);
}

/* The first online CPU other than this one (make test boots one with the other CPU offline). */
static int other_cpu(void)
{
	unsigned int cpu;

	for_each_online_cpu (cpu)
		if (cpu != (unsigned int)smp_processor_id())
			return (int)cpu;
	return -1;
}

static u64 shootdowns_elsewhere(void)
{
	unsigned int cpu;
	u64 n = 0;

	for_each_online_cpu (cpu)
		n += per_cpu(irq_stat, cpu).irq_tlb_count;
	return n;
}

/* Linux 6.1's lazy_max_pages(): fls(num_online_cpus()) * 32 MiB in pages. */
static void threshold_is_linux(struct ktest *t)
{
	unsigned int n = num_online_cpus(), fls = 0;

	while (n >> fls)
		fls++;
	KTEST_EXPECT_EQ(t, lazy_max_pages(), fls * 8192UL);
	lazy_setup(t, 7);
	KTEST_EXPECT_EQ(t, lazy_max_pages(), 7);
	vmap_set_lazy_max_pages(0);
	KTEST_EXPECT_EQ(t, lazy_max_pages(), fls * 8192UL);
}

#define BATCH 3

static void *batch[BATCH];
static struct ktest_areas batch_areas = {batch, BATCH, false};

/*
 * Threshold 5 pages; areas of one page + guard (2 pages each): two
 * vfree()s wait on the purge list (unmapped, pages held, no shootdown);
 * the third passes 5 and purges all three with one round of IPIs.
 */
static void vfree_waits_then_one_shootdown_per_batch(struct ktest *t)
{
	struct vmap_lazy_stats before, st;
	unsigned long areas = vmalloc_nr_areas();
	u64 shots;

	lazy_setup(t, 5);
	ktest_hold_areas(t, &batch_areas);
	for (int i = 0; i < BATCH; i++) {
		batch[i] = vmalloc(PAGE_SIZE);
		KTEST_ASSERT_NOT_NULL(t, batch[i]);
		*(volatile u64 *)batch[i] = MAGIC;
	}
	vmap_lazy_stats(&before);
	shots = shootdowns_elsewhere();
	for (int i = 0; i < 2; i++) {
		vfree(batch[i]);
		KTEST_EXPECT_NULL(t, vmalloc_to_page(batch[i])); /* the ptes are cleared at once */
		batch[i] = NULL;
	}
	vmap_lazy_stats(&st);
	KTEST_EXPECT_EQ(t, st.areas, 2);
	KTEST_EXPECT_EQ(t, st.lazy_pages, 4);
	KTEST_EXPECT_EQ(t, st.held_pages, 2);
	KTEST_EXPECT_EQ(t, st.purges, before.purges);
	KTEST_EXPECT_EQ(t, shootdowns_elsewhere(), shots);
	KTEST_EXPECT_EQ(t, vmalloc_nr_areas(), areas + 1); /* lazily freed ones are not live */
	vfree(batch[2]);
	batch[2] = NULL;
	vmap_lazy_stats(&st);
	KTEST_EXPECT_EQ(t, st.areas, 0);
	KTEST_EXPECT_EQ(t, st.lazy_pages, 0);
	KTEST_EXPECT_EQ(t, st.held_pages, 0);
	KTEST_EXPECT_EQ(t, st.purges, before.purges + 1);
	/* One shootdown per other CPU for the whole batch. */
	KTEST_EXPECT_EQ(t, shootdowns_elsewhere(), shots + num_online_cpus() - 1);
	KTEST_EXPECT_EQ(t, vmalloc_nr_areas(), areas);
}

/* What the other CPU saw reading the area, under catch_fault on the other CPU. */
struct remote_read {
	volatile u64 *addr;
	u64 value;
	bool faulted;
	u64 fault_addr;
};

static void read_word(void *arg)
{
	struct remote_read *r = arg;

	r->value = *r->addr;
}

static void read_here(void *arg)
{
	struct remote_read *r = arg;
	struct fault_info info = {0};

	r->value = 0;
	r->faulted = catch_fault(read_word, r, &info);
	r->fault_addr = info.addr;
}

static struct page *grabbed[GRAB_PAGES];

static void free_grabbed(void *arg)
{
	(void)arg;
	for (int i = 0; i < GRAB_PAGES; i++) {
		if (grabbed[i])
			__free_pages(grabbed[i], 0);
		grabbed[i] = NULL;
	}
}

static void *area;
static struct ktest_areas area_hold = {&area, 1, false};

/*
 * the other CPU reads a vmalloc'd page (caching the translation); this CPU vfree()s it
 * and takes GRAB_PAGES pages from the buddy, each filled with OTHER: the
 * held page is none of them and still allocated, so whatever the other CPU reads
 * through its stale entry is the area's own MAGIC, never another owner's
 * data. After the purge the page is free and the other CPU faults on the address.
 */
static void stale_tlb_never_reaches_a_freed_page(struct ktest *t)
{
	static struct remote_read r;
	struct vmap_lazy_stats st;
	int other = other_cpu();
	struct page *page;

	if (other < 0)
		ktest_skip(t, "one CPU online (boot with -smp 2 or more)");
	lazy_setup(t, 1UL << 30);
	ktest_hold_areas(t, &area_hold);
	area = vmalloc(PAGE_SIZE);
	KTEST_ASSERT_NOT_NULL(t, area);
	*(volatile u64 *)area = MAGIC;
	page = vmalloc_to_page(area);
	r.addr = area;
	KTEST_ASSERT_EQ(t, smp_call_function_single(other, read_here, &r, 1), 0);
	KTEST_ASSERT_TRUE(t, !r.faulted && r.value == MAGIC);

	vfree(area);
	area = NULL;
	vmap_lazy_stats(&st);
	KTEST_EXPECT_EQ(t, st.held_pages, 1);
	KTEST_EXPECT_TRUE(t, page->flags & PG_head); /* still allocated: held */
	ktest_defer(t, free_grabbed, NULL);
	for (int i = 0; i < GRAB_PAGES; i++) {
		grabbed[i] = alloc_pages(GFP_KERNEL, 0);
		KTEST_ASSERT_NOT_NULL(t, grabbed[i]);
		KTEST_EXPECT_TRUE(t, grabbed[i] != page);
		*(u64 *)page_address(grabbed[i]) = OTHER;
	}
	KTEST_ASSERT_EQ(t, smp_call_function_single(other, read_here, &r, 1), 0);
	if (!r.faulted)
		KTEST_EXPECT_EQ(t, r.value, MAGIC); /* the held page, never OTHER */
	if (r.faulted)
		ktest_note("before the purge the other CPU faulted: no stale entry left");
	else
		ktest_note("before the purge the other CPU read %#llx through its stale entry",
			   (unsigned long long)r.value);

	vm_unmap_aliases();
	KTEST_EXPECT_FALSE(t, page->flags & PG_head); /* freed by the purge */
	KTEST_ASSERT_EQ(t, smp_call_function_single(other, read_here, &r, 1), 0);
	KTEST_EXPECT_TRUE(t, r.faulted);
	KTEST_EXPECT_EQ(t, r.fault_addr, (u64)r.addr);
}

static const struct ktest_case vmap_lazy_cases[] = {
	KTEST_CASE(threshold_is_linux),
	KTEST_CASE(vfree_waits_then_one_shootdown_per_batch),
	KTEST_CASE(stale_tlb_never_reaches_a_freed_page),
};

KTEST_SUITE(vmap_lazy_suite, "vmap_lazy", vmap_lazy_cases);
