// SPDX-License-Identifier: MIT
/*
 * The slab allocator on two CPUs (mm/slab_cpu.c): objects allocated on one
 * CPU and freed on another, both ways, with exact counts; a free that
 * moves a slab between lists from the other CPU; shrink and destroy
 * draining another CPU's slab; a double free on another CPU; kmalloc's
 * per-CPU counters. CPU 1's side runs in its interrupt context through
 * smp_call_function_single(), so it allocates with GFP_ATOMIC, or in task
 * context through work_on_cpu(), with GFP_KERNEL. Each case skips on a
 * one-CPU boot.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "kernel/cpumask.h"
#include "kernel/smp.h"
#include "kernel/workqueue.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"
#include "mm/slab_internal.h"

/* Objects of 512 bytes: eight to an order-0 slab, so three slabs are few objects. */
#define OBJ_SIZE 512
#define MAX_OBJS 96

/* What CPU 1 is asked to do, and what it did. */
struct remote_work {
	struct kmem_cache *s;
	void *obj[MAX_OBJS];
	unsigned int n;	   /* objects to allocate, or to free from obj[] */
	unsigned int done; /* objects it allocated or freed */
	int cpu;	   /* the CPU it ran on */
};

static void remote_alloc(void *arg)
{
	struct remote_work *w = arg;

	w->cpu = smp_processor_id();
	for (w->done = 0; w->done < w->n; w->done++) {
		w->obj[w->done] = kmem_cache_alloc(w->s, GFP_ATOMIC);
		if (!w->obj[w->done])
			break;
	}
}

static void remote_free(void *arg)
{
	struct remote_work *w = arg;

	w->cpu = smp_processor_id();
	for (w->done = 0; w->done < w->n; w->done++)
		kmem_cache_free(w->s, w->obj[w->done]);
}

/* work_on_cpu()'s form of remote_alloc(), GFP_KERNEL: returns whether interrupts were on. */
static long remote_alloc_task(void *arg)
{
	struct remote_work *w = arg;
	bool irqs_on = !irqs_disabled();

	w->cpu = smp_processor_id();
	for (w->done = 0; w->done < w->n; w->done++) {
		w->obj[w->done] = kmem_cache_alloc(w->s, GFP_KERNEL);
		if (!w->obj[w->done])
			break;
	}
	return irqs_on;
}

static void remote_kmalloc(void *arg)
{
	struct remote_work *w = arg;

	w->cpu = smp_processor_id();
	w->obj[0] = kmalloc(w->n, GFP_ATOMIC);
	w->done = w->obj[0] != NULL;
}

static void free_object(void *obj)
{
	kfree(obj);
}

static void need_two_cpus(struct ktest *t)
{
	if (!cpu_online(1))
		ktest_skip(t, "needs CPU 1 online (boot with -smp 2 or more)");
}

static struct kmem_cache *test_cache(struct ktest *t, const char *name)
{
	struct kmem_cache *s = ktest_kmem_cache_create(t, name, OBJ_SIZE, 0, 0, NULL);

	KTEST_ASSERT_NOT_NULL(t, s);
	return s;
}

/* Run fn(w) on CPU 1 and wait; w->obj[] holds, afterwards, objects the case must free. */
static void on_cpu1(struct ktest *t, void (*fn)(void *), struct remote_work *w)
{
	KTEST_ASSERT_EQ(t, smp_call_function_single(1, fn, w, 1), 0);
	KTEST_EXPECT_EQ(t, w->cpu, 1);
}

/* Allocate n objects on CPU 1, each freed when the case ends unless released. */
static void alloc_on_cpu1(struct ktest *t, struct remote_work *w, unsigned int n)
{
	w->n = n;
	on_cpu1(t, remote_alloc, w);
	for (unsigned int i = 0; i < w->done; i++)
		ktest_defer(t, free_object, w->obj[i]);
	KTEST_ASSERT_EQ(t, w->done, n);
}

/*
 * n, the free objects a CPU slab should hold, or 0 in a debug cache (booted
 * with slub_debug=...), which has no CPU slabs.
 */
static unsigned long cpu_free_want(const struct kmem_cache *s, unsigned long n)
{
	return (s->flags & SLAB_DEBUG_FLAGS) ? 0 : n;
}

static long cpu_allocated(const struct kmem_cache *s, int cpu)
{
	return per_cpu_ptr(s->cpu_slab, cpu)->allocated;
}

/*
 * CPU 0 fills two slabs and starts a third; CPU 1 frees every object: the
 * full slabs move to the lists (full -> partial -> empty), the third stays
 * CPU 0's, its object on the slab's own freelist, where CPU 0 finds it.
 */
