// SPDX-License-Identifier: MIT
/*
 * SMAP and SMEP (arch/x86_64/cpu.c, smap.h, traps.c): with them on, the
 * kernel can neither read a user page outside copy_from_user's STAC/CLAC
 * nor run one. Two cases prove each fault on an address space driven from
 * here, caught with catch_fault(); two prove that the same bug made on a
 * process's behalf is reported as Linux 6.1 reports it and kills only that
 * process. Each case skips on a CPU without the feature, or a boot with
 * nosmap or nosmep, as the boot's "x86/cpu: SMEP ..., SMAP ..." line says.
 */
#include "tests/suites.h"
#include "tests/ktest.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irqflags.h"
#include "arch/x86_64/smap.h"
#include "arch/x86_64/smpboot.h"
#include "arch/x86_64/trap_frame.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/cmdline.h"
#include "kernel/process.h"
#include "kernel/programs.h"
#include "lib/vsprintf.h"
#include "mm/mmap.h"

#define USER_BASE 0x10000000UL
#define MAGIC 0x5354524154414d50UL
#define RET_OPCODE 0xc3

static volatile u64 sink;

/*
 * Skip unless the CPU has the feature and the boot did not turn it off:
 * then it must be on, which the case checks by its fault.
 */
static void require(struct ktest *t, bool has, const char *off_option)
{
	if (!has)
		ktest_skip(t, "this CPU lacks it (see the boot's x86/cpu line)");
	if (cmdline_get(off_option, NULL, 0))
		ktest_skip(t, off_option);
}

/* A new address space with one present page at USER_BASE, holding magic or a ret. */
static struct mm_struct *user_page(struct ktest *t, unsigned long flags)
{
	struct mm_struct *mm = mm_alloc();
	u8 *page;

	KTEST_ASSERT_NOT_NULL(t, mm);
	ktest_defer(t, (void (*)(void *))mmput, mm);
	KTEST_ASSERT_EQ(t, mm_add_vma(mm, USER_BASE, USER_BASE + PAGE_SIZE, flags, VMA_ANON), 0);
	page = mm_page_for_kernel(mm, USER_BASE); /* through the direct map: no SMAP fault */
	KTEST_ASSERT_NOT_NULL(t, page);
	if (flags & VM_EXEC)
		page[0] = RET_OPCODE;
	else
		*(u64 *)page = MAGIC;
	return mm;
}

static void read_user(void *addr)
{
	sink = *(volatile u64 *)addr;
}

static void call_user(void *addr)
{
	((void (*)(void))addr)();
}

/* Run fn(USER_BASE) on mm's tables; returns whether it faulted, *info filled. */
static bool on_user_tables(struct mm_struct *mm, void (*fn)(void *), struct fault_info *info)
{
	u64 saved = read_cr3();
	unsigned long flags;
	bool faulted;

	local_irq_save(flags);
	write_cr3(virt_to_phys(mm->pgd));
	faulted = catch_fault(fn, (void *)USER_BASE, info);
	write_cr3(saved);
	local_irq_restore(flags);
	return faulted;
}

/* A plain read of a present user page faults (permissions, read); copy_from_user reads it. */
static void smap_stops_a_kernel_read(struct ktest *t)
{
	struct fault_info info;
	struct mm_struct *mm;
	u64 saved, v = 0, left;
	unsigned long flags;

	require(t, boot_cpu.smap, "nosmap");
	mm = user_page(t, VM_READ | VM_WRITE);
	KTEST_ASSERT_TRUE(t, on_user_tables(mm, read_user, &info));
	KTEST_EXPECT_EQ(t, info.vector, X86_TRAP_PF);
	KTEST_EXPECT_EQ(t, info.error_code, X86_PF_PROT); /* present, read, supervisor */
	KTEST_EXPECT_EQ(t, info.addr, USER_BASE);
	local_irq_save(flags);
	saved = read_cr3();
	write_cr3(virt_to_phys(mm->pgd));
	left = copy_from_user(&v, USER_BASE, sizeof(v));
	write_cr3(saved);
	local_irq_restore(flags);
	KTEST_EXPECT_EQ(t, left, 0);
	KTEST_EXPECT_EQ(t, v, MAGIC);
	KTEST_EXPECT_EQ(t, native_save_fl() & X86_EFLAGS_AC, 0); /* the copy's CLAC ran */
}

