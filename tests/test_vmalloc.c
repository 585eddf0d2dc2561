// SPDX-License-Identifier: MIT
/*
 * Tests of vmalloc and vmap (mm/vmalloc.c; kvmalloc is in tests/test_alloc_failure.c): the
 * scenarios of Linux's lib/test_vmalloc.c, scaled to run in a 32 MiB guest
 * (fix_size, full_fit, long_busy_list, random_size, fix_align,
 * random_size_align, align_shift, and vmap of given pages for
 * vm_map_ram_test), plus data and page-table checks of every page and the
 * vmallocinfo lines. Faults, refused frees, exhaustion and the 10,000-area
 * stress are in tests/test_vmalloc_debug.c.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/page_info.h"
#include "mm/slab.h"
#include "mm/vmalloc_internal.h"

static void expect_consistent(struct ktest *t)
{
	char why[160];

	if (!vmalloc_check(why, sizeof(why))) {
		ktest_fail(t, false, __FILE__, __LINE__, "vmap_space_check: %s", why);
		vmalloc_dump();
	}
}

/* A pattern word for page i of an area. */
static u64 pattern(u64 i)
{
	return 0x5eed0000cafe0000UL ^ (i * 0x9e3779b97f4a7c15UL);
}

/*
 * Write the first and last word of every page, read them back, and walk
 * the page tables for every page: 4 KiB, present, writable, NX if the CPU
 * has it, and the same page as vmalloc_to_page(). The guard page after the
 * last page is not mapped.
 */
static void expect_area_ok(struct ktest *t, void *p, unsigned int nr_pages)
{
	u8 *base = p;
	unsigned int bad_data = 0, bad_walk = 0;
	struct pt_walk w;

	for (unsigned int i = 0; i < nr_pages; i++) {
		u64 *page = (u64 *)(base + (u64)i * PAGE_SIZE);

		page[0] = pattern(i);
		page[PAGE_SIZE / 8 - 1] = ~pattern(i);
	}
	for (unsigned int i = 0; i < nr_pages; i++) {
		u64 *page = (u64 *)(base + (u64)i * PAGE_SIZE);

		bad_data += page[0] != pattern(i) || page[PAGE_SIZE / 8 - 1] != ~pattern(i);
		if (!pt_walk(kernel_pgd, (u64)page, &w) || w.page_size != PAGE_SIZE ||
		    !(w.entry[PT_PTE] & _PAGE_RW) ||
		    (w.entry[PT_PTE] & _PAGE_NX) !=
			    (PAGE_KERNEL & _PAGE_NX & __supported_pte_mask) ||
		    pfn_to_page(w.phys >> PAGE_SHIFT) != vmalloc_to_page(page) ||
		    vmalloc_to_pfn(page) != w.phys >> PAGE_SHIFT)
			bad_walk++;
	}
	KTEST_EXPECT_EQ(t, bad_data, 0);
	KTEST_EXPECT_EQ(t, bad_walk, 0);
	KTEST_EXPECT_FALSE(t, pt_walk(kernel_pgd, (u64)base + (u64)nr_pages * PAGE_SIZE, &w));
}

/* After vfree, no page of the range is mapped any more. */
static void expect_unmapped(struct ktest *t, void *p, unsigned int nr_pages)
{
	unsigned int mapped = 0;
	struct pt_walk w;

	for (unsigned int i = 0; i < nr_pages; i++)
		mapped += pt_walk(kernel_pgd, (u64)p + (u64)i * PAGE_SIZE, &w);
	KTEST_EXPECT_EQ(t, mapped, 0);
}

