// SPDX-License-Identifier: MIT
/*
 * Running a function on other CPUs (Linux's smp_call_function_single(),
 * smp_call_function_many(), on_each_cpu(): kernel/smp.c, 6.1).
 *
 * Each CPU has a call queue; a caller fills a call_single_data (csd), puts
 * it on the target's queue and, if the queue was empty, sends the target an
 * IPI. The target's handler takes the whole queue and runs each call with
 * interrupts off. A csd is "locked" from the moment it is filled until the
 * call no longer needs it: for a call without wait, just before the
 * function runs (func and info are copied first, so the caller may reuse
 * the csd); for a call with wait, after it returns, which is what the
 * waiting caller spins on.
 *
 * Where the csds live, as in Linux: a waiting single call uses one on the
 * caller's stack; a non-waiting one, the caller's per-CPU csd_data; a call
 * to many, the caller's per-CPU cfd_csd, one csd per target CPU.
 *
 * Lock order: a call queue's lock is a leaf (nothing is taken under it and
 * no function runs under it).
 */
#include "kernel/smp.h"
#include "arch/x86_64/barrier.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irqflags.h"
#include "kernel/cpumask.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/tsc.h"
#include "lib/errno.h"

#define CSD_FLAG_LOCK 1U
#define CSD_FLAG_SYNC 2U /* the caller waits: unlock after the function */

/* A waiting caller reports a CPU that has not run its call after this long. */
#define CSD_REPORT_MS 5000

struct call_single_data {
	struct call_single_data *next;
	smp_call_func_t func;
	void *info;
	unsigned int flags; /* CSD_FLAG_*; written with __atomic builtins */
	int cpu;	    /* the target, for the report of a stuck call */
};

/* Calls queued for one CPU, newest first. */
struct call_queue {
	spinlock_t lock;
	struct call_single_data *head;
};

static DEFINE_PER_CPU(struct call_queue, call_single_queue) = {
	.lock = __SPIN_LOCK_UNLOCKED(call_single_queue.lock),
};
static DEFINE_PER_CPU(struct call_single_data, csd_data);
static DEFINE_PER_CPU(struct call_single_data[NR_CPUS], cfd_csd);

static unsigned int csd_flags(const struct call_single_data *csd)
{
	return __atomic_load_n(&csd->flags, __ATOMIC_ACQUIRE);
}

static void csd_unlock(struct call_single_data *csd)
{
	__atomic_store_n(&csd->flags, 0, __ATOMIC_RELEASE);
}

/* Run this CPU's queued calls, oldest first. Interrupts off. */
static void flush_call_queue(void)
{
	struct call_queue *q = this_cpu_ptr(&call_single_queue);
	struct call_single_data *list, *rev = NULL;

	spin_lock(&q->lock);
	list = q->head;
	q->head = NULL;
	spin_unlock(&q->lock);
	while (list) {
		struct call_single_data *next = list->next;

		list->next = rev;
		rev = list;
		list = next;
	}
	while (rev) {
		struct call_single_data *csd = rev;
		smp_call_func_t func = csd->func;
		void *info = csd->info;

		rev = csd->next;
		if (csd_flags(csd) & CSD_FLAG_SYNC) {
			func(info);
			csd_unlock(csd);
		} else {
			csd_unlock(csd);
			func(info);
		}
	}
}

void generic_smp_call_function_interrupt(void)
{
	flush_call_queue();
}

/*
 * Spin until csd is unlocked. With interrupts off, run this CPU's own
 * queue meanwhile, so two CPUs waiting on each other both progress.
 */
static void csd_lock_wait(struct call_single_data *csd)
{
	u64 start = tsc_since_boot();
	bool reported = false;

	while (csd_flags(csd) & CSD_FLAG_LOCK) {
		if (irqs_disabled())
			flush_call_queue();
		if (!reported && tsc_to_us(tsc_since_boot() - start) > CSD_REPORT_MS * 1000ULL) {
			reported = true;
			pr_err("smp: CPU %d has not run a function call (%pS) for %d ms: still "
			       "waiting\n",
			       csd->cpu, csd->func, CSD_REPORT_MS);
		}
		cpu_relax();
	}
}

static void csd_lock(struct call_single_data *csd)
{
	csd_lock_wait(csd);
	__atomic_store_n(&csd->flags, CSD_FLAG_LOCK, __ATOMIC_RELAXED);
	smp_mb();
}

/* Queue csd on cpu; true if the queue was empty (the target needs an IPI). */
static bool queue_call(int cpu, struct call_single_data *csd)
{
	struct call_queue *q = per_cpu_ptr(&call_single_queue, cpu);
	unsigned long flags;
	bool was_empty;

	csd->cpu = cpu;
	spin_lock_irqsave(&q->lock, flags);
	was_empty = !q->head;
	csd->next = q->head;
	q->head = csd;
	spin_unlock_irqrestore(&q->lock, flags);
	return was_empty;
}

static void warn_if_waiting_with_irqs_off(bool wait, const void *caller)
{
	static bool reported;

	if (wait && irqs_disabled() && !reported) {
		reported = true;
		pr_warn("smp: a function call waits with interrupts off at %pS: deadlock-prone "
			"(Linux warns); reported once\n",
			caller);
	}
}

static void run_here(smp_call_func_t func, void *info)
{
	unsigned long flags;

	local_irq_save(flags);
	func(info);
	local_irq_restore(flags);
}

int smp_call_function_single(int cpu, smp_call_func_t func, void *info, int wait)
{
	struct call_single_data on_stack = {0};
	struct call_single_data *csd = wait ? &on_stack : this_cpu_ptr(&csd_data);

	if (cpu == smp_processor_id()) {
		run_here(func, info);
		return 0;
	}
	if (cpu < 0 || !cpu_online((unsigned int)cpu))
		return -ENXIO;
	warn_if_waiting_with_irqs_off(wait, __builtin_return_address(0));
	csd_lock(csd);
	csd->func = func;
	csd->info = info;
	if (wait)
		__atomic_fetch_or(&csd->flags, CSD_FLAG_SYNC, __ATOMIC_RELAXED);
	if (queue_call(cpu, csd))
		arch_send_call_function_single_ipi(cpu);
	if (wait)
		csd_lock_wait(csd);
	return 0;
}

void smp_call_function_many(const struct cpumask *mask, smp_call_func_t func, void *info, bool wait)
{
	struct call_single_data *cfd = *this_cpu_ptr(&cfd_csd);
	unsigned int cpu, self = (unsigned int)smp_processor_id();

	warn_if_waiting_with_irqs_off(wait, __builtin_return_address(0));
	for_each_cpu(cpu, mask)
	{
		struct call_single_data *csd = &cfd[cpu];

		if (cpu == self || !cpu_online(cpu))
			continue;
		csd_lock(csd);
		csd->func = func;
		csd->info = info;
		if (wait)
			__atomic_fetch_or(&csd->flags, CSD_FLAG_SYNC, __ATOMIC_RELAXED);
		if (queue_call((int)cpu, csd))
			arch_send_call_function_ipi((int)cpu);
	}
	if (!wait)
		return;
	for_each_cpu(cpu, mask) if (cpu != self && cpu_online(cpu)) csd_lock_wait(&cfd[cpu]);
}

void smp_call_function(smp_call_func_t func, void *info, int wait)
{
	smp_call_function_many(cpu_online_mask, func, info, wait);
}

void on_each_cpu(smp_call_func_t func, void *info, int wait)
{
	smp_call_function_many(cpu_online_mask, func, info, wait);
	run_here(func, info);
}
