/* SPDX-License-Identifier: MIT */
/*
 * Which CPU is this, and how many can there be (Linux's include/linux/smp.h
 * and include/linux/cpumask.h names, 6.1).
 *
 * nr_cpu_ids is the number of possible CPUs: those the MADT lists (at most
 * NR_CPUS), 1 without ACPI; each has its per-CPU area (mm/percpu.c). The
 * boot CPU starts the others (arch/x86_64/smpboot.c); the ones that answer
 * are online (kernel/cpumask.h). Running a function on other CPUs:
 * kernel/smp_call.c, with Linux's names and meaning (kernel/smp.c, 6.1).
 */
#ifndef STRATA_SMP_H
#define STRATA_SMP_H

#include "kernel/percpu.h"
#include "lib/types.h"

struct cpumask;

extern unsigned int nr_cpu_ids;

/* This CPU's number, 0 .. nr_cpu_ids - 1, kept in its own per-CPU area. */
DECLARE_PER_CPU(int, cpu_number);

static inline int raw_smp_processor_id(void)
{
	return this_cpu_read(cpu_number);
}

/*
 * Linux's debug build checks here that the caller cannot migrate
 * (CONFIG_DEBUG_PREEMPT). strata never preempts or migrates a running
 * thread, so the two are the same.
 */
static inline int smp_processor_id(void)
{
	return raw_smp_processor_id();
}

typedef void (*smp_call_func_t)(void *info);

/*
 * Run func(info) on cpu, in its interrupt context (interrupts off), or
 * right here with interrupts off if cpu is this CPU. With wait, return
 * once func has returned there; without, once it is queued (func and info
 * must then live until it runs). Returns 0, or -ENXIO if cpu is not online.
 * Context: task, or interrupts off; waiting with interrupts off is
 * reported once (Linux warns: two CPUs doing it at each other would
 * deadlock; here the waiter runs its own queue meanwhile, so they do not).
 */
int smp_call_function_single(int cpu, smp_call_func_t func, void *info, int wait);

/*
 * Run func(info) on every online CPU in mask except this one; with wait,
 * return when all have run it. A CPU not online is skipped.
 */
void smp_call_function_many(const struct cpumask *mask, smp_call_func_t func, void *info,
			    bool wait);

/* smp_call_function_many() on every other online CPU. */
void smp_call_function(smp_call_func_t func, void *info, int wait);

/* Run func(info) on every online CPU, this one included (interrupts off here). */
void on_each_cpu(smp_call_func_t func, void *info, int wait);

/* The IPI handler: run the calls queued for this CPU (arch/x86_64/irq.c). */
void generic_smp_call_function_interrupt(void);

/*
 * Send the function-call IPI to cpu (CALL_FUNCTION_SINGLE_VECTOR) or, for
 * a call to many, CALL_FUNCTION_VECTOR (arch/x86_64/smpboot.c).
 */
void arch_send_call_function_single_ipi(int cpu);
void arch_send_call_function_ipi(int cpu);

/*
 * Send cpu the reschedule IPI (RESCHEDULE_VECTOR), Linux's name: here its
 * only effect is to wake cpu from hlt, so its idle loop looks at its work
 * queue (kernel/workqueue.h). Context: any.
 */
void smp_send_reschedule(int cpu);

#endif /* STRATA_SMP_H */
