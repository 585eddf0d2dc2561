// SPDX-License-Identifier: MIT
/*
 * The kernel's half of the GDB test. tools/gdb-test boots strata with
 * "gdbtest=1" under QEMU's GDB stub; its GDB stops in gdbtest_breakpoint()
 * and runs every strata-* command of tools/gdb/, and the test compares their
 * output with what the kernel printed here, just before, about the same
 * state. The serial lines, one per probe, then two markers:
 *
 *   gdbtest: probe NAME va=0x... mapped=0|1 levels=N size=0x... phys=0x... entries=0x...,0x...
 *   gdbtest: breakpoint
 *   gdbtest: log_next=N          (printed after GDB resumes; N is the value
 *                                 log_next had at the breakpoint)
 *
 * entries lists the pt_walk() entry read at each level (pgd first), levels
 * of them; size and phys are 0 when mapped=0. The allocator issues add their
 * own lines here (buddyinfo, slabinfo, ...) when they add GDB commands.
 */
#include "gdbtest.h"
#include "../kernel/cmdline.h"
#include "../kernel/printk.h"
#include "../kernel/qemu_exit.h"
#include "../kernel/vsprintf.h"
#include "../mm/memlayout.h"
#include "../mm/pgtable.h"

extern char __boot_stack_guard[];

enum { PROBE_DIRECT, PROBE_DIRECT_LARGE, PROBE_TEXT, PROBE_DATA, PROBE_UNMAPPED, NR_PROBES };

struct gdbtest_probe gdbtest_probes[NR_PROBES] = {
	[PROBE_DIRECT] = { "direct-map", 0 }, /* the pgd's last entry, in the direct map */
	[PROBE_DIRECT_LARGE] = { "direct-map-large", 0 }, /* RAM at 2 MiB: a large page */
	[PROBE_TEXT] = { "kernel-text", 0 }, /* gdbtest_breakpoint() itself */
	[PROBE_DATA] = { "kernel-data", 0 }, /* a variable in .data */
	[PROBE_UNMAPPED] = { "unmapped", 0 }, /* boot stack guard page: the walk stops */
};
const unsigned int gdbtest_nr_probes = ARRAY_SIZE(gdbtest_probes);

void __attribute__((noinline)) gdbtest_breakpoint(void)
{
	/* An empty asm with a memory clobber: the call cannot be optimised away. */
	__asm__ volatile("" : : : "memory");
}

static void gdbtest_print_probe(const struct gdbtest_probe *p)
{
	struct pt_walk w;
	char entries[PT_LEVELS * 20];
	size_t len = 0;

	pt_walk(p->va, &w);
	entries[0] = '\0';
	for (int i = 0; i < w.levels; i++)
		len += snprintf(entries + len, sizeof(entries) - len, "%s%#llx", i ? "," : "",
				(unsigned long long)w.entry[i]);
	pr_info("gdbtest: probe %s va=%#llx mapped=%d levels=%d size=%#llx phys=%#llx entries=%s\n",
		p->name, (unsigned long long)p->va, w.mapped, w.levels,
		(unsigned long long)w.page_size, (unsigned long long)w.phys, entries);
}

void gdbtest_run_if_asked(void)
{
	u64 log_next_at_breakpoint, on;

	if (!cmdline_get_u64("gdbtest", &on) || !on)
		return;
	gdbtest_probes[PROBE_DIRECT].va = (u64)&kernel_pgd[PTRS_PER_TABLE - 1];
	gdbtest_probes[PROBE_DIRECT_LARGE].va = (u64)phys_to_virt(PMD_SIZE + 0x1234);
	gdbtest_probes[PROBE_TEXT].va = (u64)gdbtest_breakpoint;
	gdbtest_probes[PROBE_DATA].va = (u64)&__supported_pte_mask;
	gdbtest_probes[PROBE_UNMAPPED].va = (u64)__boot_stack_guard;
	for (unsigned int i = 0; i < gdbtest_nr_probes; i++)
		gdbtest_print_probe(&gdbtest_probes[i]);
	pr_info("gdbtest: breakpoint\n");

	log_next_at_breakpoint = log_next;
	gdbtest_breakpoint();
	pr_info("gdbtest: log_next=%llu\n", (unsigned long long)log_next_at_breakpoint);
	qemu_exit(QEMU_EXIT_PASS);
}
