// SPDX-License-Identifier: MIT
/*
 * Stack-smashing detection: the canary and the report.
 *
 * The kernel is built with -mstack-protector-guard=global, so the protected
 * functions compare their stack copy with the global __stack_chk_guard.
 * GCC's default under -mcmodel=kernel is the per-CPU word at %gs:40, as in
 * Linux, whose per-CPU template is linked at address 0 so that %gs:40 is a
 * fixed field of each CPU's area. strata links its template inside the
 * image (GS base = __per_cpu_offset[cpu], docs/concurrency.md), so %gs:40
 * is no variable of its own; one global canary, the same on every CPU, is
 * the simple correct choice. The canary is per boot, not per task: strata
 * has no tasks.
 *
 * This file is built without the stack protector (see the Makefile): it
 * writes the canary, and the report must not depend on it.
 */
#include "kernel/stack_protector.h"
#include "kernel/ksyms.h"
#include "kernel/panic.h"
#include "arch/x86_64/cpu.h"

#define CPUID1_ECX_RDRAND (1u << 30)
#define RDRAND_RETRIES 10 /* Intel's advice: give up after ten underflows */
/*
 * The low byte is zero, as in Linux's and glibc's canaries: a string
 * overflow (strcpy) then cannot write the canary back, since it stops at
 * the terminating NUL.
 */
#define CANARY_MASK 0xffffffffffffff00ULL

u64 __stack_chk_guard; /* the canary; compared by every protected function */

void __stack_chk_fail(void) __attribute__((noreturn));

/* One 64-bit random number from RDRAND; false if the CPU has none to give. */
static bool rdrand64(u64 *v)
{
	for (int i = 0; i < RDRAND_RETRIES; i++) {
		bool ok;

		__asm__ volatile("rdrand %0" : "=r"(*v), "=@ccc"(ok));
		if (ok)
			return true;
	}
	return false;
}

void stack_protector_init(void)
{
	u32 a, b, c, d;
	u64 canary = 0;

	cpuid(1, 0, &a, &b, &c, &d);
	if (!(c & CPUID1_ECX_RDRAND) || !rdrand64(&canary)) {
		/* No entropy source: the TSC, spread over all 64 bits. */
		u64 t = rdtsc();

		canary = (t ^ (t << 32) ^ (t >> 17)) * 0x9e3779b97f4a7c15ULL;
	}
	__stack_chk_guard = (canary & CANARY_MASK) | 0x100; /* never all zero */
}

/*
 * Called instead of returning by a function whose canary was overwritten:
 * its return address and saved frame pointer can no longer be trusted, so
 * report the function (our return address lies inside it) and stop.
 */
void __stack_chk_fail(void)
{
	u64 where = (u64)__builtin_return_address(0);
	u64 off = 0, size = 0;
	/* where - 1: the call may be the function's last instruction. */
	const char *name = ksym_lookup(where - 1, &off, &size);

	if (name)
		panic("stack-protector: kernel stack is corrupted in: %s+%#llx", name,
		      (unsigned long long)off + 1);
	panic("stack-protector: kernel stack is corrupted in: %#llx", (unsigned long long)where);
}