static void free_on_cpu1_what_cpu0_allocated(struct ktest *t)
{
	static struct remote_work w;
	struct kmem_cache *s;
	unsigned int per_slab, n;

	need_two_cpus(t);
	s = test_cache(t, "test-remote-free");
	per_slab = s->objects;
	n = 2 * per_slab + 1;
	KTEST_ASSERT_LE(t, n, MAX_OBJS);
	w.s = s;
	for (unsigned int i = 0; i < n; i++) {
		w.obj[i] = ktest_kmem_cache_alloc(t, s, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, w.obj[i]);
	}
	KTEST_EXPECT_EQ(t, kmem_cache_active_objs(s), n);
	KTEST_EXPECT_EQ(t, s->nr_slabs, 3);
	KTEST_EXPECT_EQ(t, kmem_cache_cpu_free(s, 0), cpu_free_want(s, per_slab - 1));
	for (unsigned int i = 0; i < n; i++)
		ktest_forget(t, w.obj[i]);
	w.n = n;
	on_cpu1(t, remote_free, &w);
	KTEST_EXPECT_EQ(t, w.done, n);
	KTEST_EXPECT_EQ(t, kmem_cache_active_objs(s), 0);
	KTEST_EXPECT_EQ(t, cpu_allocated(s, 0), (long)n);
	KTEST_EXPECT_EQ(t, cpu_allocated(s, 1), -(long)n);
	/* The two full slabs are empty now, kept in reserve; CPU 0's slab is all free. */
	KTEST_EXPECT_EQ(t, s->nr_empty, 2);
	KTEST_EXPECT_EQ(t, kmem_cache_cpu_free(s, 0), cpu_free_want(s, per_slab));
	KTEST_EXPECT_EQ(t, kmem_cache_cpu_free(s, 1), 0);
	/* CPU 0 takes its slab's objects back: the last is the one CPU 1 freed there. */
	for (unsigned int i = 0; i < per_slab; i++) {
		w.obj[i] = ktest_kmem_cache_alloc(t, s, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, w.obj[i]);
	}
	if (!(s->flags & SLAB_DEBUG_FLAGS))
		KTEST_EXPECT_EQ(t, (u64)w.obj[per_slab - 1], (u64)w.obj[n - 1]);
	KTEST_EXPECT_EQ(t, s->nr_slabs, 3);
	for (unsigned int i = 0; i < per_slab; i++)
		ktest_release(t, w.obj[i]);
	KTEST_EXPECT_EQ(t, kmem_cache_active_objs(s), 0);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
}

/* CPU 1 allocates, CPU 0 frees; shrink then takes CPU 1's slab back to the buddy. */
static void free_on_cpu0_what_cpu1_allocated(struct ktest *t)
{
	static struct remote_work w;
	struct kmem_cache *s;
	u64 free_before = nr_free_pages();

	need_two_cpus(t);
	s = test_cache(t, "test-remote-alloc");
	w.s = s;
	alloc_on_cpu1(t, &w, 5);
	KTEST_EXPECT_EQ(t, kmem_cache_active_objs(s), 5);
	KTEST_EXPECT_EQ(t, kmem_cache_cpu_free(s, 1), cpu_free_want(s, s->objects - 5));
	KTEST_EXPECT_EQ(t, kmem_cache_cpu_free(s, 0), 0);
	for (unsigned int i = 0; i < 5; i++)
		ktest_release(t, w.obj[i]);
	KTEST_EXPECT_EQ(t, kmem_cache_active_objs(s), 0);
	KTEST_EXPECT_EQ(t, cpu_allocated(s, 1), 5);
	KTEST_EXPECT_EQ(t, cpu_allocated(s, 0), -5);
	KTEST_EXPECT_EQ(t, kmem_cache_cpu_free(s, 1), cpu_free_want(s, s->objects));
	/* Shrink flushes CPU 1's slab by IPI, then gives it back. */
	KTEST_EXPECT_EQ(t, kmem_cache_shrink(s), 1UL << s->order);
	KTEST_EXPECT_EQ(t, kmem_cache_cpu_free(s, 1), 0);
	KTEST_EXPECT_EQ(t, s->nr_slabs, 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free_before);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
}

/*
 * CPU 1's worker fills two slabs and starts a third with GFP_KERNEL (the
 * buddy is called with interrupts on); CPU 0 frees them all; shrink gives
 * every page back.
 */