static void sizes_round_up_and_api_basics(struct ktest *t)
{
	unsigned long areas = vmalloc_nr_areas();
	u64 mark = ktest_log_mark();
	u8 *p = vmalloc(1), *z;
	struct page *dma;

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_TRUE(t, is_vmalloc_addr(p));
	KTEST_EXPECT_EQ(t, (u64)p % PAGE_SIZE, 0);
	KTEST_EXPECT_EQ(t, vmalloc_nr_areas(), areas + 1);
	/* One byte asked, one page mapped, then the guard page. */
	expect_area_ok(t, p, 1);
	vfree(p);
	expect_unmapped(t, p, 1);
	KTEST_EXPECT_EQ(t, vmalloc_nr_areas(), areas);

	z = vzalloc(3 * PAGE_SIZE + 5);
	KTEST_ASSERT_NOT_NULL(t, z);
	for (unsigned long i = 0; i < 4 * PAGE_SIZE; i++)
		if (z[i]) {
			ktest_fail(t, false, __FILE__, __LINE__, "vzalloc byte %lu is %#x", i,
				   z[i]);
			break;
		}
	vfree(z);

	p = __vmalloc(8 * PAGE_SIZE, GFP_DMA32 | __GFP_ZERO);
	KTEST_ASSERT_NOT_NULL(t, p);
	for (int i = 0; i < 8; i++) {
		dma = vmalloc_to_page(p + i * PAGE_SIZE);
		KTEST_EXPECT_LT(t, page_to_phys(dma), 4 * GiB);
		KTEST_EXPECT_EQ(t, p[i * PAGE_SIZE + 7], 0);
	}
	vfree(p);

	KTEST_EXPECT_NULL(t, vmalloc(0));
	KTEST_EXPECT_LOG(t, mark, "vmalloc: size 0 refused");
	KTEST_EXPECT_NULL(t, vmalloc(~0UL));
	KTEST_EXPECT_NULL(t, vmalloc((totalram_pages + 1) * PAGE_SIZE));
	KTEST_EXPECT_LOG(t, mark, "more than all of RAM");
	KTEST_EXPECT_NULL(t, vmap(NULL, 0, VM_MAP, PAGE_KERNEL));
	KTEST_EXPECT_NULL(t, vmalloc_to_page((void *)(VMALLOC_END - PAGE_SIZE + 1)));
	KTEST_EXPECT_EQ(t, vmalloc_to_pfn((void *)(VMALLOC_END - PAGE_SIZE + 1)), 0);
	KTEST_EXPECT_FALSE(t, is_vmalloc_addr(&areas));
	vfree(NULL);
	vunmap(NULL);
	KTEST_EXPECT_EQ(t, vmalloc_nr_areas(), areas);
	expect_consistent(t);
}

/* Every page written and walked, for a small area (invlpg each) and a large one (full flush). */
static void every_page_reads_back_and_walks_right(struct ktest *t)
{
	static const unsigned int sizes[] = {1, 2, 33, 34, 300, 513};

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		void *p = vmalloc(sizes[i] * PAGE_SIZE);

		KTEST_ASSERT_NOT_NULL(t, p);
		expect_area_ok(t, p, sizes[i]);
		vfree(p);
		expect_unmapped(t, p, sizes[i]);
	}
	expect_consistent(t);
}

static void fix_size_alloc_test(struct ktest *t)
{
	void *first = NULL;

	vm_unmap_aliases(); /* no earlier lazily freed range comes back inside the loop */
	for (int i = 0; i < 200; i++) {
		u8 *p = vmalloc(PAGE_SIZE);

		KTEST_ASSERT_NOT_NULL(t, p);
		*p = 0;
		/* Lowest fit, and the range comes back merged: always the same address. */
		if (!first)
			first = p;
		KTEST_EXPECT_EQ(t, p, first);
		vfree(p);
		vm_unmap_aliases(); /* the range comes back at the purge */
	}
	expect_consistent(t);
}

#define FULL_FIT_N 256

/*
 * ptr[i] and junk[i] of full_fit_alloc_test: busy areas, then holes; the
 * array from kmalloc (.bss costs small boots).
 */
static struct ktest_areas full_fit_areas = {NULL, 2 * FULL_FIT_N, false};