/* A call into a present, executable user page faults (permissions, fetch). */
static void smep_stops_a_kernel_jump(struct ktest *t)
{
	struct fault_info info;

	require(t, boot_cpu.smep, "nosmep");
	KTEST_ASSERT_TRUE(
		t, on_user_tables(user_page(t, VM_READ | VM_WRITE | VM_EXEC), call_user, &info));
	KTEST_EXPECT_EQ(t, info.vector, X86_TRAP_PF);
	KTEST_EXPECT_EQ(t, info.error_code, X86_PF_PROT | X86_PF_INSTR);
	KTEST_EXPECT_EQ(t, info.addr, USER_BASE);
	KTEST_EXPECT_EQ(t, info.rip, USER_BASE);
}

/*
 * The bugs on a process's behalf: a new process's first switch returns to
 * the seventh word of its saved frame (ret_from_fork, kernel/exec.c's
 * setup_kernel_stack()); pointing it here runs this code in kernel mode as
 * the process (its tables in CR3, it as current) instead of its program.
 * Neither returns: the oops kills the process, or, if no fault came, it
 * exits with 0, which the case reports.
 */
static struct trap_frame *user_regs(struct task_struct *p)
{
	return (struct trap_frame *)((u8 *)p->stack + THREAD_SIZE) - 1;
}

static void __attribute__((noreturn)) read_user_stack(void)
{
	sink = *(volatile u64 *)get_current()->mm->start_stack; /* argc */
	do_exit(0);
}

static void __attribute__((noreturn)) call_user_entry(void)
{
	((void (*)(void))user_regs(get_current())->rip)();
	do_exit(0);
}

/* Run hello with its first switch sent to fn; expect the kill and the report's lines. */
static void oops_kills_hello(struct ktest *t, void (*fn)(void), const char *line)
{
	char *argv[] = {"hello", NULL}, *envp[] = {NULL};
	struct output_capture cap = {NULL, 0, 0};
	u64 mark = ktest_log_mark();
	struct task_struct *p;
	const u8 *image;
	char killed[64];
	int err, pid, status;
	size_t size;

	image = program_find("hello", &size);
	KTEST_ASSERT_NOT_NULL(t, image);
	p = process_create(image, size, argv, envp, &err);
	KTEST_ASSERT_NOT_NULL(t, p);
	ktest_defer(t, (void (*)(void *))process_free, p);
	/* The entry page, present and executable, so SMEP (not a missing page) stops the call. */
	KTEST_ASSERT_EQ(t, handle_mm_fault(p->mm, user_regs(p)->rip, FAULT_FLAG_INSTR),
			FAULT_MAPPED);
	((u64 *)p->sp)[6] = (u64)fn;
	pid = p->pid;
	status = process_run(p, &cap, false);
	ktest_release(t, p);
	KTEST_EXPECT_EQ(t, status, SIGKILL);
	KTEST_EXPECT_LOG(t, mark, line);
	KTEST_EXPECT_LOG(t, mark, "BUG: unable to handle page fault for address");
	snprintf(killed, sizeof(killed), "hello[%d]: killed by SIGKILL (oops)", pid);
	KTEST_EXPECT_LOG(t, mark, killed);
}

static void smap_oops_kills_the_process(struct ktest *t)
{
	require(t, boot_cpu.smap, "nosmap");
	oops_kills_hello(t, read_user_stack, "SMAP: the kernel touched user memory outside");
}

static void smep_oops_kills_the_process(struct ktest *t)
{
	require(t, boot_cpu.smep, "nosmep");
	oops_kills_hello(t, call_user_entry, "unable to execute userspace code (SMEP?) (uid: 0)");
}

static const struct ktest_case uaccess_cases[] = {
	KTEST_CASE(smap_stops_a_kernel_read),
	KTEST_CASE(smep_stops_a_kernel_jump),
	KTEST_CASE(smap_oops_kills_the_process),
	KTEST_CASE(smep_oops_kills_the_process),
};

KTEST_SUITE(uaccess_suite, "uaccess", uaccess_cases);
