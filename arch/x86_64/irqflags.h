/* SPDX-License-Identifier: MIT */
/*
 * Turning this CPU's interrupts off and on: RFLAGS.IF, Linux's names and
 * meaning (include/linux/irqflags.h over arch/x86/include/asm/irqflags.h).
 *
 *   local_irq_disable() / local_irq_enable()   cli / sti
 *   local_irq_save(flags) / local_irq_restore(flags)
 *                                              nest: restore puts IF back
 *                                              to what save found
 *   irqs_disabled()                            IF is clear
 *   safe_halt()                                "sti; hlt": the CPU sleeps
 *                                              until the next interrupt
 *
 * These act on the calling CPU only; with more CPUs they will still be the
 * building block under spin_lock_irqsave(), never a lock by themselves.
 */
#ifndef STRATA_IRQFLAGS_H
#define STRATA_IRQFLAGS_H

#include "lib/types.h"

#define X86_EFLAGS_IF (1UL << 9)

static inline unsigned long native_save_fl(void)
{
	unsigned long flags;

	__asm__ volatile("pushfq; popq %0" : "=rm"(flags) : : "memory");
	return flags;
}

#ifdef STRATA_HOST_TEST
/* Host unit tests run in user mode, where cli/sti fault: no interrupts to mask. */
static inline void local_irq_disable(void)
{
}

static inline void local_irq_enable(void)
{
}
#else
static inline void local_irq_disable(void)
{
	__asm__ volatile("cli" : : : "memory");
}

static inline void local_irq_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}
#endif

/*
 * Enable interrupts and halt in one step: sti takes effect after the next
 * instruction, so an interrupt that is already pending wakes the hlt
 * instead of slipping in between. Call with interrupts disabled, after
 * checking there is nothing to do; returns with interrupts enabled.
 */
static inline void safe_halt(void)
{
	__asm__ volatile("sti; hlt" : : : "memory");
}

static inline bool irqs_disabled_flags(unsigned long flags)
{
	return !(flags & X86_EFLAGS_IF);
}

static inline bool irqs_disabled(void)
{
	return irqs_disabled_flags(native_save_fl());
}

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags = native_save_fl();

	local_irq_disable();
	return flags;
}

/* Put IF back as flags had it (only IF: the other bits are not touched). */
static inline void local_irq_restore(unsigned long flags)
{
	if (!irqs_disabled_flags(flags))
		local_irq_enable();
}

/* Linux's form: a statement that assigns its argument. */
#define local_irq_save(flags) ((flags) = arch_local_irq_save())

#endif /* STRATA_IRQFLAGS_H */
