/* SPDX-License-Identifier: MIT */
/*
 * The three levels of "this must not happen":
 *   static_assert   layout facts, checked by the compiler;
 *   BUG_ON(cond)    corruption the kernel cannot survive: panic;
 *   WARN_ON_ONCE    misuse the kernel survives: one report with a backtrace.
 */
#ifndef STRATA_PANIC_H
#define STRATA_PANIC_H

#include "lib/compiler.h"
#include "lib/types.h"

struct trap_frame;

/* Print "Kernel panic - not syncing: <msg>", a backtrace, end QEMU (code 0x12). */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* The same, for a CPU exception: registers of the frame and its backtrace. */
void panic_frame(const struct trap_frame *f, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));
/* Print one "WARNING: func at file:line" report with a backtrace. */
void warn_report(const char *file, int line, const char *func, const char *cond);

#define BUG_ON(cond)                                                                           \
	do {                                                                                   \
		if (unlikely(cond))                                                            \
			panic("%s: BUG_ON(%s) at %s:%d", __func__, #cond, __FILE__, __LINE__); \
	} while (0)

#define WARN_ON_ONCE(cond)                                                \
	({                                                                \
		static bool __warned;                                     \
		bool __c = !!(cond);                                      \
		if (unlikely(__c) && !__warned) {                         \
			__warned = true;                                  \
			warn_report(__FILE__, __LINE__, __func__, #cond); \
		}                                                         \
		__c;                                                      \
	})

#endif /* STRATA_PANIC_H */
