// SPDX-License-Identifier: MIT
/*
 * KASAN reports, in the shape Linux prints them:
 *
 *   ==================================================================
 *   BUG: KASAN: use-after-free in some_function+0x24/0x60
 *   Read of size 1 at addr ffff88800ffc0000
 *   The buggy address belongs to the physical page: pfn 0xffc0: free, ...
 *   Call Trace: ...
 *   Memory state around the buggy address:
 *    ffff88800ffbff80: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
 *   >ffff88800ffc0000: ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff
 *                      ^
 *   ==================================================================
 *
 * The kernel goes on after a report (Linux's "multi-shot" behaviour), so a
 * test can provoke a bug and check what was said.
 */
#include "mm/kasan.h"
#include "arch/x86_64/traps.h"
#include "mm/memlayout.h"
#include "mm/page.h"
#include "mm/page_debug.h"
#include "kernel/backtrace.h"
#include "kernel/printk.h"
#include "lib/vsprintf.h"

void kasan_report(u64 addr, size_t size, bool write, u64 ip);

static bool (*object_describer)(u64 addr, u64 *object, char *buf, size_t size);
static bool in_report; /* a report's own accesses must not report again */
u64 kasan_reports;     /* reports printed since boot (kasan_report_count()) */

void kasan_set_object_describer(bool (*describe)(u64 addr, u64 *object, char *buf, size_t size))
{
	object_describer = describe;
}

static u8 shadow_of(u64 addr)
{
	return *(u8 *)((addr >> KASAN_SHADOW_SCALE_SHIFT) + KASAN_SHADOW_OFFSET);
}

/* The kind of bug from the first bad granule's shadow value. */
static const char *bug_kind(u64 addr, size_t size)
{
	u64 g = addr & ~(KASAN_GRANULE_SIZE - 1);
	u8 v = 0;

	for (; g < addr + size; g += KASAN_GRANULE_SIZE) {
		v = shadow_of(g);
		if (v)
			break;
	}
	/* A partly accessible granule: the reason is in the next one. */
	if (v > 0 && v < KASAN_GRANULE_SIZE)
		v = shadow_of(g + KASAN_GRANULE_SIZE);
	switch (v) {
	case KASAN_PAGE_FREE:
		return "use-after-free";
	case KASAN_SLAB_FREE:
		return "slab-use-after-free";
	case KASAN_SLAB_REDZONE:
		return "slab-out-of-bounds";
	case KASAN_PAGE_REDZONE:
		return "out-of-bounds";
	case KASAN_VMALLOC_INVALID:
		return "vmalloc-out-of-bounds";
	default:
		return "out-of-bounds";
	}
}

/* Accessible bytes from object on, by the shadow (the size kmalloc was asked for). */
static u64 accessible_bytes(u64 object)
{
	u64 n = 0;

	for (;; n += KASAN_GRANULE_SIZE) {
		u8 v = shadow_of(object + n);

		if (v == 0)
			continue;
		return v < KASAN_GRANULE_SIZE ? n + v : n;
	}
}

static void describe_address(u64 addr)
{
	char buf[320];

	u64 object;

	if (object_describer && object_describer(addr, &object, buf, sizeof(buf))) {
		u64 valid = accessible_bytes(object);

		/* An allocated object: say where addr is against the bytes actually asked for. */
		if (valid && addr >= object + valid)
			pr_err("The buggy address is located %llu bytes to the right of the allocated "
			       "%llu-byte region [%016llx, %016llx)\n",
			       (unsigned long long)(addr - object - valid),
			       (unsigned long long)valid, (unsigned long long)object,
			       (unsigned long long)(object + valid));
		pr_err("%s\n", buf);
		return;
	}
	if (is_direct_map_addr(addr)) {
		pfn_t pfn = virt_to_phys((void *)addr) >> PAGE_SHIFT;

		page_describe_state(pfn, buf, sizeof(buf));
		pr_err("The buggy address belongs to the physical page: pfn %#llx, %s\n",
		       (unsigned long long)pfn, buf);
		return;
	}
	fault_describe_region(addr, buf, sizeof(buf));
	pr_err("The buggy address belongs to: %s\n", buf);
}

/* Five rows of 16 shadow bytes (128 bytes of memory each) around addr. */
static void dump_shadow(u64 addr)
{
	u64 row0 = (addr & ~127UL) - 2 * 128;

	pr_err("Memory state around the buggy address:\n");
	for (u64 row = row0; row < row0 + 5 * 128; row += 128) {
		char line[80];
		int n = snprintf(line, sizeof(line),
				 "%c%016llx:", row == (addr & ~127UL) ? '>' : ' ',
				 (unsigned long long)row);

		if (!kasan_tracked(row) || !kasan_tracked(row + 127))
			continue; /* no shadow there */
		for (u64 g = row; g < row + 128; g += KASAN_GRANULE_SIZE)
			n += snprintf(line + n, sizeof(line) - (size_t)n, " %02x", shadow_of(g));
		pr_err("%s\n", line);
		if (row == (addr & ~127UL))
			pr_err("%*s^\n", (int)(19 + 3 * ((addr & 127) >> KASAN_SHADOW_SCALE_SHIFT)),
			       "");
	}
}

void kasan_report(u64 addr, size_t size, bool write, u64 ip)
{
	if (in_report)
		return;
	in_report = true;
	kasan_reports++;
	pr_err("==================================================================\n");
	pr_err("BUG: KASAN: %s in %pS\n", bug_kind(addr, size), (void *)ip);
	pr_err("%s of size %zu at addr %016llx\n", write ? "Write" : "Read", size,
	       (unsigned long long)addr);
	describe_address(addr);
	dump_stack();
	dump_shadow(addr);
	pr_err("==================================================================\n");
	in_report = false;
}
