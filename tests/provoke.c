// SPDX-License-Identifier: MIT
/*
 * Provocations: one small, deliberately undefined or stack-smashing
 * function per detector check, chosen by provoke=NAME. tools/test-all.sh
 * boots the sanitized kernel (build/san/strata.elf) once per name and
 * expects the report text and a panic (tools/ktest --expect-panic).
 *
 * Every operand comes through a volatile, so the compiler can neither fold
 * the bug away nor warn about it at build time. Results go to the volatile
 * sink, so nothing is dead code. In the ordinary build no check exists and
 * the bug passes silently: provoke_if_asked() then reports that and fails.
 *
 * The lock_* provocations need lockdebug=1 (kernel/lockdep.h). Those
 * detectors report and let the kernel go on; provoke_if_asked() then
 * panics itself, saying the kernel survived, so every entry ends alike.
 */
#include "tests/provoke.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/irq_vectors.h"
#include "arch/x86_64/irqflags.h"
#include "kernel/cmdline.h"
#include "kernel/irq.h"
#include "kernel/lockdep.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/qemu_exit.h"
#include "lib/string.h"
#include "kernel/ubsan.h"
#include "mm/vmalloc.h"

static volatile s64 sink; /* where every result goes */
static volatile int int_one = 1, int_zero = 0, int_minus_one = -1;
static volatile int int_max = 0x7fffffff, int_min = (int)0x80000000;
static volatile int shift_40 = 40, index_4 = 4;
static volatile u64 addr_zero, addr_near_top = ~0ULL - 15, offset_32 = 32, offset_1 = 1;

static void ub_add_overflow(void)
{
	sink = int_max + int_one;
}

static void ub_sub_overflow(void)
{
	sink = int_min - int_one;
}

static void ub_mul_overflow(void)
{
	sink = int_max * 2; /* NOLINT(bugprone-implicit-widening-of-multiplication-result) */
}

static void ub_negate_overflow(void)
{
	sink = -int_min;
}

static void ub_divrem_overflow(void)
{
	sink = int_min / int_minus_one;
}

static void ub_shift(void)
{
	sink = int_one << shift_40;
}

static void ub_out_of_bounds(void)
{
	int a[4] = {1, 2, 3, 4};

	sink = a[index_4];
}

static void ub_unreachable(void)
{
	if (int_one)
		__builtin_unreachable();
}

static void ub_load_invalid_bool(void)
{
	volatile u8 raw = 2; /* a bool may hold only 0 or 1 */
	bool b;

	memcpy(&b, (const void *)&raw, sizeof(b));
	sink = b ? 1 : 0;
}

static void ub_pointer_overflow(void)
{
	char *p = (char *)addr_near_top;

	sink = (s64)(p + offset_32);
}

static __attribute__((noinline, nonnull(1))) int first_byte(const char *s)
{
	return s[0];
}

static void ub_nonnull_arg(void)
{
	sink = first_byte((const char *)addr_zero);
}

static void ub_invalid_builtin(void)
{
	sink = __builtin_clz((unsigned int)int_zero);
}

static void ub_vla_bound(void)
{
	int n = int_zero;
	char vla[n];

	sink = (s64)sizeof(vla);
}

static void ub_misaligned(void)
{
	static u32 words[4];
	u32 *p = (u32 *)((char *)words + offset_1);

	sink = *p;
}

static void ub_null_deref(void)
{
	sink = *(volatile int *)addr_zero;
}

/* Overwrite the eight bytes just above buf: the canary in a protected frame. */
static __attribute__((noinline)) void smash(char *buf, size_t len)
{
	memset(buf, 0x41, len + (size_t)offset_32 / 4);
}

static void stack_smash(void)
{
	char buf[32];

	smash(buf, sizeof(buf));
	sink = (u8)buf[0];
}

/*
 * Uncaught faults: unlike the catch_fault() tests of tests/test_paging.c,
 * nothing catches these, so they prove the full report of an unexpected
 * fault (the #PF decode with the region, registers, Call Trace, panic).
 * They report in any build; __no_ubsan keeps UBSan from reporting the NULL
 * read first in the sanitized one.
 */
