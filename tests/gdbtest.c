// SPDX-License-Identifier: MIT
/*
 * The kernel's half of the GDB test. tools/gdb-test boots strata with
 * "gdbtest=1" under QEMU's GDB stub; its GDB stops in gdbtest_breakpoint()
 * and runs every strata-* command of tools/gdb/, and the test compares their
 * output with what the kernel printed here, just before, about the same
 * state. The serial lines, in order (probe and page lines, one each):
 *
 *   gdbtest: probe NAME va=0x... mapped=0|1 levels=N size=0x... phys=0x... entries=0x...,0x...
 *   gdbtest: page NAME arg=0x... pfn=0x... state=WORDS
 *   gdbtest: buddyinfo
 *   Node 0, zone      DMA      0      1 ...     (buddyinfo_print(), one per zone)
 *   gdbtest: slabinfo            (only in a kernel with the slab allocator,
 *   slabinfo - version: 2.1       followed by slabinfo_print()'s and
 *                                 slabinfo_cpu_print()'s lines)
 *   gdbtest: vmallocinfo         (only with vmalloc: vmallocinfo_print()'s)
 *   gdbtest: percpu              then per possible CPU:
 *   CPU N: offset 0x..., area 0x...[ (offline)]   (__per_cpu_offset[N])
 *   gdbtest: percpu cpu_number   then "CPU N: <per_cpu(cpu_number, N)>"
 *   gdbtest: percpu x86_cpu_to_apicid   the same for each CPU's APIC ID
 *   gdbtest: process ...         the live process's lines (tests/gdbtest_process.c),
 *                                 printed first, before the probes
 *   gdbtest: breakpoint
 *   gdbtest: log_next=N          (printed after GDB resumes; N is the value
 *                                 log_next had at the breakpoint)
 *
 * entries lists the pt_walk() entry read at each level (pgd first), levels
 * of them; size and phys are 0 when mapped=0. A page line gives the frame
 * that strata-page ARG must find and page_describe_state() of it; ARG is a
 * pfn, a struct page *, a direct-map, kernel-image or vmalloc address.
 *
 * To show every page state, the hook holds an order-2 block (and, with the
 * slab and vmalloc layers, a kmalloc object and a vmalloc area) across the
 * breakpoint and frees them after. Those layers are reached through weak
 * references, so this file builds with or without them; the test skips the
 * slabinfo and vmallocinfo checks when the kernel has no such symbols.
 */
#include "tests/gdbtest.h"
#include "arch/x86_64/smpboot.h"
#include "kernel/cmdline.h"
#include "kernel/cpumask.h"
#include "kernel/printk.h"
#include "kernel/qemu_exit.h"
#include "kernel/smp.h"
#include "lib/vsprintf.h"
#include "mm/memlayout.h"
#include "mm/mmzone.h"
#include "mm/page_debug.h"
#include "mm/page_info.h"
#include "mm/pgtable.h"

/*
 * The slab and vmalloc layers, if linked in (issues 4 and 5): weak, so
 * each is NULL in a kernel without it. Their headers are not included, so
 * that this file does not depend on them.
 */
extern struct kmem_cache *slab_caches __attribute__((weak));
void *kmalloc(size_t size, gfp_t gfp) __attribute__((weak));
void kfree(const void *p) __attribute__((weak));
void slabinfo_print(void) __attribute__((weak));
void slabinfo_cpu_print(void) __attribute__((weak));
void *vmalloc(size_t size) __attribute__((weak));
void vfree(const void *addr) __attribute__((weak));
unsigned long vmalloc_to_pfn(const void *addr) __attribute__((weak));
void vmallocinfo_print(void) __attribute__((weak));

extern char __boot_stack_guard[];
extern char __per_cpu_start[];

enum {
	PROBE_DIRECT,
	PROBE_DIRECT_LARGE,
	PROBE_TEXT,
	PROBE_DATA,
	PROBE_UNMAPPED,
	PROBE_VMALLOC, /* last: only with vmalloc */
	NR_PROBES
};

struct gdbtest_probe gdbtest_probes[NR_PROBES] = {
	[PROBE_DIRECT] = {"direct-map", 0}, /* the pgd's last entry, in the direct map */
	[PROBE_DIRECT_LARGE] = {"direct-map-large", 0}, /* RAM at 2 MiB: a large page */
	[PROBE_TEXT] = {"kernel-text", 0},		/* gdbtest_breakpoint() itself */
	[PROBE_DATA] = {"kernel-data", 0},		/* a variable in .data */
	[PROBE_UNMAPPED] = {"unmapped", 0},		/* boot stack guard page: the walk stops */
	[PROBE_VMALLOC] = {"vmalloc", 0}, /* the 2nd page of a vmalloc area: 4 KiB, scattered */
};
/* Probes in use: NR_PROBES, or one less in a kernel without vmalloc. */
unsigned int gdbtest_nr_probes;

