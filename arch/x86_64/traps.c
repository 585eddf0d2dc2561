// SPDX-License-Identifier: MIT
/*
 * Exception reports. A page fault is decoded the way Linux prints it:
 *
 *   BUG: unable to handle page fault for address: ffffffff80105000
 *   #PF: supervisor write access in kernel mode
 *   #PF: error_code(0x0003) - permissions violation
 *   region: kernel .rodata
 *
 * then the registers and a symbolised backtrace, and a panic. If a
 * catch_fault() is active, the report is stored in its fault_info instead
 * and control returns to catch_fault()'s caller.
 *
 * A kernel fault at a user address that Linux 6.1's do_user_addr_fault()
 * oopses on at once (an instruction fetch, or with SMAP a data access
 * outside STAC/CLAC) skips demand paging and the exception table: it is
 * reported, then ends only the process it happened for when one registered
 * hook (mm/fault.c) can kill it, else the kernel panics.
 */
#include "arch/x86_64/traps.h"
#include "arch/x86_64/trap_frame.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/irq_vectors.h"
#include "arch/x86_64/irqflags.h"
#include "arch/x86_64/setjmp.h"
#include "arch/x86_64/smap.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/backtrace.h"
#include "kernel/panic.h"
#include "kernel/percpu.h"
#include "kernel/printk.h"
#include "lib/vsprintf.h"

static const char *const exception_names[32] = {
	"divide error",
	"debug",
	"NMI",
	"breakpoint",
	"overflow",
	"bound range exceeded",
	"invalid opcode",
	"device not available",
	"double fault",
	"coprocessor segment overrun",
	"invalid TSS",
	"segment not present",
	"stack-segment fault",
	"general protection fault",
	"page fault",
	"reserved",
	"x87 floating-point error",
	"alignment check",
	"machine check",
	"SIMD floating-point error",
	"virtualization exception",
	"control protection exception",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"hypervisor injection",
	"VMM communication",
	"security exception",
	"reserved",
};

/* A catch_fault() in progress: where to jump back, what to fill in. */
struct fault_catcher {
	struct kjmp_buf jmp;
	struct fault_info *info;
};

/* This CPU's active catch_fault(), or NULL: each CPU catches its own faults. */
static DEFINE_PER_CPU(struct fault_catcher *, active_catch);

static bool (*fault_describer)(u64 addr, char *buf, size_t size);
static bool (*user_fault_handler)(struct trap_frame *f, u64 cr2);
static void (*user_return_hook)(struct trap_frame *f);
static void (*oops_kill)(const struct trap_frame *f);

void trap_set_oops_kill(void (*kill)(const struct trap_frame *f))
{
	oops_kill = kill;
}

void trap_set_user_return_hook(void (*hook)(struct trap_frame *f))
{
	user_return_hook = hook;
}

void trap_set_user_fault_handler(bool (*handler)(struct trap_frame *f, u64 cr2))
{
	user_fault_handler = handler;
}

const char *trap_name(u64 vector)
{
	return exception_names[vector & 31];
}

void trap_set_fault_describer(bool (*describe)(u64 addr, char *buf, size_t size))
{
	fault_describer = describe;
}

void fault_describe_region(u64 addr, char *buf, size_t size)
{
	if (fault_describer && fault_describer(addr, buf, size))
		return;
	snprintf(buf, size, "no region known (no describer registered)");
}

static const char *pf_access(u64 err)
{
	if (err & X86_PF_INSTR)
		return "instruction fetch";
	return err & X86_PF_WRITE ? "write access" : "read access";
}

static void describe_fault(const struct trap_frame *f, u64 cr2, struct fault_info *info)
{
	char region[192];

	info->vector = f->vector;
	info->error_code = f->error_code;
	info->rip = f->rip;
	backtrace_save(f->rbp, info->trace, FAULT_TRACE_MAX);
	info->addr = f->vector == X86_TRAP_PF ? cr2 : 0;
	if (f->vector == X86_TRAP_PF) {
		fault_describe_region(cr2, region, sizeof(region));
		snprintf(info->what, sizeof(info->what), "%s of %llx (%s): %s",
			 pf_access(f->error_code), (unsigned long long)cr2,
			 f->error_code & X86_PF_PROT ? "permissions violation" : "not-present page",
			 region);
	} else if (f->vector == X86_TRAP_DF) {
		/*
		 * An overflow shows in CR2, the address whose page fault could
		 * not be delivered (Linux 6.1's exc_double_fault() looks for
		 * the guard page there too): RSP itself may still be just
		 * above the guard, as when a push faults (clang's code).
		 */
		fault_describe_region(cr2, region, sizeof(region));
		snprintf(info->what, sizeof(info->what),
			 "double fault with RSP %llx, CR2 %llx in %s", (unsigned long long)f->rsp,
			 (unsigned long long)cr2, region);
	} else {
		snprintf(info->what, sizeof(info->what), "%s at %pS",
			 exception_names[f->vector & 31], (void *)f->rip);
	}
}

