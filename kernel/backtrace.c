// SPDX-License-Identifier: MIT
/*
 * Frame-pointer backtraces. Each frame is [saved rbp][return address]:
 *
 *   rbp -> +0 caller's rbp  --> next frame
 *          +8 return address
 *
 * The walk stops at a NULL rbp (the boot code clears it), at one outside a
 * known kernel stack, or after BACKTRACE_MAX frames, so a corrupt chain
 * cannot fault the reporter itself.
 */
#include "kernel/backtrace.h"
#include "kernel/ksyms.h"
#include "kernel/printk.h"

#define BACKTRACE_MAX 24

extern char boot_stack_bottom[], boot_stack_top[];
extern char df_stack_bottom[], df_stack_top[];

static bool on_kernel_stack(u64 a)
{
	return (a >= (u64)boot_stack_bottom && a + 16 <= (u64)boot_stack_top) ||
	       (a >= (u64)df_stack_bottom && a + 16 <= (u64)df_stack_top);
}

/*
 * A return address is the instruction after the call, which lies past the
 * caller's end when the call was its last instruction (a call to a noreturn
 * function): name the symbol of ret - 1, as Linux's %pB does.
 */
static void print_return_address(u64 ret)
{
	u64 off, size;
	const char *name = ksym_lookup(ret - 1, &off, &size);

	if (name)
		pr_emerg(" [<%016llx>] %s+%#llx/%#llx\n", (unsigned long long)ret, name,
			 (unsigned long long)off + 1, (unsigned long long)size);
	else
		pr_emerg(" [<%016llx>] %pS\n", (unsigned long long)ret, (void *)ret);
}

void backtrace_from(u64 rip, u64 rbp)
{
	pr_emerg("Call Trace:\n");
	pr_emerg(" [<%016llx>] %pS\n", (unsigned long long)rip, (void *)rip);
	for (int i = 0; i < BACKTRACE_MAX && rbp && !(rbp & 7) && on_kernel_stack(rbp); i++) {
		u64 ret = ((u64 *)rbp)[1];

		if (!ret)
			break;
		print_return_address(ret);
		rbp = ((u64 *)rbp)[0];
	}
}

int backtrace_save(u64 rbp, u64 *ret, int max)
{
	int n = 0;

	for (; n < max && rbp && !(rbp & 7) && on_kernel_stack(rbp); n++) {
		ret[n] = ((u64 *)rbp)[1];
		if (!ret[n])
			break;
		rbp = ((u64 *)rbp)[0];
	}
	if (n < max)
		ret[n] = 0;
	return n;
}

void backtrace_print_saved(u64 rip, const u64 *ret, int max)
{
	pr_emerg("Call Trace:\n");
	pr_emerg(" [<%016llx>] %pS\n", (unsigned long long)rip, (void *)rip);
	for (int i = 0; i < max && ret[i]; i++)
		print_return_address(ret[i]);
}

void dump_stack(void)
{
	u64 rbp = (u64)__builtin_frame_address(0);

	backtrace_from((u64)__builtin_return_address(0), ((u64 *)rbp)[0]);
}