enum {
	PAGE_ALLOC_HEAD,
	PAGE_ALLOC_INSIDE,
	PAGE_FREE_HEAD,
	PAGE_FREE_INSIDE,
	PAGE_RESERVED,
	PAGE_KERNEL_TEXT,
	PAGE_BEYOND,
	PAGE_SLAB,
	PAGE_VMALLOC,
	NR_PAGES
};

static const char *const gdbtest_page_names[NR_PAGES] = {
	[PAGE_ALLOC_HEAD] = "alloc-head",     /* struct page * of the order-2 block */
	[PAGE_ALLOC_INSIDE] = "alloc-inside", /* direct-map address in its last page */
	[PAGE_FREE_HEAD] = "free-head",	      /* pfn of a free block of order >= 1 */
	[PAGE_FREE_INSIDE] = "free-inside",   /* pfn of its second page */
	[PAGE_RESERVED] = "reserved",	      /* pfn 0 */
	[PAGE_KERNEL_TEXT] = "kernel-text",   /* gdbtest_breakpoint(): kernel image */
	[PAGE_BEYOND] = "beyond",	      /* pfn max_pfn: no struct page */
	[PAGE_SLAB] = "slab",		      /* a kmalloc(100) object, with the slab layer */
	[PAGE_VMALLOC] = "vmalloc",	      /* the 2nd page of a vmalloc area, with vmalloc */
};
struct gdbtest_page gdbtest_pages[NR_PAGES];
unsigned int gdbtest_nr_pages;

void __attribute__((noinline)) gdbtest_breakpoint(void)
{
	/* An empty asm with a memory clobber: the call cannot be optimised away. */
	__asm__ volatile("" : : : "memory");
}

void gdbtest_print_walk(const char *kind, const struct gdbtest_probe *p, const struct pt_walk *w)
{
	char entries[PT_LEVELS * 20];
	size_t len = 0;

	entries[0] = '\0';
	for (int i = 0; i < w->levels; i++)
		len += snprintf(entries + len, sizeof(entries) - len, "%s%#llx", i ? "," : "",
				(unsigned long long)w->entry[i]);
	pr_info("gdbtest: %s %s va=%#llx mapped=%d levels=%d size=%#llx phys=%#llx entries=%s\n",
		kind, p->name, (unsigned long long)p->va, w->mapped, w->levels,
		(unsigned long long)w->page_size, (unsigned long long)w->phys, entries);
}

