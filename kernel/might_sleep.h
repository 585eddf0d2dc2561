/* SPDX-License-Identifier: MIT */
/*
 * might_sleep(): the check Linux makes at the top of every function that
 * may sleep (include/linux/kernel.h, kernel/sched/core.c __might_sleep and
 * __might_resched, 6.1, with CONFIG_DEBUG_ATOMIC_SLEEP). Called where
 * sleeping is not allowed (an interrupt handler, interrupts off, a
 * spinlock held: preempt_count() != 0 or irqs_disabled()), it reports
 *
 *   BUG: sleeping function called from invalid context at mm/vmalloc.c:412
 *   in_atomic(): 1, irqs_disabled(): 1, non_block: 0, pid: 0, name: swapper/0
 *   preempt_count: 10000, expected: 0
 *   Call Trace: ...
 *
 * and the kernel carries on, as Linux's does. Like Linux it says nothing
 * while system_state is SYSTEM_BOOTING (the boot runs with interrupts off
 * before interrupts_init()) and reports at most once a second (a jiffies
 * rate limit: the calls it does not print are still counted).
 *
 * strata never sleeps, so nothing here can deadlock; the check holds code
 * to Linux's rules. Where strata differs: the "Preemption disabled at:"
 * and lockdep's "irq event stamp" lines need CONFIG_DEBUG_PREEMPT and
 * lockdep and are not printed; under lockdebug=1 the count of locks held
 * is (Linux lists them). The idle task is not exempted as in Linux:
 * strata's shell runs as pid 0.
 */
#ifndef STRATA_MIGHT_SLEEP_H
#define STRATA_MIGHT_SLEEP_H

#include "lib/types.h"
#ifndef STRATA_HOST_TEST
#include "arch/x86_64/irqflags.h"
#include "kernel/preempt.h"
#include "lib/compiler.h"
#endif

/* Linux's states (include/linux/kernel.h); strata goes from BOOTING to RUNNING. */
enum system_states {
	SYSTEM_BOOTING,
	SYSTEM_SCHEDULING,
	SYSTEM_FREEING_INITMEM,
	SYSTEM_RUNNING,
	SYSTEM_HALT,
	SYSTEM_POWER_OFF,
	SYSTEM_RESTART,
	SYSTEM_SUSPEND,
};
extern enum system_states system_state;

#ifndef STRATA_HOST_TEST
/*
 * The report; file and line name the caller of might_sleep(). Any context.
 * Called only when sleeping is not allowed (the inline test below, so a
 * valid call costs a %gs load and a pushf).
 */
void __might_sleep(const char *file, int line);

#define might_sleep()                                                  \
	do {                                                           \
		if (unlikely(preempt_count() != 0 || irqs_disabled())) \
			__might_sleep(__FILE__, __LINE__);             \
	} while (0)
#else /* STRATA_HOST_TEST: one thread, no interrupts, nothing to check */
#define might_sleep() \
	do {          \
	} while (0)
#endif
#define might_sleep_if(cond)           \
	do {                           \
		if (cond)              \
			might_sleep(); \
	} while (0)

/* Calls from an invalid context so far, printed or rate-limited (tests). */
extern unsigned long might_sleep_invalid;
/* Of those, the ones reported (tests). */
extern unsigned long might_sleep_reports;
/* Forget the rate limit, so the next invalid call prints (tests, demos). */
void might_sleep_ratelimit_reset(void);

#endif /* STRATA_MIGHT_SLEEP_H */
