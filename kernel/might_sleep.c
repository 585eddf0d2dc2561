// SPDX-License-Identifier: MIT
/*
 * might_sleep()'s report (kernel/might_sleep.h): Linux 6.1's
 * __might_resched() text, its rate limit of one report per HZ jiffies and
 * its silence while the system boots. Owns system_state, the counts and
 * the rate limit's timestamp. Any context: it only reads the context and
 * prints.
 */
#include "kernel/might_sleep.h"
#include "arch/x86_64/irqflags.h"
#include "kernel/backtrace.h"
#include "kernel/lockdep.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/task.h"
#include "kernel/time.h"

enum system_states system_state = SYSTEM_BOOTING;
unsigned long might_sleep_invalid;
unsigned long might_sleep_reports;
static unsigned long prev_jiffy; /* when the last report printed; 0: never */

void might_sleep_ratelimit_reset(void)
{
	__atomic_store_n(&prev_jiffy, 0, __ATOMIC_RELAXED);
}

void __might_sleep(const char *file, int line)
{
	struct task_struct *curr = get_current();
	unsigned long now = jiffies, prev = __atomic_load_n(&prev_jiffy, __ATOMIC_RELAXED);
	unsigned int depth;

	if ((preempt_count() == 0 && !irqs_disabled()) || system_state == SYSTEM_BOOTING ||
	    system_state > SYSTEM_RUNNING)
		return;
	__atomic_fetch_add(&might_sleep_invalid, 1, __ATOMIC_RELAXED);
	if (prev && (long)(now - (prev + HZ)) < 0)
		return;
	__atomic_store_n(&prev_jiffy, now ? now : 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&might_sleep_reports, 1, __ATOMIC_RELAXED);
	if (file[0] == '.' && file[1] == '/') /* a header, named from the include path */
		file += 2;
	pr_err("BUG: sleeping function called from invalid context at %s:%d\n", file, line);
	pr_err("in_atomic(): %d, irqs_disabled(): %d, non_block: %d, pid: %d, name: %s\n",
	       in_atomic(), irqs_disabled(), 0, curr->pid, curr->comm);
	pr_err("preempt_count: %x, expected: %x\n", preempt_count(), 0);
	depth = lockdep_depth();
	if (depth)
		pr_err("%u lock%s held by %s/%d on CPU#%d\n", depth, depth > 1 ? "s" : "",
		       curr->comm, curr->pid, smp_processor_id());
	dump_stack();
}