/* Busy areas alternate with freed holes of one page plus guard; one page must fit a hole. */
static void full_fit_alloc_test(struct ktest *t)
{
	void **ptr, **junk, *hole;

	ptr = ktest_kmalloc(t, sizeof(*ptr) * 2 * FULL_FIT_N, GFP_KERNEL | __GFP_ZERO);
	KTEST_ASSERT_NOT_NULL(t, ptr);
	junk = ptr + FULL_FIT_N;
	full_fit_areas.area = ptr;
	ktest_hold_areas(t,
			 &full_fit_areas); /* released before the array: actions run newest first */
	for (int i = 0; i < FULL_FIT_N; i++) {
		ptr[i] = vmalloc(PAGE_SIZE);
		junk[i] = vmalloc(PAGE_SIZE);
		KTEST_ASSERT_NOT_NULL(t, ptr[i]);
		KTEST_ASSERT_NOT_NULL(t, junk[i]);
	}
	hole = junk[0];
	for (int i = 0; i < FULL_FIT_N; i++) {
		vfree(junk[i]);
		junk[i] = NULL;
	}
	vm_unmap_aliases(); /* the holes are free once purged */
	expect_consistent(t);
	for (int i = 0; i < 100; i++) {
		u8 *p = vmalloc(PAGE_SIZE);

		KTEST_ASSERT_NOT_NULL(t, p);
		/* The lowest hole is where junk[0] was. */
		KTEST_EXPECT_EQ(t, p, hole);
		*p = 1;
		vfree(p);
		vm_unmap_aliases();
	}
	ktest_release(t, &full_fit_areas);
	expect_consistent(t);
}

#define BUSY_LIST_N 15000

/*
 * 15,000 busy areas (vmaps of one shared page, so RAM size does not
 * matter), then 100-page and 1-page allocations: the searches stay short.
 */
static void long_busy_list_alloc_test(struct ktest *t)
{
	static struct ktest_areas busy = {NULL, BUSY_LIST_N, true};
	struct page *shared = ktest_alloc_pages(t, GFP_KERNEL, 0);
	void **ptr = ktest_kvmalloc(t, BUSY_LIST_N * sizeof(void *), GFP_KERNEL | __GFP_ZERO);
	u64 max_visits = 0;

	KTEST_ASSERT_NOT_NULL(t, shared);
	KTEST_ASSERT_NOT_NULL(t, ptr);
	busy.area = ptr;
	ktest_hold_areas(t, &busy);
	for (int i = 0; i < BUSY_LIST_N; i++) {
		ptr[i] = vmap(&shared, 1, VM_MAP, PAGE_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, ptr[i]);
	}
	for (int i = 0; i < 100; i++) {
		u8 *p1 = ktest_vmalloc(t, 100 * PAGE_SIZE), *p2;

		max_visits = MAX(max_visits, vmap_space.search_visits);
		p2 = ktest_vmalloc(t, PAGE_SIZE);
		max_visits = MAX(max_visits, vmap_space.search_visits);
		KTEST_ASSERT_NOT_NULL(t, p1);
		KTEST_ASSERT_NOT_NULL(t, p2);
		*p1 = 0;
		*p2 = 1;
		ktest_release(t, p1);
		ktest_release(t, p2);
	}
	/* O(log n): 2 * log2(15000) is about 28. */
	KTEST_EXPECT_LE(t, max_visits, 40);
	expect_consistent(t);
	ktest_run_deferred(t); /* the vmaps, their array, the shared page */
	expect_consistent(t);
}

static void random_size_alloc_test(struct ktest *t)
{
	ktest_seed(t);
	for (int i = 0; i < 200; i++) {
		unsigned int n = 1 + ktest_rand(t) % 100;
		u8 *p = vmalloc(n * PAGE_SIZE);

		KTEST_ASSERT_NOT_NULL(t, p);
		p[0] = 1;
		p[n * PAGE_SIZE - 1] = 2;
		vfree(p);
	}
	expect_consistent(t);
}

