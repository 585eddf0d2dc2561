// SPDX-License-Identifier: MIT
/*
 * Who owns each physical frame, for the `memmap` dump and `page`.
 *
 * A walk goes up through the frames in pfn order and classifies the frame
 * at hand, then skips the rest of its block:
 *
 *   not in a memblock memory range        -> hole (up to the next RAM range)
 *   in the page-table set (see below)     -> pgtable-boot if PG_reserved, else pgtable
 *   in the vmalloc window (see below)     -> vmalloc (one frame)
 *   PG_reserved                           -> kernel / mem_map / reserved by address
 *   PG_slab                               -> slab of page->slab_cache (one frame)
 *   PG_buddy head of order n              -> free, order n (2^n frames)
 *   PG_pcp (on a per-CPU list)            -> free, order 0
 *   PG_head of order n                    -> alloc or kmalloc-large, order n (2^n frames)
 *   flags 0                               -> inside a free or allocated block whose head
 *                                            is at most 2^MAX_ORDER frames below: look it up
 *
 * The page-table set is collected first by walking the kernel's tables from
 * the pgd: every table an entry points at (non-leaf entries) is a frame
 * owned by the page tables. It is kept sorted in a static array.
 * Adjacent frames with the same owner, order and cache are merged into one run.
 *
 * vmalloc pages are plain order-0 allocations in struct page; only the
 * vmalloc areas know them. So the walk keeps a bitmap of one aligned window
 * of VM_WINDOW_FRAMES frames: when classify() first needs a frame outside
 * the current window, the window moves there and every page of every
 * vmalloc() area (vmalloc_for_each_page) that falls in it sets its bit.
 * Exact for any number of areas, for one pass over the areas per window
 * (a window never splits a buddy block: both are aligned, the window larger).
 * The vmalloc region's page tables are in the page-table set like any other.
 *
 * Locking: the page-table walk holds vmap_area_lock, the lock under which
 * vmalloc frees kernel page tables, so it never follows an entry into a
 * freed table; the window's area walk takes it too (vmalloc_for_each_page).
 * struct page is read without a lock: mem_map is never freed, so a frame
 * another CPU allocates or frees during the walk can at worst be shown in
 * its old or new state, never make the walk read freed memory. One walk
 * at a time (the static set and window): task context, the shell's.
 */
#include "mm/frame_owner.h"
#include "mm/memblock.h"
#include "mm/memlayout.h"
#include "mm/pgtable.h"
#include "mm/page_info.h"
#include "mm/vmalloc_internal.h"
#include "lib/errno.h"
#include "lib/string.h"

extern char __kernel_start[], __kernel_end[];

/* Page tables the walk can tell apart; past this they show as alloc/reserved. */
#define MAX_PT_FRAMES 2048

/* Sorted pfns of the kernel's page tables; valid during one frame_owner_walk(). */
static pfn_t pt_frames[MAX_PT_FRAMES];
static unsigned int nr_pt_frames;
static bool pt_frames_overflow;

/* Frames per vmalloc window: 128 MiB of RAM in a 4 KiB bitmap. */
#define VM_WINDOW_FRAMES 32768UL
/* Bit i: frame vm_window_start + i backs a vmalloc() area. */
static u64 vm_window_bits[VM_WINDOW_FRAMES / 64];
/* The window's first pfn (a multiple of VM_WINDOW_FRAMES); PFN_NONE: none yet. */
static pfn_t vm_window_start;

static const char *const owner_names[NR_FRAME_OWNERS] = {
	[FRAME_HOLE] = "hole",
	[FRAME_RESERVED] = "reserved",
	[FRAME_KERNEL] = "kernel",
	[FRAME_MEM_MAP] = "mem_map",
	[FRAME_PGTABLE_BOOT] = "pgtable-boot",
	[FRAME_PGTABLE] = "pgtable",
	[FRAME_FREE] = "free",
	[FRAME_ALLOC] = "alloc",
	[FRAME_SLAB] = "slab",
	[FRAME_KMALLOC_LARGE] = "kmalloc-large",
	[FRAME_UNKNOWN] = "unknown",
	[FRAME_VMALLOC] = "vmalloc",
};

const char *frame_owner_name(enum frame_owner owner)
{
	return owner < NR_FRAME_OWNERS ? owner_names[owner] : "?";
}

bool frame_owner_has_order(enum frame_owner owner)
{
	return owner == FRAME_FREE || owner == FRAME_ALLOC || owner == FRAME_KMALLOC_LARGE;
}

/* Insert pfn into the sorted set (once). */
static void pt_frames_add(pfn_t pfn)
{
	unsigned int i = nr_pt_frames;

	if (nr_pt_frames == MAX_PT_FRAMES) {
		pt_frames_overflow = true;
		return;
	}
	while (i > 0 && pt_frames[i - 1] > pfn)
		i--;
	if (i > 0 && pt_frames[i - 1] == pfn)
		return;
	for (unsigned int j = nr_pt_frames; j > i; j--)
		pt_frames[j] = pt_frames[j - 1];
	pt_frames[i] = pfn;
	nr_pt_frames++;
}

