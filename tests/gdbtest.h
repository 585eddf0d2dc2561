/* SPDX-License-Identifier: MIT */
/*
 * The kernel's half of the GDB test (tools/gdb-test, tests/gdbtest.c): with
 * "gdbtest=1" on the command line the kernel prints what the GDB commands
 * in tools/gdb/ are compared with, then stops in gdbtest_breakpoint().
 */
#ifndef STRATA_GDBTEST_H
#define STRATA_GDBTEST_H

#include "lib/types.h"

/* One address the test walks, both here (pt_walk) and in GDB (strata-pt). */
struct gdbtest_probe {
	const char *name; /* one word: "direct-map", "kernel-text", ... */
	u64 va;		  /* the virtual address walked */
};

/*
 * The probes, filled by gdbtest_run_if_asked() before the breakpoint; the
 * test's GDB reads them by name (gdbtest_probes[i].va).
 */
extern struct gdbtest_probe gdbtest_probes[];
extern unsigned int gdbtest_nr_probes;

/* One frame the test decodes, both here (page_describe_state) and in GDB (strata-page). */
struct gdbtest_page {
	const char *name; /* one word: "alloc-head", "reserved", ... */
	u64 arg;	  /* what GDB passes to strata-page: a pfn or an address */
};

/* The frames, gdbtest_pages[0 .. gdbtest_nr_pages), filled like the probes. */
extern struct gdbtest_page gdbtest_pages[];
extern unsigned int gdbtest_nr_pages;

/*
 * If the command line has "gdbtest=1", print the probe walks, the decoded
 * frames, buddyinfo (and slabinfo, vmallocinfo if built in) and log_next,
 * call gdbtest_breakpoint(), then leave QEMU (QEMU_EXIT_PASS). Call it from
 * kmain() once every memory layer the GDB commands read is up. Else return.
 */
void gdbtest_run_if_asked(void);

/* Shared with tests/gdbtest_process.c: one walk as a "gdbtest: KIND NAME va=..." line. */
struct pt_walk;
void gdbtest_print_walk(const char *kind, const struct gdbtest_probe *p, const struct pt_walk *w);

/*
 * The live process (tests/gdbtest_process.c): start spin on CPU 1 and
 * print what strata-ps and strata-pt PID must find (or that there is no
 * process, and why); after the breakpoint, kill it and free it.
 */
extern struct gdbtest_probe gdbtest_process_probes[];
extern int gdbtest_process_pid; /* 0: no process */
void gdbtest_process_begin(void);
void gdbtest_process_end(void);

/*
 * Does nothing: it exists so the test's GDB has a fixed place to stop at
 * ("break gdbtest_breakpoint"). Never inlined, never removed.
 */
void gdbtest_breakpoint(void);

#endif /* STRATA_GDBTEST_H */