static void fix_align_alloc_test(struct ktest *t)
{
	/* Linux: THREAD_ALIGN << 1, 32 KiB on x86_64. */
	const unsigned long align = 32 * KiB;

	for (int i = 0; i < 100; i++) {
		u8 *p = __vmalloc_node(5 * PAGE_SIZE, align, GFP_KERNEL | __GFP_ZERO, 0,
				       __builtin_return_address(0));

		KTEST_ASSERT_NOT_NULL(t, p);
		KTEST_EXPECT_EQ(t, (u64)p % align, 0);
		KTEST_EXPECT_EQ(t, p[5 * PAGE_SIZE - 1], 0);
		vfree(p);
	}
	expect_consistent(t);
}

static void random_size_align_alloc_test(struct ktest *t)
{
	ktest_seed(t);
	for (int i = 0; i < 200; i++) {
		unsigned int rnd = (unsigned int)(ktest_rand(t) & 0xff);
		unsigned long align = 1UL << (rnd % 23), size = (rnd % 10 + 1) * PAGE_SIZE;
		u8 *p = __vmalloc_node(size, align, GFP_KERNEL | __GFP_ZERO, 0,
				       __builtin_return_address(0));

		KTEST_ASSERT_NOT_NULL(t, p);
		KTEST_EXPECT_EQ(t, (u64)p % MAX(align, PAGE_SIZE), 0);
		p[size - 1] = 1;
		vfree(p);
	}
	expect_consistent(t);
}

/* An aligned page plus its guard fits in one of the region's free ranges. */
static bool aligned_page_fits(u64 align)
{
	for (struct vmap_area *f = vmap_free_first(&vmap_space); f; f = vmap_free_next(f)) {
		u64 start = ALIGN_UP(f->va_start, align);

		if (start >= f->va_start && start + 2 * PAGE_SIZE <= f->va_end)
			return true;
	}
	return false;
}

/*
 * Alignments 2^0 .. 2^63 (Linux expects this test to fail: the large ones
 * cannot be met). Each succeeds exactly if an aligned page plus guard fits
 * in a free range of the region (long-lived areas, such as the APs'
 * stacks, may hold its start); the failures are clean.
 */
static void align_shift_alloc_test(struct ktest *t)
{
	unsigned int ok = 0, want_ok = 0;

	for (int i = 0; i < 64; i++) {
		u64 align = MAX(1UL << i, PAGE_SIZE);
		bool fits = aligned_page_fits(align);
		void *p = __vmalloc_node(PAGE_SIZE, 1UL << i, GFP_KERNEL | __GFP_NOWARN, 0,
					 __builtin_return_address(0));

		want_ok += fits;
		ok += p != NULL;
		KTEST_EXPECT_EQ(t, p != NULL, fits);
		if (p)
			KTEST_EXPECT_EQ(t, (u64)p % align, 0);
		vfree(p);
		vm_unmap_aliases(); /* fits is judged on the free tree: nothing lazily freed */
	}
	ktest_note("align_shift_alloc_test: %u of 64 alignments fit the region", ok);
	KTEST_EXPECT_EQ(t, ok, want_ok);
	expect_consistent(t);
}

#define VMAP_PAGES 8

