// SPDX-License-Identifier: MIT
/*
 * KASAN shadow memory and the compiler's checking hooks (see mm/kasan.h for
 * the encoding). This file and mm/kasan_report.c are built without
 * instrumentation: they read and write the shadow itself.
 *
 * Shadow is mapped for what is checked:
 *
 *   checked memory                       its shadow (1/8 of its size)
 *   PAGE_OFFSET + [start, end) per RAM   memblock pages, mapped at boot
 *   the kernel image (stacks included)   memblock pages, mapped at boot
 *   [VMALLOC_START, kasan_vmalloc_end)   memblock pages, mapped at boot:
 *                                        2 x RAM of address space (at least
 *                                        64 MiB, at most 1 GiB), to which
 *                                        the KASAN build confines vmalloc
 *
 * Accesses elsewhere (MMIO, the rest of the vmalloc region) are not checked. Until
 * kasan_init() has mapped the shadow, every hook returns at once, so code
 * that runs earlier needs no special build.
 */
#include "mm/kasan.h"
#include "mm/memblock.h"
#include "mm/memlayout.h"
#include "mm/pgtable.h"
#include "lib/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lib/string.h"

extern char __kernel_start[], __kernel_end[];

void kasan_report(u64 addr, size_t size, bool write, u64 ip);

static bool kasan_enabled;
static u64 kasan_ram_end;	/* checked direct-map addresses: [PAGE_OFFSET, kasan_ram_end) */
static u64 kasan_vmalloc_limit; /* checked vmalloc addresses: [VMALLOC_START, this) */

static u8 *kasan_mem_to_shadow(u64 addr)
{
	return (u8 *)((addr >> KASAN_SHADOW_SCALE_SHIFT) + KASAN_SHADOW_OFFSET);
}

/* Map zeroed shadow pages for the memory [start, end), from memblock. */
static void kasan_map_shadow(u64 start, u64 end)
{
	u64 s = ALIGN_DOWN((u64)kasan_mem_to_shadow(start), PAGE_SIZE);
	u64 e = ALIGN_UP((u64)kasan_mem_to_shadow(end), PAGE_SIZE);
	phys_addr_t pa = memblock_alloc_range(e - s, PAGE_SIZE, 16 * MiB, MEMBLOCK_ALLOC_ANYWHERE);

	if (!pa)
		panic("%s: no memory for %llu KiB of shadow", __func__,
		      (unsigned long long)((e - s) >> 10));
	memset(phys_to_virt(pa), 0, e - s);
	for (u64 va = s; va < e; va += PAGE_SIZE, pa += PAGE_SIZE) {
		int err = pt_map_page(kernel_pgd, va, pa, PAGE_KERNEL);

		/* Neighbouring ranges may share a shadow page: the first mapping serves. */
		if (err && err != -EEXIST)
			panic("%s: mapping shadow at %llx failed (%d)", __func__,
			      (unsigned long long)va, err);
	}
}

void kasan_init(void)
{
	u64 shadow = 0;

	for (u32 i = 0; i < memblock_region_count(MEMBLOCK_MEMORY); i++) {
		struct boot_range r = memblock_region(MEMBLOCK_MEMORY, i);

		kasan_map_shadow(PAGE_OFFSET + r.start, PAGE_OFFSET + r.end);
		shadow += (r.end - r.start) >> KASAN_SHADOW_SCALE_SHIFT;
		kasan_ram_end = PAGE_OFFSET + r.end;
	}
	kasan_map_shadow((u64)__kernel_start, (u64)__kernel_end);
	kasan_vmalloc_limit =
		VMALLOC_START + MIN(MAX(2 * (kasan_ram_end - PAGE_OFFSET), 64 * MiB), GiB);
	kasan_vmalloc_limit = ALIGN_UP(kasan_vmalloc_limit, PMD_SIZE);
	kasan_map_shadow(VMALLOC_START, kasan_vmalloc_limit);
	kasan_enabled = true;
	pr_info("kasan: shadow of %llu KiB mapped at %#lx + addr/8, vmalloc confined to %#llx-%#llx; "
		"checking is on\n",
		(unsigned long long)(shadow >> 10), KASAN_SHADOW_OFFSET,
		(unsigned long long)VMALLOC_START, (unsigned long long)kasan_vmalloc_limit - 1);
}

/* Is addr in memory that has shadow? */
bool kasan_tracked(u64 addr)
{
	return (addr >= PAGE_OFFSET && addr < kasan_ram_end) ||
	       (addr >= (u64)__kernel_start && addr < (u64)__kernel_end) ||
	       (addr >= VMALLOC_START && addr < kasan_vmalloc_limit);
}

u64 kasan_vmalloc_end(void)
{
	return kasan_vmalloc_limit;
}

void kasan_vmalloc_alloc(const void *addr, size_t size, size_t area_size)
{
	kasan_poison(addr, area_size, KASAN_VMALLOC_INVALID);
	kasan_unpoison(addr, size);
}

void kasan_poison(const void *addr, size_t size, u8 value)
{
	u64 a = (u64)addr;

	if (!kasan_enabled || !kasan_tracked(a))
		return;
	/*
	 * addr is granule-aligned (objects and pages are); a last partial
	 * granule is poisoned whole, which is right for an object whose slot
	 * is rounded up to 8 bytes.
	 */
	memset(kasan_mem_to_shadow(a), value,
	       ALIGN_UP(size, KASAN_GRANULE_SIZE) >> KASAN_SHADOW_SCALE_SHIFT);
}

