// SPDX-License-Identifier: MIT
/*
 * Tests of the kernel's own page tables (mm/paging.c, mm/pgtable.c): the
 * direct map is complete and exact, W^X holds everywhere, and the faults
 * that protect the kernel really happen.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "kernel/ubsan.h"
#include "mm/memblock.h"
#include "mm/memlayout.h"
#include "mm/pgtable.h"
#include "arch/x86_64/traps.h"

extern char __kernel_start[], __text_end[], __rodata_start[], __data_start[];
extern char __boot_stack_guard[];

static void direct_map_translates_all_ram(struct ktest *t)
{
	u64 pages = 0, bad = 0;

	for (u32 i = 0; i < memblock_region_count(MEMBLOCK_MEMORY); i++) {
		struct boot_range r = memblock_region(MEMBLOCK_MEMORY, i);

		for (phys_addr_t pa = r.start; pa < r.end; pa += PAGE_SIZE) {
			phys_addr_t got = ~0UL;

			if (!pt_translate((u64)phys_to_virt(pa), &got) || got != pa) {
				if (!bad++)
					KTEST_EXPECT_EQ(t, got, pa);
			}
			pages++;
		}
	}
	ktest_note("direct_map_translates_all_ram: %llu pages checked", (unsigned long long)pages);
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT_GT(t, pages, 0);
}

/* Without NX (-cpu qemu64,-nx) no page is non-executable: the W^X checks cannot hold. */
static void require_nx(struct ktest *t)
{
	if (!(__supported_pte_mask & _PAGE_NX))
		ktest_skip(t, "this CPU has no NX: no mapping can be non-executable");
}

static void direct_map_uses_large_pages(struct ktest *t)
{
	struct pt_walk w;

	/* 2 MiB is RAM on every supported guest (-m 32M and up), not on a tiny one. */
	if (max_pfn < (4 * MiB) >> PAGE_SHIFT)
		ktest_skip(t, "under 4 MiB of RAM: no 2 MiB page to map it");
	KTEST_ASSERT_TRUE(t, pt_walk(PAGE_OFFSET + 2 * MiB, &w));
	KTEST_EXPECT_GE(t, w.page_size, PMD_SIZE);
	KTEST_EXPECT_EQ(t, w.phys, 2 * MiB);
}

/*
 * Walk every present leaf of the kernel tables; count leaves that are both
 * writable and executable (none allowed).
 */
static u64 count_wx(phys_addr_t table, int level, u64 *leaves)
{
	const pte_t *pt = phys_to_virt(table);
	u64 bad = 0;

	for (int i = 0; i < PTRS_PER_TABLE; i++) {
		pte_t e = pt[i];

		if (!(e & _PAGE_PRESENT))
			continue;
		if (level == PT_PTE || (level != PT_PGD && (e & _PAGE_PSE))) {
			(*leaves)++;
			bad += (e & _PAGE_RW) && !(e & _PAGE_NX);
		} else {
			bad += count_wx(e & PTE_PFN_MASK, level + 1, leaves);
		}
	}
	return bad;
}

static void no_mapping_is_writable_and_executable(struct ktest *t)
{
	u64 leaves = 0;

	require_nx(t);
	KTEST_EXPECT_EQ(t, count_wx(kernel_pgd_phys, PT_PGD, &leaves), 0);
	KTEST_EXPECT_GT(t, leaves, 0);
}

static void kernel_sections_have_their_permissions(struct ktest *t)
{
	struct pt_walk w;

	require_nx(t);
	KTEST_ASSERT_TRUE(t, pt_walk((u64)__kernel_start, &w));
	KTEST_EXPECT_EQ(t, w.entry[PT_PTE] & (_PAGE_RW | _PAGE_NX), 0); /* R X */
	KTEST_ASSERT_TRUE(t, pt_walk((u64)__rodata_start, &w));
	KTEST_EXPECT_EQ(t, w.entry[PT_PTE] & (_PAGE_RW | _PAGE_NX), _PAGE_NX); /* R */
	KTEST_ASSERT_TRUE(t, pt_walk((u64)__data_start, &w));
	KTEST_EXPECT_EQ(t, w.entry[PT_PTE] & (_PAGE_RW | _PAGE_NX), _PAGE_RW | _PAGE_NX); /* RW */
	KTEST_EXPECT_EQ(t, w.phys, (u64)__data_start - KERNEL_VMA);
}

static void identity_map_is_gone(struct ktest *t)
{
	phys_addr_t pa;

	KTEST_EXPECT_FALSE(t, pt_translate(KERNEL_LOAD_PHYS, &pa));
	KTEST_EXPECT_FALSE(t, pt_translate(0, &pa));
}

