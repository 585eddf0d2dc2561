// SPDX-License-Identifier: MIT
/*
 * panic() and warnings. A panic prints the reason, the registers (for a CPU
 * exception) and a symbolised backtrace, then leaves QEMU through
 * isa-debug-exit with QEMU_EXIT_PANIC so the test runner sees a crash.
 */
#include <stdarg.h>
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/backtrace.h"
#include "lib/vsprintf.h"
#include "kernel/qemu_exit.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irqflags.h"
#include "arch/x86_64/trap_frame.h"

static bool in_panic; /* a panic while panicking must not recurse */

static void __attribute__((noreturn)) panic_finish(void)
{
	pr_emerg("---[ end Kernel panic ]---\n");
	qemu_exit(QEMU_EXIT_PANIC);
	halt_forever();
}

static void panic_message(const char *fmt, va_list ap)
{
	char msg[256];

	local_irq_disable(); /* nothing else runs on the way down */
	if (in_panic) {
		pr_emerg("Kernel panic during panic: giving up\n");
		panic_finish();
	}
	in_panic = true;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	pr_emerg("Kernel panic - not syncing: %s\n", msg);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panic_message(fmt, ap);
	va_end(ap);
	dump_stack();
	panic_finish();
}

void panic_frame(const struct trap_frame *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panic_message(fmt, ap);
	va_end(ap);
	trap_frame_dump(f);
	backtrace_from(f->rip, f->rbp);
	panic_finish();
}

void warn_report(const char *file, int line, const char *func, const char *cond)
{
	pr_warn("WARNING: %s at %s:%d: %s\n", func, file, line, cond);
	dump_stack();
}