static const u64 provoke_rodata = 0x5a5a5a5a;
static u8 provoke_data_ret[16] = {0xc3}; /* "ret", in .data: NX */

static __no_ubsan void fault_null(void)
{
	sink = *(volatile s64 *)addr_zero;
}

static void fault_rodata(void)
{
	*(volatile u64 *)&provoke_rodata = 1;
}

static void fault_exec_data(void)
{
	((void (*)(void))provoke_data_ret)();
}

u64 provoke_recurse_deep(volatile u64 *depth)
{
	volatile u8 frame[256];

	frame[0] = (u8)*depth;
	if (++*depth > 1000000)
		return 0;
	return provoke_recurse_deep(depth) + frame[0];
}

static void fault_stack_overflow(void)
{
	volatile u64 depth = 0;

	sink = (s64)provoke_recurse_deep(&depth);
}

/* Write one byte past a vmalloc area: its guard page faults (any build). */
static void vmalloc_out_of_bounds(void)
{
	u8 *p = vmalloc(2 * PAGE_SIZE);

	p[2 * PAGE_SIZE + offset_1 - 1] = 1;
	sink = p[0];
}

/* Lock debugging (lockdebug=1): each misuse once, on a lock of its own. */
static DEFINE_SPINLOCK(provoke_lock);

static void lock_recursion(void)
{
	spin_lock(&provoke_lock);
	spin_lock(&provoke_lock); /* refused and reported; owes one unlock */
	spin_unlock(&provoke_lock);
	spin_unlock(&provoke_lock);
}

static void lock_unlock_unheld(void)
{
	spin_unlock(&provoke_lock);
}

/* Another CPU's hold, written into the lock: no second CPU needs to take it. */
static void lock_wrong_cpu(void)
{
	spin_lock(&provoke_lock);
	provoke_lock.owner_cpu = 1;
	spin_unlock(&provoke_lock); /* refused: "CPU#1" keeps it */
	provoke_lock.owner_cpu = 0;
	spin_unlock(&provoke_lock);
}

#define PROVOKE_IRQ 17 /* a free line, raised by self-IPI */
static DEFINE_SPINLOCK(provoke_irq_lock);
static volatile int provoke_irq_runs;

static irqreturn_t provoke_irq_handler(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	spin_lock(&provoke_irq_lock);
	provoke_irq_runs++;
	spin_unlock(&provoke_irq_lock);
	return IRQ_HANDLED;
}

/* The lock is taken with interrupts on, then by an interrupt handler. */
static void lock_irq_unsafe(void)
{
	u64 spins = 0;

	if (!apic_enabled() || irqs_disabled() ||
	    request_irq(PROVOKE_IRQ, provoke_irq_handler, 0, "provoke", &provoke_irq_lock))
		return;
	spin_lock(&provoke_irq_lock);
	spin_unlock(&provoke_irq_lock);
	apic_send_self_ipi(ISA_IRQ_VECTOR(PROVOKE_IRQ));
	while (!provoke_irq_runs && spins++ < 100000000)
		cpu_relax();
	free_irq(PROVOKE_IRQ, &provoke_irq_lock);
}

/* Reach the shell's check before each prompt with a lock held. */
static void lock_held_at_prompt(void)
{
	spin_lock(&provoke_lock);
	lockdep_check_no_locks_held("the shell prompt");
}

struct provocation {
	const char *name; /* the provoke= value */
	void (*fn)(void);
	const char *expect; /* the report tools/test-all.sh looks for */
};