static const u64 rodata_word = 0x5a5a5a5a;
/* A "ret" instruction in .data: executing it must fault (NX). */
static u8 data_ret[16] = {0xc3};

static void write_rodata(void *arg)
{
	(void)arg;
	*(volatile u64 *)&rodata_word = 1;
}

static void exec_data(void *arg)
{
	(void)arg;
	((void (*)(void))data_ret)();
}

static void touch_stack_guard(void *arg)
{
	*(volatile u64 *)arg = *(volatile u64 *)__boot_stack_guard;
}

/* The page fault is the point: the sanitized build must not report the NULL first. */
static __no_ubsan void read_null(void *arg)
{
	/* cppcheck-suppress nullPointer */
	*(volatile u64 *)arg = *(volatile u64 *)0; /* NOLINT(clang-analyzer-core.NullDereference) */
}

/* Recurse until the boot stack runs into its guard page (limit: never reached). */
static u64 recurse_deep(volatile u64 *depth)
{
	volatile u8 frame[256];

	frame[0] = (u8)*depth;
	if (++*depth > 1000000)
		return 0;
	return recurse_deep(depth) + frame[0];
}

static void overflow_stack(void *arg)
{
	recurse_deep(arg);
}

static void rodata_write_faults(struct ktest *t)
{
	struct fault_info info;

	if (!KTEST_EXPECT_FAULT(t, write_rodata, NULL, X86_TRAP_PF, &info))
		return;
	KTEST_EXPECT_EQ(t, info.addr, (u64)&rodata_word);
	KTEST_EXPECT_EQ(t, info.error_code & (X86_PF_PROT | X86_PF_WRITE),
			X86_PF_PROT | X86_PF_WRITE);
	KTEST_EXPECT_CONTAINS(t, info.what, "kernel .rodata");
	KTEST_EXPECT_EQ(t, rodata_word, 0x5a5a5a5a);
}

static void data_exec_faults(struct ktest *t)
{
	struct fault_info info;

	require_nx(t);
	if (!KTEST_EXPECT_FAULT(t, exec_data, NULL, X86_TRAP_PF, &info))
		return;
	KTEST_EXPECT_EQ(t, info.addr, (u64)data_ret);
	KTEST_EXPECT_EQ(t, info.rip, (u64)data_ret);
	KTEST_EXPECT_TRUE(t, info.error_code & X86_PF_INSTR);
	KTEST_EXPECT_CONTAINS(t, info.what, "instruction fetch");
}

static void stack_guard_page_faults(struct ktest *t)
{
	struct fault_info info;
	u64 sink;

	if (!KTEST_EXPECT_FAULT(t, touch_stack_guard, &sink, X86_TRAP_PF, &info))
		return;
	KTEST_EXPECT_EQ(t, info.addr, (u64)__boot_stack_guard);
	KTEST_EXPECT_FALSE(t, info.error_code & X86_PF_PROT); /* not present */
	KTEST_EXPECT_CONTAINS(t, info.what, "boot stack guard page");
}

static void null_dereference_faults(struct ktest *t)
{
	struct fault_info info;
	u64 sink;

	if (!KTEST_EXPECT_FAULT(t, read_null, &sink, X86_TRAP_PF, &info))
		return;
	KTEST_EXPECT_EQ(t, info.addr, 0);
	KTEST_EXPECT_CONTAINS(t, info.what, "NULL page");
}

/*
 * A stack overflow: the push into the guard page faults, delivering that
 * fault pushes into the guard page again, and the CPU raises a double fault,
 * which runs on its own IST stack and so can be reported.
 */
static void stack_overflow_is_a_double_fault(struct ktest *t)
{
	struct fault_info info;
	volatile u64 depth = 0;

	if (!KTEST_EXPECT_FAULT(t, overflow_stack, (void *)&depth, X86_TRAP_DF, &info))
		return;
	KTEST_EXPECT_GT(t, depth, 10);
	KTEST_EXPECT_CONTAINS(t, info.what, "boot stack guard page");
}

static const struct ktest_case paging_cases[] = {
	KTEST_CASE(direct_map_translates_all_ram),
	KTEST_CASE(direct_map_uses_large_pages),
	KTEST_CASE(no_mapping_is_writable_and_executable),
	KTEST_CASE(kernel_sections_have_their_permissions),
	KTEST_CASE(identity_map_is_gone),
	KTEST_CASE(rodata_write_faults),
	KTEST_CASE(data_exec_faults),
	KTEST_CASE(stack_guard_page_faults),
	KTEST_CASE(null_dereference_faults),
	KTEST_CASE(stack_overflow_is_a_double_fault),
};

KTEST_SUITE(paging_suite, "paging", paging_cases);