/* vm_map_ram_test's idea with vmap(): given pages, mapped contiguously, twice. */
static void vmap_of_given_pages(struct ktest *t)
{
	struct page *pages[VMAP_PAGES];
	u8 *v, *v2;

	for (int i = 0; i < VMAP_PAGES; i++) {
		/* Every other page from a separate allocation: not contiguous. */
		pages[i] = ktest_alloc_pages(t, GFP_KERNEL, 0);
		KTEST_ASSERT_NOT_NULL(t, pages[i]);
		memset(page_address(pages[i]), 0x40 + i, PAGE_SIZE);
	}
	v = ktest_vmap(t, pages, VMAP_PAGES, PAGE_KERNEL);
	v2 = ktest_vmap(t, pages, VMAP_PAGES, PAGE_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, v);
	KTEST_ASSERT_NOT_NULL(t, v2);
	KTEST_EXPECT_NE(t, v, v2);
	for (int i = 0; i < VMAP_PAGES; i++) {
		KTEST_EXPECT_EQ(t, vmalloc_to_page(v + i * PAGE_SIZE), pages[i]);
		KTEST_EXPECT_EQ(t, v[i * PAGE_SIZE + 100], 0x40 + i);
		v[i * PAGE_SIZE + 200] = (u8)(0x80 + i);
		/* One page, two virtual addresses: a write through one shows in the other. */
		KTEST_EXPECT_EQ(t, v2[i * PAGE_SIZE + 200], 0x80 + i);
		KTEST_EXPECT_EQ(t, ((u8 *)page_address(pages[i]))[200], 0x80 + i);
	}
	ktest_release(t, v);
	ktest_release(t, v2);
	expect_unmapped(t, v, VMAP_PAGES);
	/* vunmap leaves the pages to their owner, intact. */
	for (int i = 0; i < VMAP_PAGES; i++)
		KTEST_EXPECT_EQ(t, ((u8 *)page_address(pages[i]))[100], 0x40 + i);
	ktest_run_deferred(t); /* the pages */
	expect_consistent(t);
}

/* The /proc/vmallocinfo shape: range, bytes with guard, caller, pages=N, kind. */
static void vmallocinfo_lines(struct ktest *t)
{
	/* Called here, not through ktest_vmalloc(): the lines name their caller. */
	static void *area[2];
	static struct ktest_areas vmalloced = {&area[0], 1, false}, vmapped = {&area[1], 1, true};
	struct page *page = ktest_alloc_pages(t, GFP_KERNEL, 0);
	void *v, *m;
	char line[128];
	u64 mark;

	KTEST_ASSERT_NOT_NULL(t, page);
	ktest_hold_areas(t, &vmalloced);
	ktest_hold_areas(t, &vmapped);
	v = area[0] = vmalloc(3 * PAGE_SIZE);
	m = area[1] = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, v);
	KTEST_ASSERT_NOT_NULL(t, m);
	mark = ktest_log_mark();
	vmallocinfo_print();
	snprintf(line, sizeof(line), "0x%016llx-0x%016llx   16384 vmallocinfo_lines+",
		 (unsigned long long)v, (unsigned long long)v + 4 * PAGE_SIZE);
	KTEST_EXPECT_LOG(t, mark, line);
	KTEST_EXPECT_LOG(t, mark, "pages=3 vmalloc\n");
	snprintf(line, sizeof(line), "0x%016llx-0x%016llx    8192 vmallocinfo_lines+",
		 (unsigned long long)m, (unsigned long long)m + 2 * PAGE_SIZE);
	KTEST_EXPECT_LOG(t, mark, line);
	KTEST_EXPECT_LOG(t, mark, "pages=1 vmap\n");
	ktest_run_deferred(t); /* m, v, then the page */
	mark = ktest_log_mark();
	vmallocinfo_print();
	KTEST_EXPECT_FALSE(t, ktest_log_contains(mark, "vmallocinfo_lines+"));
}

static const struct ktest_case vmalloc_cases[] = {
	KTEST_CASE(sizes_round_up_and_api_basics),
	KTEST_CASE(every_page_reads_back_and_walks_right),
	KTEST_CASE(fix_size_alloc_test),
	KTEST_CASE(full_fit_alloc_test),
	KTEST_CASE(long_busy_list_alloc_test),
	KTEST_CASE(random_size_alloc_test),
	KTEST_CASE(fix_align_alloc_test),
	KTEST_CASE(random_size_align_alloc_test),
	KTEST_CASE(align_shift_alloc_test),
	KTEST_CASE(vmap_of_given_pages),
	KTEST_CASE(vmallocinfo_lines),
};

KTEST_SUITE(vmalloc_suite, "vmalloc", vmalloc_cases);
