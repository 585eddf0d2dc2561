// SPDX-License-Identifier: MIT
/*
 * SMAP and SMEP (arch/x86_64/cpu.c, smap.h, traps.c): with them on, the
 * kernel can neither read a user page outside copy_from_user's STAC/CLAC
 * nor run one. Each case makes the bug in kernel mode as a process (hello,
 * whose first switch is sent to a function here instead of its program)
 * and expects Linux 6.1's report, with the error code of a present page,
 * and the process killed; the suite's baseline, that it gave everything
 * back. The SMAP case first reads the same word through copy_from_user(),
 * which must work and leave SMAP armed again (its CLAC). Each case skips on
 * a CPU without the feature, or a boot with nosmap or nosmep, as the boot's
 * "x86/cpu: SMEP ..., SMAP ..." line says.
 */
#include "tests/suites.h"
#include "tests/ktest.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/smpboot.h"
#include "arch/x86_64/trap_frame.h"
#include "arch/x86_64/uaccess.h"
#include "kernel/cmdline.h"
#include "kernel/process.h"
#include "kernel/programs.h"
#include "lib/vsprintf.h"
#include "mm/mmap.h"

/* How the function below ends if no fault stops it: a wait status the case reports. */
#define EXIT_COPY_FAILED (1 << 8)
#define EXIT_NO_FAULT (2 << 8)

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

/*
 * A new process's first switch returns to the seventh word of its saved
 * frame (ret_from_fork, kernel/exec.c's setup_kernel_stack()); pointing it
 * at these runs them in kernel mode as the process (its tables in CR3, it
 * as current) instead of its program. Neither returns: the oops kills the
 * process, or it exits with a status the case reports.
 */
static struct trap_frame *user_regs(struct task_struct *p)
{
	return (struct trap_frame *)((u8 *)p->stack + THREAD_SIZE) - 1;
}

/* argc, at the initial stack pointer: through copy_from_user(), then plainly. */
static void __attribute__((noreturn)) read_user_stack(void)
{
	u64 at = get_current()->mm->start_stack, argc = 0;

	if (copy_from_user(&argc, at, sizeof(argc)) || argc != 1)
		do_exit(EXIT_COPY_FAILED);
	(void)*(volatile u64 *)at;
	do_exit(EXIT_NO_FAULT);
}

static void __attribute__((noreturn)) call_user_entry(void)
{
	((void (*)(void))user_regs(get_current())->rip)();
	do_exit(EXIT_NO_FAULT);
}

/* Run hello with its first switch sent to fn; expect the kill and the report's lines. */
static void oops_kills_hello(struct ktest *t, void (*fn)(void), const char *const lines[3])
{
	char *argv[] = {"hello", NULL}, *envp[] = {NULL};
	struct output_capture cap = {NULL, 0, 0};
	u64 mark = ktest_log_mark();
	struct task_struct *p;
	const u8 *image;
	char killed[64];
	int err, pid;
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
	KTEST_EXPECT_EQ(t, process_run(p, &cap, false), SIGKILL);
	ktest_release(t, p);
	for (int i = 0; i < 3; i++)
		KTEST_EXPECT_LOG(t, mark, lines[i]);
	snprintf(killed, sizeof(killed), "hello[%d]: killed by SIGKILL (oops)", pid);
	KTEST_EXPECT_LOG(t, mark, killed);
}

/* The report's lines: what stopped the access, the error code, where. */
static const char *const smap_lines[3] = {
	"SMAP: the kernel touched user memory outside",
	"#PF: error_code(0x0001) - permissions violation", /* present, read, supervisor */
	"RIP: 0008:read_user_stack+", /* the plain read, not the copy before it */
};
static const char *const smep_lines[3] = {
	"unable to execute userspace code (SMEP?) (uid: 0)",
	"#PF: error_code(0x0011) - permissions violation", /* present, fetch, supervisor */
	"RIP: 0008:0x",					   /* in user text: no kernel symbol */
};

static void smap_stops_a_kernel_read(struct ktest *t)
{
	require(t, boot_cpu.smap, "nosmap");
	oops_kills_hello(t, read_user_stack, smap_lines);
}

static void smep_stops_a_kernel_call(struct ktest *t)
{
	require(t, boot_cpu.smep, "nosmep");
	oops_kills_hello(t, call_user_entry, smep_lines);
}

static const struct ktest_case uaccess_cases[] = {
	KTEST_CASE(smap_stops_a_kernel_read),
	KTEST_CASE(smep_stops_a_kernel_call),
};

KTEST_SUITE(uaccess_suite, "uaccess", uaccess_cases);