static void task_context_alloc_on_cpu1(struct ktest *t)
{
	static struct remote_work w;
	struct kmem_cache *s;
	u64 free_before = nr_free_pages();
	unsigned long slabs;
	unsigned int n;

	need_two_cpus(t);
	s = test_cache(t, "test-remote-task");
	n = 2 * s->objects + 1;
	KTEST_ASSERT_LE(t, n, MAX_OBJS);
	w.s = s;
	w.n = n;
	KTEST_EXPECT_EQ(t, work_on_cpu(1, remote_alloc_task, &w), 1);
	KTEST_EXPECT_EQ(t, w.cpu, 1);
	for (unsigned int i = 0; i < w.done; i++)
		ktest_defer(t, free_object, w.obj[i]);
	KTEST_ASSERT_EQ(t, w.done, n);
	KTEST_EXPECT_EQ(t, s->nr_slabs, 3);
	KTEST_EXPECT_EQ(t, kmem_cache_cpu_free(s, 1), cpu_free_want(s, s->objects - 1));
	for (unsigned int i = 0; i < n; i++)
		ktest_release(t, w.obj[i]);
	KTEST_EXPECT_EQ(t, kmem_cache_active_objs(s), 0);
	KTEST_EXPECT_EQ(t, cpu_allocated(s, 1), (long)n);
	KTEST_EXPECT_EQ(t, kmem_cache_cpu_free(s, 1), cpu_free_want(s, s->objects));
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	/* validate flushed CPU 1's slab: beyond the reserve of two, it went back at once. */
	slabs = s->nr_slabs;
	KTEST_EXPECT_EQ(t, slabs, (s->flags & SLAB_DEBUG_FLAGS) ? 3 : 2);
	KTEST_EXPECT_EQ(t, kmem_cache_shrink(s), slabs << s->order);
	KTEST_EXPECT_EQ(t, s->nr_slabs, 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free_before);
}

/* An object live in CPU 1's slab keeps the cache, and the report names it. */
static void destroy_sees_objects_of_other_cpus(struct ktest *t)
{
	static struct remote_work w;
	struct kmem_cache *s;
	char line[64];
	u64 mark;

	need_two_cpus(t);
	s = test_cache(t, "test-remote-destroy");
	w.s = s;
	alloc_on_cpu1(t, &w, 1);
	mark = ktest_log_mark();
	KTEST_EXPECT_EQ(t, kmem_cache_destroy(s), -EBUSY);
	KTEST_EXPECT_LOG(t, mark, "BUG test-remote-destroy: kmem_cache_destroy: 1 objects remain");
	snprintf(line, sizeof(line), "object %p still allocated", w.obj[0]);
	KTEST_EXPECT_LOG(t, mark, line);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	ktest_release(t, w.obj[0]);
	ktest_forget(t, s);
	KTEST_EXPECT_EQ(t, kmem_cache_destroy(s), 0);
}

/* Freed twice on CPU 1, to a slab of CPU 0: the second free is refused. */
static void double_free_on_other_cpu_is_refused(struct ktest *t)
{
	static struct remote_work w;
	struct kmem_cache *s;
	u64 mark;

	need_two_cpus(t);
	s = test_cache(t, "test-remote-double");
	w.s = s;
	w.obj[0] = ktest_kmem_cache_alloc(t, s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, w.obj[0]);
	KTEST_ASSERT_NOT_NULL(t, ktest_kmem_cache_alloc(t, s, GFP_KERNEL));
	ktest_forget(t, w.obj[0]);
	w.n = 1;
	on_cpu1(t, remote_free, &w);
	mark = ktest_log_mark();
	on_cpu1(t, remote_free, &w);
	KTEST_EXPECT_LOG(t, mark, "BUG test-remote-double: double free");
	KTEST_EXPECT_EQ(t, kmem_cache_active_objs(s), 1);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
}

/* kmalloc on CPU 1 adds to CPU 1's counters; the waste report sums every CPU. */
static void kmalloc_counts_every_cpu(struct ktest *t)
{
	static struct remote_work w;
	unsigned int i = 5; /* kmalloc-128 */
	u64 req0, bytes0, req1, bytes1;

	need_two_cpus(t);
	KTEST_ASSERT_EQ(t, kmalloc_sizes[i], 128);
	kmalloc_stats_read(i, &req0, &bytes0);
	w.n = 100;
	on_cpu1(t, remote_kmalloc, &w);
	KTEST_ASSERT_EQ(t, w.done, 1);
	kmalloc_stats_read(i, &req1, &bytes1);
	kfree(w.obj[0]);
	KTEST_EXPECT_EQ(t, req1, req0 + 1);
	KTEST_EXPECT_EQ(t, bytes1, bytes0 + 100);
}

static const struct ktest_case slab_smp_cases[] = {
	KTEST_CASE(free_on_cpu1_what_cpu0_allocated),
	KTEST_CASE(free_on_cpu0_what_cpu1_allocated),
	KTEST_CASE(task_context_alloc_on_cpu1),
	KTEST_CASE(destroy_sees_objects_of_other_cpus),
	KTEST_CASE(double_free_on_other_cpu_is_refused),
	KTEST_CASE(kmalloc_counts_every_cpu),
};
KTEST_SUITE(slab_smp_suite, "slab_smp", slab_smp_cases);