/* A free block of order >= 1 (the lowest such order, first zone): its head. */
static pfn_t gdbtest_free_block(void)
{
	for (unsigned int o = 1; o < NR_ORDERS; o++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			if (zones[z].free_area[o].head != PFN_NONE)
				return zones[z].free_area[o].head;
	return PFN_NONE;
}

/* Add a page probe: what strata-page gets (arg) and the frame it must find. */
static void gdbtest_add_page(unsigned int which, u64 arg, pfn_t pfn)
{
	struct gdbtest_page *p = &gdbtest_pages[gdbtest_nr_pages++];
	char state[160];

	p->name = gdbtest_page_names[which];
	p->arg = arg;
	page_describe_state(pfn, state, sizeof(state));
	pr_info("gdbtest: page %s arg=%#llx pfn=%#llx state=%s\n", p->name, (unsigned long long)arg,
		(unsigned long long)pfn, state);
}

/* The per-CPU lines strata-percpu must print (without VAR, then two variables). */
static void gdbtest_print_percpu(void)
{
	pr_info("gdbtest: percpu\n");
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		pr_info("CPU %u: offset 0x%016lx, area 0x%016lx%s\n", cpu, __per_cpu_offset[cpu],
			(unsigned long)__per_cpu_start + __per_cpu_offset[cpu],
			cpu_online(cpu) ? "" : " (offline)");
	pr_info("gdbtest: percpu cpu_number\n");
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		pr_info("CPU %u: %d%s\n", cpu, per_cpu(cpu_number, cpu),
			cpu_online(cpu) ? "" : " (offline)");
	pr_info("gdbtest: percpu x86_cpu_to_apicid\n");
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		pr_info("CPU %u: %u%s\n", cpu, per_cpu(x86_cpu_to_apicid, cpu),
			cpu_online(cpu) ? "" : " (offline)");
}

void gdbtest_run_if_asked(void)
{
	u64 log_next_at_breakpoint;
	struct page *block;
	void *object = NULL, *area = NULL;
	pfn_t free_head;

	if (!cmdline_get_bool("gdbtest", false))
		return;
	/* First: spin's allocations are over before any state below is printed. */
	gdbtest_process_begin();
	/*
	 * The slab object and the vmalloc area are allocated before the free
	 * block is chosen: their pages (vmalloc's are order 0) would otherwise
	 * come out of that very block between its report and the breakpoint.
	 */
	if (kmalloc && kfree && &slab_caches && slab_caches)
		object = kmalloc(100, GFP_KERNEL);
	if (vmalloc && vfree && vmalloc_to_pfn)
		area = vmalloc(3 * PAGE_SIZE);
	gdbtest_nr_probes = area ? NR_PROBES : PROBE_VMALLOC;
	gdbtest_probes[PROBE_VMALLOC].va = (u64)area + PAGE_SIZE + 0x10;
	gdbtest_probes[PROBE_DIRECT].va = (u64)&kernel_pgd[PTRS_PER_TABLE - 1];
	gdbtest_probes[PROBE_DIRECT_LARGE].va = (u64)phys_to_virt(PMD_SIZE + 0x1234);
	gdbtest_probes[PROBE_TEXT].va = (u64)gdbtest_breakpoint;
	gdbtest_probes[PROBE_DATA].va = (u64)&__supported_pte_mask;
	gdbtest_probes[PROBE_UNMAPPED].va = (u64)__boot_stack_guard;
	for (unsigned int i = 0; i < gdbtest_nr_probes; i++) {
		struct pt_walk w;

		pt_walk(kernel_pgd, gdbtest_probes[i].va, &w);
		gdbtest_print_walk("probe", &gdbtest_probes[i], &w);
	}

	/* Fill gdbtest_pages[] in order, dropping the cases this kernel lacks. */
	block = alloc_pages(GFP_KERNEL, 2);
	if (block) {
		gdbtest_add_page(PAGE_ALLOC_HEAD, (u64)block, page_to_pfn(block));
		gdbtest_add_page(PAGE_ALLOC_INSIDE,
				 (u64)page_address(block) + 3 * PAGE_SIZE + 0x123,
				 page_to_pfn(block) + 3);
	}
	free_head = gdbtest_free_block();
	if (free_head != PFN_NONE) {
		gdbtest_add_page(PAGE_FREE_HEAD, free_head, free_head);
		gdbtest_add_page(PAGE_FREE_INSIDE, free_head + 1, free_head + 1);
	}
	gdbtest_add_page(PAGE_RESERVED, 0, 0);
	gdbtest_add_page(PAGE_KERNEL_TEXT, (u64)gdbtest_breakpoint,
			 ((u64)gdbtest_breakpoint - KERNEL_VMA) >> PAGE_SHIFT);
	gdbtest_add_page(PAGE_BEYOND, max_pfn, max_pfn);
	if (object)
		gdbtest_add_page(PAGE_SLAB, (u64)object, virt_to_phys(object) >> PAGE_SHIFT);
	if (area)
		gdbtest_add_page(PAGE_VMALLOC, (u64)area + PAGE_SIZE + 0x10,
				 vmalloc_to_pfn((u8 *)area + PAGE_SIZE));

	pr_info("gdbtest: buddyinfo\n");
	buddyinfo_print();
	if (slabinfo_print) {
		pr_info("gdbtest: slabinfo\n");
		slabinfo_print();
		if (slabinfo_cpu_print)
			slabinfo_cpu_print();
	}
	if (vmallocinfo_print) {
		pr_info("gdbtest: vmallocinfo\n");
		vmallocinfo_print();
	}
	gdbtest_print_percpu();
	pr_info("gdbtest: breakpoint\n");

	log_next_at_breakpoint = log_next;
	gdbtest_breakpoint();
	gdbtest_process_end();
	if (area)
		vfree(area);
	if (object)
		kfree(object);
	if (block)
		__free_pages(block, 2);
	pr_info("gdbtest: log_next=%llu\n", (unsigned long long)log_next_at_breakpoint);
	qemu_exit(QEMU_EXIT_PASS);
}
