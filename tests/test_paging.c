// SPDX-License-Identifier: MIT
/*
 * Tests of the kernel's own page tables (mm/paging.c, mm/pgtable.c): the
 * direct map is complete and exact, W^X holds everywhere, and the faults
 * that protect the kernel really happen.
 */
#include "tests/ktest.h"
#include "tests/provoke.h"
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

			if (!pt_translate(kernel_pgd, (u64)phys_to_virt(pa), &got) || got != pa) {
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
	KTEST_ASSERT_TRUE(t, pt_walk(kernel_pgd, PAGE_OFFSET + 2 * MiB, &w));
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
	KTEST_ASSERT_TRUE(t, pt_walk(kernel_pgd, (u64)__kernel_start, &w));
	KTEST_EXPECT_EQ(t, w.entry[PT_PTE] & (_PAGE_RW | _PAGE_NX), 0); /* R X */
	KTEST_ASSERT_TRUE(t, pt_walk(kernel_pgd, (u64)__rodata_start, &w));
	KTEST_EXPECT_EQ(t, w.entry[PT_PTE] & (_PAGE_RW | _PAGE_NX), _PAGE_NX); /* R */
	KTEST_ASSERT_TRUE(t, pt_walk(kernel_pgd, (u64)__data_start, &w));
	KTEST_EXPECT_EQ(t, w.entry[PT_PTE] & (_PAGE_RW | _PAGE_NX), _PAGE_RW | _PAGE_NX); /* RW */
	KTEST_EXPECT_EQ(t, w.phys, (u64)__data_start - KERNEL_VMA);
}

static void identity_map_is_gone(struct ktest *t)
{
	phys_addr_t pa;

	KTEST_EXPECT_FALSE(t, pt_translate(kernel_pgd, KERNEL_LOAD_PHYS, &pa));
	KTEST_EXPECT_FALSE(t, pt_translate(kernel_pgd, 0, &pa));
}

static const u64 rodata_word = 0x5a5a5a5a;

static void sign_extend_makes_addresses_canonical(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, pt_sign_extend(255UL << PGDIR_SHIFT), 0x00007f8000000000UL);
	KTEST_EXPECT_EQ(t, pt_sign_extend(256UL << PGDIR_SHIFT), 0xffff800000000000UL);
	KTEST_EXPECT_EQ(t, pt_sign_extend(PAGE_OFFSET & ((1UL << 48) - 1)), PAGE_OFFSET);
}

/* The lower-half page the private-root case maps: 64 TiB, pgd slot 128. */
#define PRIVATE_ROOT_VA 0x0000400000000000UL

/*
 * The private-root case's deferred teardown, however the case ends: unmap
 * its page, free every empty table of the lower half, then the root.
 */
static void private_root_release(void *arg)
{
	pte_t *root = arg;

	pt_unmap_page(root, PRIVATE_ROOT_VA);
	pt_free_empty_tables(root, 0, 1UL << __VIRTUAL_MASK_SHIFT);
	pgd_free(root);
}

/*
 * A root of our own, as a process would have, never loaded into CR3: map
 * one page in its lower half, walk it, unmap it, and free the empty tables
 * of its pgd slot. All three (pud, pmd, pte) must go: the walk down from a
 * lower-half slot rebuilds addresses without the upper half's sign bits.
 * Freeing the root while it still maps something is refused.
 */
static void private_root_frees_lower_half_tables(struct ktest *t)
{
	const u64 va = PRIVATE_ROOT_VA;
	const u64 slot = ALIGN_DOWN(va, PGDIR_SIZE);
	phys_addr_t pa = virt_to_phys(&rodata_word) & ~(PAGE_SIZE - 1);
	u64 tables = pt_table_pages;
	pte_t *root = pgd_alloc();
	struct pt_walk w;
	phys_addr_t got;

	KTEST_ASSERT_NOT_NULL(t, root);
	ktest_defer(t, private_root_release, root);
	KTEST_EXPECT_EQ(t, pt_table_pages, tables + 1);
	KTEST_ASSERT_EQ(t, pt_map_page(root, va, pa, PAGE_KERNEL_RO), 0);
	KTEST_EXPECT_EQ(t, pt_table_pages, tables + 4);
	pgd_free(root); /* still maps a page: reported and refused */
	KTEST_EXPECT_EQ(t, pt_table_pages, tables + 4);
	KTEST_EXPECT_TRUE(t, pt_walk(root, va, &w));
	KTEST_EXPECT_EQ(t, w.phys, pa);
	KTEST_EXPECT_EQ(t, w.table[PT_PGD], virt_to_phys(root));
	KTEST_EXPECT_FALSE(t,
			   pt_translate(kernel_pgd, va, &got)); /* the kernel's root is untouched */
	KTEST_EXPECT_EQ(t, pt_unmap_page(root, va) & PTE_PFN_MASK, pa);
	KTEST_EXPECT_EQ(t, pt_free_empty_tables(root, slot, slot + PGDIR_SIZE), 3);
	KTEST_EXPECT_EQ(t, root[pgd_index(va)], 0);
	ktest_release(t, root); /* frees the root: nothing left to free under it */
	KTEST_EXPECT_EQ(t, pt_table_pages, tables);
}

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

static void overflow_stack(void *arg)
{
	provoke_recurse_deep(arg);
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
	KTEST_CASE(sign_extend_makes_addresses_canonical),
	KTEST_CASE(private_root_frees_lower_half_tables),
	KTEST_CASE(rodata_write_faults),
	KTEST_CASE(data_exec_faults),
	KTEST_CASE(stack_guard_page_faults),
	KTEST_CASE(null_dereference_faults),
	KTEST_CASE(stack_overflow_is_a_double_fault),
};

KTEST_SUITE(paging_suite, "paging", paging_cases);
