/* SPDX-License-Identifier: MIT */
/*
 * CPU exception handling: plain-words reports of faults, and a way for
 * tests and the shell to run code that is expected to fault and regain
 * control (catch_fault).
 */
#ifndef STRATA_TRAPS_H
#define STRATA_TRAPS_H

#include "lib/types.h"

#define X86_TRAP_DF 8
#define X86_TRAP_GP 13
#define X86_TRAP_PF 14

/* Page-fault error code bits (Intel SDM vol. 3, 4.7). */
#define X86_PF_PROT (1UL << 0) /* 0: not-present page, 1: protection violation */
#define X86_PF_WRITE (1UL << 1)
#define X86_PF_USER (1UL << 2)
#define X86_PF_RSVD (1UL << 3)
#define X86_PF_INSTR (1UL << 4)

/* Callers a caught fault records (struct fault_info.trace). */
#define FAULT_TRACE_MAX 12

/* What a caught fault was. */
struct fault_info {
	u64 vector; /* exception number */
	u64 error_code;
	u64 addr; /* CR2 for a page fault, else 0 */
	u64 rip;  /* the faulting instruction */
	/*
	 * The return addresses of the faulting code's callers, innermost
	 * first, 0 after the last: taken at the fault, since the frames are
	 * gone (and their stack reused) once catch_fault() has returned.
	 */
	u64 trace[FAULT_TRACE_MAX];
	char what[256]; /* one-line description, e.g. "write to kernel .rodata" */
};

/*
 * Run fn(arg). If it raises any CPU exception (the double fault of a stack
 * overflow included), resume here, fill *info and return true; otherwise
 * return false. The fault is not printed: the caller decides. Not nestable.
 */
bool catch_fault(void (*fn)(void *), void *arg, struct fault_info *info);

/*
 * The memory layer knows what an address is ("kernel .rodata", "vmalloc
 * out of bounds ..."); this code does not include it. It registers one
 * describer instead (mm/layout.c), which writes a description and returns
 * true if it knows the address.
 */
void trap_set_fault_describer(bool (*describe)(u64 addr, char *buf, size_t size));

/*
 * Name the region of addr: the registered describer's words, or a plain
 * "no region known" without one. Fault and KASAN reports.
 */
void fault_describe_region(u64 addr, char *buf, size_t size);

/* Called by isr.S for every vector: exceptions here, interrupts to irq.c. */
struct trap_frame;
void trap_dispatch(struct trap_frame *f);

/*
 * The handler for exceptions of user processes (mm/fault.c registers it):
 * called for every exception from ring 3 and for kernel page faults at
 * user addresses (copy_from_user touching a page not yet there). Returns
 * true if it handled the fault (the access is retried); for a ring-3 fault
 * it may also never return (the process is killed).
 */
void trap_set_user_fault_handler(bool (*handler)(struct trap_frame *f, u64 cr2));
/*
 * Called after every interrupt that returns to ring 3 (kernel/process.c
 * registers it: a killed process dies there). It may not return.
 */
void trap_set_user_return_hook(void (*hook)(struct trap_frame *f));
/*
 * After the report of a kernel fault that Linux 6.1 kills the task for (a
 * SMEP or SMAP violation: see traps.c), kill: mm/fault.c registers one that
 * prints the registers and the Call Trace and ends the current process;
 * it returns (and the kernel panics) when no process can be blamed.
 */
void trap_set_oops_kill(void (*kill)(const struct trap_frame *f));
/* The name of exception vector (< 32): "page fault", "invalid opcode", ... */
const char *trap_name(u64 vector);

#endif /* STRATA_TRAPS_H */