void kasan_unpoison(const void *addr, size_t size)
{
	u64 a = (u64)addr;
	u8 *shadow;

	if (!kasan_enabled || !kasan_tracked(a) || !size)
		return;
	shadow = kasan_mem_to_shadow(a);
	memset(shadow, 0, size >> KASAN_SHADOW_SCALE_SHIFT);
	if (size & (KASAN_GRANULE_SIZE - 1))
		shadow[size >> KASAN_SHADOW_SCALE_SHIFT] = size & (KASAN_GRANULE_SIZE - 1);
}

/*
 * Is the access [addr, addr + size) bad? For each 8-byte granule it
 * touches: shadow 0 is fine; 1..7 is fine only if the access stays in the
 * first N bytes; anything else (a poison value) is bad.
 */
static bool kasan_access_bad(u64 addr, size_t size)
{
	u64 last = addr + size - 1;

	for (u64 g = addr & ~(KASAN_GRANULE_SIZE - 1); g <= last; g += KASAN_GRANULE_SIZE) {
		s8 v = (s8)*kasan_mem_to_shadow(g);
		u64 end_in_granule = MIN(last, g + KASAN_GRANULE_SIZE - 1) - g;

		if (v != 0 && (v < 0 || end_in_granule >= (u64)v))
			return true;
	}
	return false;
}

void kasan_check_range(const void *addr, size_t size, bool write, u64 ip)
{
	u64 a = (u64)addr;

	if (!kasan_enabled || !size || !kasan_tracked(a))
		return;
	if (kasan_access_bad(a, size))
		kasan_report(a, size, write, ip);
}

/*
 * The checked memcpy, memset and memmove of a KASAN build, as Linux's
 * mm/kasan/shadow.c: check the whole range once, then do the plain copy of
 * lib/string.c, whose weak memcpy/memset/memmove these replace.
 */
void *memcpy(void *dst, const void *src, size_t n)
{
	kasan_check_range(src, n, false, (u64)__builtin_return_address(0));
	kasan_check_range(dst, n, true, (u64)__builtin_return_address(0));
	return __memcpy(dst, src, n);
}

void *memset(void *dst, int c, size_t n)
{
	kasan_check_range(dst, n, true, (u64)__builtin_return_address(0));
	return __memset(dst, c, n);
}

void *memmove(void *dst, const void *src, size_t n)
{
	kasan_check_range(src, n, false, (u64)__builtin_return_address(0));
	kasan_check_range(dst, n, true, (u64)__builtin_return_address(0));
	return __memmove(dst, src, n);
}

/*
 * The hooks GCC calls before each access in -fsanitize=kernel-address code
 * (outline mode: asan-instrumentation-with-call-threshold=0). The "noabort"
 * names mean "report and go on", as the kernel does.
 */
void __asan_load1_noabort(u64 addr);
void __asan_load2_noabort(u64 addr);
void __asan_load4_noabort(u64 addr);
void __asan_load8_noabort(u64 addr);
void __asan_load16_noabort(u64 addr);
void __asan_loadN_noabort(u64 addr, size_t size);
void __asan_store1_noabort(u64 addr);
void __asan_store2_noabort(u64 addr);
void __asan_store4_noabort(u64 addr);
void __asan_store8_noabort(u64 addr);
void __asan_store16_noabort(u64 addr);
void __asan_storeN_noabort(u64 addr, size_t size);
void __asan_handle_no_return(void);

void __asan_load1_noabort(u64 addr)
{
	kasan_check_range((void *)addr, 1, false, (u64)__builtin_return_address(0));
}

void __asan_load2_noabort(u64 addr)
{
	kasan_check_range((void *)addr, 2, false, (u64)__builtin_return_address(0));
}

void __asan_load4_noabort(u64 addr)
{
	kasan_check_range((void *)addr, 4, false, (u64)__builtin_return_address(0));
}

void __asan_load8_noabort(u64 addr)
{
	kasan_check_range((void *)addr, 8, false, (u64)__builtin_return_address(0));
}

void __asan_load16_noabort(u64 addr)
{
	kasan_check_range((void *)addr, 16, false, (u64)__builtin_return_address(0));
}

void __asan_loadN_noabort(u64 addr, size_t size)
{
	kasan_check_range((void *)addr, size, false, (u64)__builtin_return_address(0));
}

void __asan_store1_noabort(u64 addr)
{
	kasan_check_range((void *)addr, 1, true, (u64)__builtin_return_address(0));
}

void __asan_store2_noabort(u64 addr)
{
	kasan_check_range((void *)addr, 2, true, (u64)__builtin_return_address(0));
}

void __asan_store4_noabort(u64 addr)
{
	kasan_check_range((void *)addr, 4, true, (u64)__builtin_return_address(0));
}

void __asan_store8_noabort(u64 addr)
{
	kasan_check_range((void *)addr, 8, true, (u64)__builtin_return_address(0));
}

void __asan_store16_noabort(u64 addr)
{
	kasan_check_range((void *)addr, 16, true, (u64)__builtin_return_address(0));
}

void __asan_storeN_noabort(u64 addr, size_t size)
{
	kasan_check_range((void *)addr, size, true, (u64)__builtin_return_address(0));
}

/* Called before a noreturn call; the kernel keeps no stack shadow, so nothing to do. */
void __asan_handle_no_return(void)
{
}