static const struct provocation provocations[] = {
	{"ubsan_add", ub_add_overflow, "UBSAN: signed-integer-overflow"},
	{"ubsan_sub", ub_sub_overflow, "UBSAN: signed-integer-overflow"},
	{"ubsan_mul", ub_mul_overflow, "UBSAN: signed-integer-overflow"},
	{"ubsan_negate", ub_negate_overflow, "UBSAN: negation-overflow"},
	{"ubsan_divrem", ub_divrem_overflow, "UBSAN: division-overflow"},
	{"ubsan_shift", ub_shift, "UBSAN: shift-out-of-bounds"},
	{"ubsan_bounds", ub_out_of_bounds, "UBSAN: array-index-out-of-bounds"},
	{"ubsan_unreachable", ub_unreachable, "UBSAN: unreachable"},
	{"ubsan_bool", ub_load_invalid_bool, "UBSAN: invalid-load"},
	{"ubsan_pointer_overflow", ub_pointer_overflow, "UBSAN: pointer-overflow"},
	{"ubsan_nonnull", ub_nonnull_arg, "UBSAN: nonnull-argument"},
	{"ubsan_builtin", ub_invalid_builtin, "UBSAN: invalid-builtin-use"},
	{"ubsan_vla", ub_vla_bound, "UBSAN: vla-bound-not-positive"},
	{"ubsan_alignment", ub_misaligned, "UBSAN: misaligned-access"},
	{"ubsan_null", ub_null_deref, "UBSAN: null-pointer-dereference"},
	{"stack_smash", stack_smash, "stack-protector: kernel stack is corrupted in: stack_smash"},
	{"fault_null", fault_null, "(not-present page): NULL page"},
	{"fault_rodata", fault_rodata, "(permissions violation): kernel .rodata"},
	{"fault_exec_data", fault_exec_data, "(permissions violation): kernel .data"},
	{"fault_stack_overflow", fault_stack_overflow, "in boot stack guard page"},
	{"vmalloc_oob", vmalloc_out_of_bounds,
	 "region: vmalloc out of bounds: guard page of vmalloc area"},
	{"lock_recursion", lock_recursion, "held since lock_recursion+"},
	{"lock_unlock_unheld", lock_unlock_unheld, "lock: provoke_lock at"},
	{"lock_wrong_cpu", lock_wrong_cpu, "refused: CPU#1 keeps it"},
	{"lock_irq_unsafe", lock_irq_unsafe, "taken with interrupts enabled at lock_irq_unsafe+"},
	{"lock_held_at_prompt", lock_held_at_prompt, "taken at lock_held_at_prompt+"},
};

/*
 * Why p's bug passed without a report: on a CPU without NX data is
 * executable; the other checks exist only in the sanitized build.
 */
static const char *no_report_reason(const struct provocation *p)
{
	if (strncmp(p->name, "lock_", 5) == 0)
		return debug_locks ? "no local APIC to raise the interrupt, or interrupts off"
				   : "lock debugging is off: boot with lockdebug=1";
	if (p->fn == fault_exec_data && !boot_cpu.nx)
		return "this CPU has no NX (Execute Disable) bit, so data is executable and W^X "
		       "cannot be enforced";
	return "an ordinary build has none: use build/san/strata.elf";
}

void provoke_if_asked(void)
{
	char name[48];
	unsigned long reports;

	if (!cmdline_get("provoke", name, sizeof(name)))
		return;
	for (size_t i = 0; i < ARRAY_SIZE(provocations); i++) {
		const struct provocation *p = &provocations[i];

		if (strcmp(name, "list") == 0) {
			pr_info("provoke=%s: expects \"%s\"\n", p->name, p->expect);
			continue;
		}
		if (strcmp(name, p->name) != 0)
			continue;
		pr_info("provoke: %s: committing the bug; expect \"%s\"\n", p->name, p->expect);
		reports = lockdep_nr_reports;
		p->fn();
		if (lockdep_nr_reports != reports)
			panic("provoke: %s: reported, and the kernel survived it", p->name);
		pr_err("provoke: %s: no report: the detector did not fire (%s)\n", p->name,
		       no_report_reason(p));
		qemu_exit(QEMU_EXIT_FAIL);
	}
	if (strcmp(name, "list") == 0)
		qemu_exit(QEMU_EXIT_PASS);
	pr_err("provoke: unknown provocation \"%s\" (provoke=list names them)\n", name);
	qemu_exit(QEMU_EXIT_FAIL);
}
