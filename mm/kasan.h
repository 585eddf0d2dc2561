/* SPDX-License-Identifier: MIT */
/*
 * KASAN: the kernel address sanitizer, in its generic (shadow memory) form,
 * for `make kasan` builds (CONFIG_KASAN). GCC's -fsanitize=kernel-address
 * makes every load and store call __asan_loadN/__asan_storeN first, which
 * look up the access in shadow memory: one shadow byte for each 8 bytes,
 *
 *   shadow(addr) = (addr >> 3) + KASAN_SHADOW_OFFSET
 *
 *   shadow value   meaning of the 8 bytes it covers
 *   0              all 8 accessible
 *   1..7           only the first N accessible (the end of an object)
 *   KASAN_*  < 0   none accessible; the value says why (freed page, ...)
 *
 * The allocators keep the shadow up to date through the hooks below: a
 * fresh allocation is unpoisoned, a free or a red zone is poisoned. In
 * ordinary builds every hook is an empty inline function and costs nothing.
 */
#ifndef STRATA_KASAN_H
#define STRATA_KASAN_H

#include "lib/types.h"
#include "mm/memlayout.h"

/* Linux's x86_64 offset: the shadow of the kernel half lands in the KASAN region. */
#define KASAN_SHADOW_OFFSET 0xdffffc0000000000UL
#define KASAN_SHADOW_SCALE_SHIFT 3
#define KASAN_GRANULE_SIZE (1UL << KASAN_SHADOW_SCALE_SHIFT)

/* Poison values: why memory is not accessible (Linux's values). */
#define KASAN_PAGE_FREE 0xff	   /* a page on the buddy's free lists */
#define KASAN_PAGE_REDZONE 0xfe	   /* the unused tail of a large kmalloc */
#define KASAN_SLAB_REDZONE 0xfc	   /* around and after a slab object */
#define KASAN_SLAB_FREE 0xfb	   /* a free slab object */
#define KASAN_VMALLOC_INVALID 0xf8 /* a vmalloc guard page or unused tail */

#ifdef CONFIG_KASAN

/*
 * Map shadow memory for every RAM range and the kernel image, taken from
 * memblock, and turn checking on. After paging_init(), before the buddy.
 */
void kasan_init(void);
/* Mark [addr, addr + size) inaccessible (addr 8-aligned, size rounded up to 8). */
void kasan_poison(const void *addr, size_t size, u8 value);
/* Mark [addr, addr + size) accessible (size need not be a multiple of 8). */
void kasan_unpoison(const void *addr, size_t size);
/* Does addr have shadow (RAM, the kernel image, the start of the vmalloc region)? */
bool kasan_tracked(u64 addr);
/* Check an access the compiler cannot see (memcpy, memset); reports if bad. */
void kasan_check_range(const void *addr, size_t size, bool write, u64 ip);
/* Number of reports printed since boot (tests read it). */
extern u64 kasan_reports;

static inline u64 kasan_report_count(void)
{
	return kasan_reports;
}
/*
 * The end of the vmalloc range KASAN has shadow for: vmalloc_init() limits
 * the vmalloc region to [VMALLOC_START, kasan_vmalloc_end()) in KASAN builds.
 */
u64 kasan_vmalloc_end(void);
/*
 * A vmalloc area of area_size bytes at addr was asked for size bytes: mark
 * the rest of its last page inaccessible. The guard page and freed areas
 * are left to the page tables, which fault at the same instruction.
 */
void kasan_vmalloc_alloc(const void *addr, size_t size, size_t area_size);

/*
 * Let the slab layer describe an object in reports (its cache, offset and
 * allocation/free sites): the describer writes a description, sets the
 * object's start, and returns true if addr is in one of its slabs.
 */
void kasan_set_object_describer(bool (*describe)(u64 addr, u64 *object, char *buf, size_t size));

#else /* !CONFIG_KASAN */

static inline void kasan_set_object_describer(bool (*describe)(u64 addr, u64 *object, char *buf,
							       size_t size))
{
	(void)describe;
}

static inline void kasan_init(void)
{
}

static inline u64 kasan_report_count(void)
{
	return 0;
}

static inline u64 kasan_vmalloc_end(void)
{
	return VMALLOC_END + 1;
}

static inline void kasan_vmalloc_alloc(const void *addr, size_t size, size_t area_size)
{
	(void)addr, (void)size, (void)area_size;
}

static inline void kasan_poison(const void *addr, size_t size, u8 value)
{
	(void)addr, (void)size, (void)value;
}

static inline void kasan_unpoison(const void *addr, size_t size)
{
	(void)addr, (void)size;
}

static inline void kasan_check_range(const void *addr, size_t size, bool write, u64 ip)
{
	(void)addr, (void)size, (void)write, (void)ip;
}

#endif /* CONFIG_KASAN */

#endif /* STRATA_KASAN_H */