static bool pt_frames_contains(pfn_t pfn)
{
	unsigned int lo = 0, hi = nr_pt_frames;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (pt_frames[mid] == pfn)
			return true;
		if (pt_frames[mid] < pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* Add the table at pa and, below the pte level, every table it points to. */
static void pt_frames_collect(phys_addr_t pa, enum pt_level level)
{
	const pte_t *table = phys_to_virt(pa);

	pt_frames_add(pa >> PAGE_SHIFT);
	if (level == PT_PTE)
		return;
	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
		pte_t e = table[i];

		if (!(e & _PAGE_PRESENT) || (level != PT_PGD && (e & _PAGE_PSE)))
			continue;
		pt_frames_collect(e & PTE_PFN_MASK, level + 1);
	}
}

static void vm_window_mark(pfn_t pfn, void *arg)
{
	(void)arg;
	if (pfn >= vm_window_start && pfn - vm_window_start < VM_WINDOW_FRAMES)
		vm_window_bits[(pfn - vm_window_start) / 64] |= 1ULL
								<< ((pfn - vm_window_start) % 64);
}

/* Does the frame at pfn back a vmalloc() area? Moves the window if need be. */
static bool vm_frame(pfn_t pfn)
{
	pfn_t start = pfn & ~(VM_WINDOW_FRAMES - 1);

	if (start != vm_window_start) {
		memset(vm_window_bits, 0, sizeof(vm_window_bits));
		vm_window_start = start;
		vmalloc_for_each_page(vm_window_mark, NULL);
	}
	return vm_window_bits[(pfn - start) / 64] & (1ULL << ((pfn - start) % 64));
}

/* The first frame at or after pfn that is RAM, or max_pfn; *ram says if pfn itself is. */
static pfn_t next_ram_boundary(pfn_t pfn, bool *ram)
{
	pfn_t next = max_pfn;

	for (u32 i = 0; i < memblock_region_count(MEMBLOCK_MEMORY); i++) {
		struct boot_range r = memblock_region(MEMBLOCK_MEMORY, i);
		pfn_t s = r.start >> PAGE_SHIFT, e = r.end >> PAGE_SHIFT;

		if (pfn >= s && pfn < e) {
			*ram = true;
			return e;
		}
		if (s > pfn && s < next)
			next = s;
	}
	*ram = false;
	return next;
}

/* Which kind of reserved frame pfn is. */
static enum frame_owner reserved_owner(pfn_t pfn)
{
	phys_addr_t pa = pfn << PAGE_SHIFT;
	phys_addr_t mm = virt_to_phys(mem_map);

	if (pa >= virt_to_phys(__kernel_start) && pa < virt_to_phys(__kernel_end))
		return FRAME_KERNEL;
	if (pa >= mm && pa < mm + mem_map_bytes)
		return FRAME_MEM_MAP;
	return FRAME_RESERVED;
}

/*
 * The head of the free or allocated block holding pfn, whose own flags are
 * 0; false if none covers it.
 */
static bool block_head_of(pfn_t pfn, pfn_t *head)
{
	for (unsigned int o = 1; o < NR_ORDERS; o++) {
		pfn_t h = pfn & ~((1UL << o) - 1);
		const struct page *p = pfn_to_page(h);

		if ((p->flags & (PG_buddy | PG_head)) && !(p->flags & PG_slab) && p->order >= o &&
		    pfn < h + (1UL << p->order)) {
			*head = h;
			return true;
		}
	}
	return false;
}

/* Classify the frame at pfn into *run (start = pfn); returns frames it covers. */
static u64 classify(pfn_t pfn, struct frame_run *run)
{
	const struct page *page;
	pfn_t head = pfn;
	bool ram;
	pfn_t boundary = next_ram_boundary(pfn, &ram);

	run->start = pfn;
	run->order = 0;
	run->cache = NULL;
	if (!ram) {
		run->owner = FRAME_HOLE;
		return boundary - pfn;
	}
	page = pfn_to_page(pfn);
	if (pt_frames_contains(pfn)) {
		run->owner = (page->flags & PG_reserved) ? FRAME_PGTABLE_BOOT : FRAME_PGTABLE;
		return 1;
	}
	if (vm_frame(pfn)) {
		run->owner = FRAME_VMALLOC;
		return 1;
	}
	if (page->flags & PG_reserved) {
		run->owner = reserved_owner(pfn);
		return 1;
	}
	if (page->flags & PG_slab) {
		run->owner = FRAME_SLAB;
		run->cache = page->slab_cache;
		return 1;
	}
	if (!(page->flags & (PG_buddy | PG_pcp | PG_head))) {
		if (!block_head_of(pfn, &head)) {
			run->owner = FRAME_UNKNOWN;
			return 1;
		}
		page = pfn_to_page(head);
	}
	run->order = page->order;
	if (page->flags & (PG_buddy | PG_pcp))
		run->owner = FRAME_FREE;
	else if (page->flags & PG_kmalloc)
		run->owner = FRAME_KMALLOC_LARGE;
	else
		run->owner = FRAME_ALLOC;
	return head + (1UL << page->order) - pfn;
}

int frame_owner_walk(pfn_t start, pfn_t end, void (*fn)(const struct frame_run *run, void *arg),
		     void *arg)
{
	struct frame_run cur = {.count = 0};

	nr_pt_frames = 0;
	pt_frames_overflow = false;
	vm_window_start = PFN_NONE; /* the areas may have changed since the last walk */
	spin_lock(&vmap_area_lock);
	pt_frames_collect(kernel_pgd_phys, PT_PGD);
	spin_unlock(&vmap_area_lock);
	end = MIN(end, max_pfn);
	for (pfn_t pfn = start; pfn < end;) {
		struct frame_run next = {.count = 0};
		u64 n = MIN(classify(pfn, &next), end - pfn);

		if (cur.count && (next.owner != cur.owner || next.order != cur.order ||
				  next.cache != cur.cache)) {
			fn(&cur, arg);
			cur.count = 0;
		}
		if (!cur.count)
			cur = next;
		cur.count += n;
		pfn += n;
	}
	if (cur.count)
		fn(&cur, arg);
	return pt_frames_overflow ? -ENOSPC : 0;
}
