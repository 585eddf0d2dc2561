// SPDX-License-Identifier: MIT
/*
 * Demos of the vmalloc layer (mm/vmalloc.c), run by `demo NAME` (cmd_demo.c):
 *
 *   vmalloc  vmalloc, vzalloc, __vmalloc(GFP_DMA32), kvmalloc (kmalloc
 *            first; vmalloc when kmalloc cannot; NULL for GFP_ATOMIC),
 *            kcalloc: where each lands (direct map or vmalloc
 *            region) and the frames behind it; then two pages mapped a
 *            second time read-only with vmap(), and a write there that
 *            faults and is reported
 *   guard    a write running past the end of a vmalloc area: the page
 *            rounding takes the first bytes silently, the guard page stops
 *            the next one, and the fault report names the area
 *
 * Both write where they must fault under catch_fault() (arch/x86_64/traps.h),
 * so the shell survives; both free all they take, in reverse.
 */
#include "shell/shell_internal.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "arch/x86_64/traps.h"
#include "mm/gfp.h"
#include "mm/layout.h"
#include "mm/pgtable.h"
#include "mm/slab.h"
#include "mm/kasan.h"
#include "mm/vmalloc.h"

/* "  what  -> addr: region; is_vmalloc_addr yes|no" and the frame of its first page. */
static void where(const char *what, const void *p)
{
	char region[96];
	phys_addr_t pa = 0;

	if (!p) {
		shell_printf("  %-34s -> NULL\n", what);
		return;
	}
	layout_describe((u64)p, region, sizeof(region));
	pt_translate(kernel_pgd, (u64)p, &pa);
	shell_printf("  %-34s -> %p  %-18s is_vmalloc_addr %-3s pfn %#llx\n", what, p, region,
		     is_vmalloc_addr(p) ? "yes" : "no", (unsigned long long)(pa >> PAGE_SHIFT));
}

/* The frames behind the pages of a vmalloc address, and whether they are contiguous. */
static void frames(const char *p, unsigned long nr_pages)
{
	bool contiguous = true;

	shell_printf("      its %lu pages are frames", nr_pages);
	for (unsigned long i = 0; i < nr_pages; i++) {
		shell_printf(" %#lx", vmalloc_to_pfn(p + i * PAGE_SIZE));
		if (vmalloc_to_pfn(p + i * PAGE_SIZE) != vmalloc_to_pfn(p) + i)
			contiguous = false;
	}
	shell_printf(": %s\n", contiguous ? "contiguous (by chance)" : "not contiguous");
}