void trap_frame_dump(const struct trap_frame *f)
{
	pr_emerg("RIP: %04llx:%pS\n", (unsigned long long)f->cs, (void *)f->rip);
	pr_emerg("RSP: %016llx EFLAGS: %08llx\n", (unsigned long long)f->rsp,
		 (unsigned long long)f->rflags);
	pr_emerg("RAX: %016llx RBX: %016llx RCX: %016llx\n", (unsigned long long)f->rax,
		 (unsigned long long)f->rbx, (unsigned long long)f->rcx);
	pr_emerg("RDX: %016llx RSI: %016llx RDI: %016llx\n", (unsigned long long)f->rdx,
		 (unsigned long long)f->rsi, (unsigned long long)f->rdi);
	pr_emerg("RBP: %016llx R08: %016llx R09: %016llx\n", (unsigned long long)f->rbp,
		 (unsigned long long)f->r8, (unsigned long long)f->r9);
	pr_emerg("R10: %016llx R11: %016llx R12: %016llx\n", (unsigned long long)f->r10,
		 (unsigned long long)f->r11, (unsigned long long)f->r12);
	pr_emerg("R13: %016llx R14: %016llx R15: %016llx\n", (unsigned long long)f->r13,
		 (unsigned long long)f->r14, (unsigned long long)f->r15);
	pr_emerg("CR2: %016llx CR3: %016llx CR0: %016llx CR4: %016llx\n",
		 (unsigned long long)read_cr2(), (unsigned long long)read_cr3(),
		 (unsigned long long)read_cr0(), (unsigned long long)read_cr4());
}

/*
 * A kernel page fault at a user address that no VMA or exception-table
 * entry may excuse (Linux 6.1's do_user_addr_fault() oopses on it before
 * looking): an instruction fetch (SMEP's, or a jump to an unmapped user
 * page), or, with CR4.SMAP, a data access while EFLAGS.AC is clear.
 */
static bool user_access_violation(const struct trap_frame *f, u64 cr2)
{
	if (f->vector != X86_TRAP_PF || (f->error_code & X86_PF_USER) || cr2 >= USER_ADDR_END)
		return false;
	if (f->error_code & X86_PF_INSTR)
		return true;
	return (read_cr4() & CR4_SMAP) && !(f->rflags & X86_EFLAGS_AC);
}

static void report_page_fault(const struct trap_frame *f, u64 cr2)
{
	char region[192];
	bool user_page = cr2 < USER_ADDR_END && (f->error_code & X86_PF_PROT);

	fault_describe_region(cr2, region, sizeof(region));
	/* Linux 6.1's line (show_fault_oops), which also checks the pte is executable. */
	if (user_page && (f->error_code & X86_PF_INSTR) && (read_cr4() & CR4_SMEP))
		pr_emerg("unable to execute userspace code (SMEP?) (uid: 0)\n");
	pr_emerg("BUG: unable to handle page fault for address: %016llx\n",
		 (unsigned long long)cr2);
	pr_emerg("#PF: supervisor %s in kernel mode\n", pf_access(f->error_code));
	pr_emerg("#PF: error_code(0x%04llx) - %s\n", (unsigned long long)f->error_code,
		 f->error_code & X86_PF_PROT ? "permissions violation" : "not-present page");
	/* strata's line, where SMAP made the fault: Linux 6.1 prints nothing more. */
	if (user_page && user_access_violation(f, cr2) && !(f->error_code & X86_PF_INSTR))
		pr_emerg("SMAP: the kernel touched user memory outside STAC/CLAC (not through "
			 "copy_from_user/copy_to_user)\n");
	pr_emerg("region: %s\n", region);
}

void trap_dispatch(struct trap_frame *f)
{
	u64 cr2 = read_cr2();
	struct fault_catcher *catcher;
	struct fault_info info;
	bool oops;

	if (f->vector >= FIRST_EXTERNAL_VECTOR) {
		common_interrupt(f); /* an interrupt, not a fault: never caught */
		if ((f->cs & 3) && user_return_hook)
			user_return_hook(f);
		return;
	}
	oops = user_access_violation(f, cr2);
	if (!oops && user_fault_handler &&
	    ((f->cs & 3) || (f->vector == X86_TRAP_PF && cr2 < USER_ADDR_END)) &&
	    user_fault_handler(f, cr2))
		return;
	if (!oops && fixup_exception(f))
		return; /* a uaccess routine met a bad user address: it returns an error */
	catcher = this_cpu_read(active_catch);
	if (catcher) {
		describe_fault(f, cr2, catcher->info);
		klongjmp(&catcher->jmp, 1);
	}
	describe_fault(f, cr2, &info);
	if (f->vector == X86_TRAP_PF)
		report_page_fault(f, cr2);
	if (oops && oops_kill)
		oops_kill(f); /* returns only if no process can be blamed */
	panic_frame(f, "%s: %s", __func__, info.what);
}

bool catch_fault(void (*fn)(void *), void *arg, struct fault_info *info)
{
	/* volatile: the frame is live across the longjmp back into this function. */
	struct fault_catcher catcher;
	struct fault_catcher *volatile saved = this_cpu_read(active_catch);
	/* The longjmp leaves the handler with IF clear (interrupt gate): put it back. */
	volatile unsigned long flags = native_save_fl();

	catcher.info = info;
	if (ksetjmp(&catcher.jmp)) {
		this_cpu_write(active_catch, saved);
		local_irq_restore(flags);
		return true;
	}
	this_cpu_write(active_catch, &catcher);
	fn(arg);
	this_cpu_write(active_catch, saved);
	return false;
}