static bool all_zero(const u8 *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* A fault catch_fault() caught: the vector, the error code decoded, the report. */
static void fault_print(const struct fault_info *info)
{
	if (info->vector == X86_TRAP_PF)
		shell_printf(
			"  caught: page fault (vector 14) at %#llx, error code %#llx = %s, %s, "
			"kernel mode\n",
			(unsigned long long)info->addr, (unsigned long long)info->error_code,
			info->error_code & X86_PF_PROT ? "present page (protection)"
						       : "page not present",
			info->error_code & X86_PF_WRITE ? "write" : "read");
	else
		shell_printf("  caught: exception %llu\n", (unsigned long long)info->vector);
	shell_printf("  by the instruction at %pS\n", (void *)info->rip);
	shell_printf("  report: %s\n", info->what);
}

/* What a caught write is aimed at. */
struct demo_write {
	volatile u8 *p;		     /* where to write */
	unsigned long len;	     /* bytes to write, one at a time */
	volatile unsigned long done; /* bytes written before a fault (or KASAN) stopped it */
	bool kasan;		     /* a KASAN report stopped it (KASAN builds only) */
};

/* Write byte by byte until a fault, or in a KASAN build until its first report. */
static void demo_write_bytes(void *arg)
{
	struct demo_write *w = arg;
	u64 reports = kasan_report_count();

	for (w->done = 0; w->done < w->len; w->done++) {
		w->p[w->done] = 0x5a;
		if (kasan_report_count() != reports) {
			w->kasan = true;
			return;
		}
	}
}

/*
 * vmalloc takes single pages wherever the buddy has them: take 8 single
 * pages (neighbours, split from one block), give back every other one, and
 * the next vmalloc of 4 pages is made of those 4 holes, scattered.
 */
static int demo_scattered(void)
{
	struct page *taken[8] = {NULL};
	char *v = NULL;
	int err = -ENOMEM;

	for (unsigned int i = 0; i < ARRAY_SIZE(taken); i++)
		if (!(taken[i] = alloc_page(GFP_KERNEL)))
			goto out_free;
	shell_printf("Scattered on purpose: 8 single pages taken (frames %#llx .. %#llx), every "
		     "other one given back,\nso the buddy's single-page list starts with 4 holes "
		     "one frame apart:\n",
		     (unsigned long long)page_to_pfn(taken[0]),
		     (unsigned long long)page_to_pfn(taken[7]));
	for (unsigned int i = 0; i < ARRAY_SIZE(taken); i += 2) {
		__free_page(taken[i]);
		taken[i] = NULL;
	}
	v = vmalloc(4 * PAGE_SIZE);
	where("vmalloc(4 pages) now", v);
	if (!v)
		goto out_free;
	frames(v, 4);
	vfree(v);
	err = 0;
out_free:
	for (unsigned int i = 0; i < ARRAY_SIZE(taken); i++)
		if (taken[i])
			__free_page(taken[i]);
	return err;
}

/* Two pages of the buddy mapped again read-only by vmap(); a write there faults. */
static int demo_vmap_readonly(void)
{
	static const char msg[] = "written through the direct map";
	struct page *pages[2] = {NULL, NULL};
	struct demo_write w = {.len = 1};
	struct fault_info info;
	char *ro;
	int err = -ENOMEM;

	shell_printf("A read-only vmalloc mapping: vmap(pages, 2, VM_MAP, PAGE_KERNEL_RO) maps two "
		     "pages the caller owns a second time, without write permission:\n");
	pages[0] = alloc_page(GFP_KERNEL);
	pages[1] = alloc_page(GFP_KERNEL);
	if (!pages[0] || !pages[1])
		goto out_free_pages;
	memcpy(page_address(pages[0]), msg, sizeof(msg));
	ro = vmap(pages, 2, VM_MAP, PAGE_KERNEL_RO);
	if (!ro)
		goto out_free_pages;
	where("alloc_page() #1, direct map", page_address(pages[0]));
	where("the same frame through vmap()", ro);
	shell_printf("  read through the vmap address: \"%s\" (one frame, two addresses)\n", ro);
	shell_printf("  vmallocinfo shows it as a vmap area:\n");
	vmallocinfo_print();
	w.p = (volatile u8 *)ro;
	shell_printf("  now *(u8 *)%p = 0x5a, under catch_fault():\n", ro);
	if (catch_fault(demo_write_bytes, &w, &info))
		fault_print(&info);
	else
		shell_printf("  NO FAULT: the page was writable (a bug)\n");
	shell_printf("  the frame is unchanged: \"%s\"\n", (char *)page_address(pages[0]));
	vunmap(ro);
	shell_printf("  vunmap(): the mapping is gone, the pages stay the caller's, freed next\n");
	err = 0;
out_free_pages:
	if (pages[1])
		__free_page(pages[1]);
	if (pages[0])
		__free_page(pages[0]);
	if (err)
		shell_printf("demo vmalloc: out of memory for the vmap pages\n");
	return err;
}

int demo_vmalloc(int argc, char **argv)
{
	const unsigned long big = 3 * PAGE_SIZE + 100, kv_huge = KMALLOC_MAX_SIZE + PAGE_SIZE;
	char *v, *z, *d, *kv_small, *kv_big, *kv_huge_p, *kv_atomic, *kc, *kc_overflow;
	int err = 0;

	(void)argc;
	(void)argv;
	shell_printf("Where each allocator's memory lands (direct map = physically contiguous, "
		     "vmalloc = page by page):\n");
	v = vmalloc(big);
	where("vmalloc(3 pages + 100)", v);
	if (v)
		frames(v, 4);
	if (v && demo_scattered())
		shell_printf("demo vmalloc: out of memory for the scattered pages\n");
	z = vzalloc(10000);
	where("vzalloc(10000)", z);
	if (z)
		shell_printf("      all 12288 bytes zero (3 pages, rounded up): %s\n",
			     all_zero((u8 *)z, 3 * PAGE_SIZE) ? "yes" : "NO");
	d = __vmalloc(2 * PAGE_SIZE, GFP_KERNEL | GFP_DMA32);
	where("__vmalloc(8192, GFP_DMA32)", d);
	if (d)
		shell_printf("      frames below 4 GiB (pfn < 0x100000): %s\n",
			     vmalloc_to_pfn(d) < 0x100000 &&
					     vmalloc_to_pfn(d + PAGE_SIZE) < 0x100000
				     ? "yes"
				     : "NO");
	shell_printf("kvmalloc, as Linux 6.1's kvmalloc_node(): kmalloc first, whatever the size;\n"
		     "vmalloc only if kmalloc failed, the size is above PAGE_SIZE and the flags "
		     "may block:\n");
	kv_small = kvmalloc(200, GFP_KERNEL);
	where("kvmalloc(200): kmalloc", kv_small);
	kv_big = kvmalloc(64 * KiB, GFP_KERNEL);
	where("kvmalloc(64 KiB): kmalloc, order 4", kv_big);
	kv_huge_p = kvmalloc(kv_huge, GFP_KERNEL);
	shell_printf("      (4 MiB + 4 KiB: kmalloc cannot, above KMALLOC_MAX_SIZE %lu; asked "
		     "quietly, it fails\n       without a warning, and vmalloc serves it)\n",
		     KMALLOC_MAX_SIZE);
	where("kvmalloc(4 MiB + 4 KiB): vmalloc", kv_huge_p);
	kv_atomic = kvmalloc(kv_huge, GFP_ATOMIC);
	where("kvmalloc(4 MiB + 4 KiB, GFP_ATOMIC)", kv_atomic);
	shell_printf("      (GFP_ATOMIC may not block and vmalloc may: no fallback, NULL; and "
		     "for %lu bytes\n       or less kmalloc's NULL is final too)\n",
		     PAGE_SIZE);
	kc = kcalloc(16, 64, GFP_KERNEL);
	where("kcalloc(16, 64): kmalloc, zeroed", kc);
	if (kc)
		shell_printf("      all 1024 bytes zero: %s\n",
			     all_zero((u8 *)kc, 1024) ? "yes" : "NO");
	kc_overflow = kcalloc(~0UL / 8, 16, GFP_KERNEL);
	where("kcalloc(2^61, 16): n * size overflows", kc_overflow);
	if (!v || !z || !d || !kv_small || !kv_big || !kv_huge_p || kv_atomic || !kc) {
		shell_printf("demo vmalloc: an allocation failed (out of memory)\n");
		err = -ENOMEM;
	} else {
		shell_printf(
			"vmallocinfo now (the vmalloc areas; kvmalloc(4 MiB + 4 KiB) is one of "
			"them):\n");
		vmallocinfo_print();
	}
	shell_printf("Freeing in reverse: kfree, kvfree (either kind), vfree.\n");
	kfree(kc_overflow);
	kfree(kc);
	kvfree(kv_atomic);
	kvfree(kv_huge_p);
	kvfree(kv_big);
	kvfree(kv_small);
	vfree(d);
	vfree(z);
	vfree(v);
	if (err)
		return err;
	return demo_vmap_readonly();
}

int demo_guard(int argc, char **argv)
{
	const unsigned long asked = 6000, mapped = ALIGN_UP(asked, PAGE_SIZE);
	struct fault_info info;
	struct demo_write w;
	char *v;

	(void)argc;
	(void)argv;
	v = vmalloc(asked);
	if (!v) {
		shell_printf("demo guard: vmalloc(%lu) failed (out of memory)\n", asked);
		return -ENOMEM;
	}
	shell_printf("vmalloc(%lu) = %p: %lu pages mapped, then one guard page that is never "
		     "mapped:\n",
		     asked, v, mapped / PAGE_SIZE);
	shell_printf("  bytes 0 .. %lu      asked for\n", asked - 1);
	shell_printf(
		"  bytes %lu .. %lu   the rest of the last page: writable, nothing sees them\n",
		asked, mapped - 1);
	shell_printf("  bytes %lu .. %lu  the guard page at %p\n", mapped, mapped + PAGE_SIZE - 1,
		     v + mapped);
	w = (struct demo_write){.p = (volatile u8 *)v, .len = mapped + 64};
	shell_printf("Writing %lu bytes from %p, one at a time, under catch_fault():\n", w.len, v);
	if (catch_fault(demo_write_bytes, &w, &info)) {
		shell_printf("  %lu bytes written, then the write of byte %lu faulted\n", w.done,
			     w.done);
		fault_print(&info);
	} else if (w.kasan) {
		shell_printf("  this is the KASAN build: it reported byte %lu, the first one not "
			     "asked for,\n  although its page is mapped; the demo stops there\n",
			     w.done);
	} else {
		shell_printf("  NO FAULT: the guard page was mapped (a bug)\n");
	}
	shell_printf(
		"The overrun is caught at the first byte past the last page, not past "
		"byte %lu:\nthe guard page works in pages (Linux's KASAN, with vmalloc support, would catch byte %lu).\n",
		asked - 1, asked);
	vfree(v);
	shell_printf("vfree(%p): the area, its pages and the guard's range are given back; the "
		     "shell goes on.\n",
		     v);
	return 0;
}
