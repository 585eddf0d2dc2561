// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the buddy allocator (mm/page_alloc.c, page_debug.c,
 * page_info.c) over a simulated RAM of 8 MiB straddling the 16 MiB line,
 * so ZONE_DMA and ZONE_DMA32 both exist and fallback runs:
 *
 *   pfn 0 ........ RAM_START_PFN (12 MiB) .... 16 MiB .... max_pfn (20 MiB)
 *   | hole (reserved) | DMA: one order-10 block | DMA32: one order-10 block |
 *
 * Input: byte 0 bit 0 turns page poisoning on for the run; then each byte
 * is an operation, with its operands in the bytes after it:
 *   alloc_pages (zone flags, __GFP_ZERO, order), __free_pages of a live
 *   block, alloc_pages_exact / free_pages_exact, __get_free_pages /
 *   free_pages, and misuse: a free of any pfn with any order that is not a
 *   live block of that order, or free_pages of an unaligned address.
 *
 * A page-ownership model (owner[]: which slot holds each RAM page) is
 * checked after every operation, with buddy_check_invariants(): a block is
 * never handed out twice, is aligned and in a zone gfp allows, came from a
 * lower zone only when the higher ones had no free block of that order,
 * __GFP_ZERO memory is zero, NULL comes back only when the model has no
 * free aligned block, nr_free_pages() matches the model, every misuse is
 * reported exactly once and changes nothing, and nothing legitimate is
 * reported. At the end everything is freed and buddyinfo must be exactly
 * what it was after boot.
 */
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/page_debug.h"
#include "mm/page_info.h"
#include "tests/fuzz/fuzz.h"
#include "tests/host/sim_machine.h"

#define RAM_START (12UL * MiB)
#define RAM_BYTES (8UL * MiB)
#define RAM_START_PFN (RAM_START >> PAGE_SHIFT)
#define RAM_PAGES (RAM_BYTES >> PAGE_SHIFT)
#define SLOTS 64
#define MAX_OPS 4000

/* One live allocation of the model. */
static struct slot {
	pfn_t pfn;	    /* first page; 0 when the slot is empty */
	unsigned int order; /* block order (BLOCK) */
	size_t pages;	    /* pages held (both kinds) */
	bool exact;	    /* alloc_pages_exact: each page its own order-0 block */
} slot[SLOTS];
static u8 owner[RAM_PAGES]; /* 1 + slot index holding the page, 0 = free */
static u64 allocated;	    /* pages held by the model */
static u64 reports;	    /* page_alloc_reports expected */
/* All of sim_ram holds PAGE_POISON: a poisoned run ends so, and the next needs no fill. */
static bool ram_poisoned;
static struct buddy_snapshot boot_snapshot;

static void machine_reset(bool poison)
{
	page_poison_enabled = poison;
	if (poison && sim_ram && !ram_poisoned)
		memset(sim_ram, PAGE_POISON, RAM_BYTES);
	ram_poisoned = poison;
	sim_machine_reset(RAM_START, RAM_BYTES);
	buddy_snapshot(&boot_snapshot);
	memset(slot, 0, sizeof(slot));
	memset(owner, 0, sizeof(owner));
	allocated = 0;
	reports = page_alloc_reports;
}

static void check_all(const char *after)
{
	char why[200];

	FUZZ_CHECK(buddy_check_invariants(why, sizeof(why)), "after %s: %s", after, why);
	FUZZ_CHECK(nr_free_pages() + allocated == RAM_PAGES,
		   "after %s: %llu free + %llu allocated != %lu", after,
		   (unsigned long long)nr_free_pages(), (unsigned long long)allocated, RAM_PAGES);
	FUZZ_CHECK(page_alloc_reports == reports, "after %s: %llu reports, expected %llu", after,
		   (unsigned long long)page_alloc_reports, (unsigned long long)reports);
}

/* Does the model have a free aligned 2^order block in pfns [lo, hi)? */
static bool model_has_free_block(pfn_t lo, pfn_t hi, unsigned int order)
{
	pfn_t n = 1UL << order;

	lo = MAX(lo, RAM_START_PFN);
	hi = MIN(hi, max_pfn);
	for (pfn_t p = ALIGN_UP(lo, n); p + n <= hi; p += n) {
		pfn_t k = 0;

		while (k < n && !owner[p + k - RAM_START_PFN])
			k++;
		if (k == n)
			return true;
	}
	return false;
}

/* Record a successful allocation of pages at pfn in slot i, checking it. */
static void model_take(int i, pfn_t pfn, size_t pages, gfp_t gfp)
{
	u8 *mem = (u8 *)phys_to_virt(pfn << PAGE_SHIFT);

	FUZZ_CHECK(pfn >= RAM_START_PFN && pfn + pages <= max_pfn, "pfn %#llx outside RAM",
		   (unsigned long long)pfn);
	for (size_t k = 0; k < pages; k++) {
		FUZZ_CHECK(!owner[pfn + k - RAM_START_PFN], "pfn %#llx handed out twice",
			   (unsigned long long)(pfn + k));
		owner[pfn + k - RAM_START_PFN] = (u8)(i + 1);
	}
	static const u8 zero[PAGE_SIZE];

	/* memcmp, not a byte loop: libFuzzer would trace every comparison. */
	if (gfp & __GFP_ZERO)
		for (size_t k = 0; k < pages; k++)
			FUZZ_CHECK(!memcmp(mem + k * PAGE_SIZE, zero, PAGE_SIZE),
				   "__GFP_ZERO page %#llx is not zero",
				   (unsigned long long)(pfn + k));
	memset(mem, 0x5a, pages * PAGE_SIZE); /* the owner uses its memory */
	if (!page_poison_enabled)
		ram_poisoned = false;
	slot[i].pfn = pfn;
	slot[i].pages = pages;
	allocated += pages;
}

static void model_release(int i)
{
	for (size_t k = 0; k < slot[i].pages; k++)
		owner[slot[i].pfn + k - RAM_START_PFN] = 0;
	allocated -= slot[i].pages;
	slot[i].pfn = 0;
}

static gfp_t pick_gfp(u8 b)
{
	static const gfp_t zone_flags[] = {GFP_KERNEL, GFP_ATOMIC, GFP_DMA, GFP_DMA32};

	return zone_flags[b & 3] | (b & 4 ? __GFP_ZERO : 0) | __GFP_NOWARN;
}

static void op_alloc(struct fuzz_input *in, int i)
{
	gfp_t gfp = pick_gfp(fuzz_u8(in));
	u8 o = fuzz_u8(in);
	/* Mostly small orders, as real callers; now and then any, even too big. */
	unsigned int order = o & 0x80 ? o % (NR_ORDERS + 1) : o % 4;
	pfn_t limit = gfp & __GFP_DMA ? ZONE_DMA_END_PFN : max_pfn;
	struct page *page = alloc_pages(gfp, order);
	pfn_t pfn;

	if (!page) {
		FUZZ_CHECK(order > MAX_ORDER || !model_has_free_block(0, limit, order),
			   "order-%u allocation (gfp %#x) failed with a free block", order, gfp);
		return;
	}
	pfn = page_to_pfn(page);
	FUZZ_CHECK(order <= MAX_ORDER && IS_ALIGNED(pfn, 1UL << order) &&
			   pfn + (1UL << order) <= limit,
		   "order-%u block at pfn %#llx (gfp %#x)", order, (unsigned long long)pfn, gfp);
	if (pfn < ZONE_DMA_END_PFN && !(gfp & __GFP_DMA))
		FUZZ_CHECK(!model_has_free_block(ZONE_DMA_END_PFN, max_pfn, order),
			   "took DMA at pfn %#llx while DMA32 had an order-%u block",
			   (unsigned long long)pfn, order);
	model_take(i, pfn, 1UL << order, gfp);
	slot[i].order = order;
	slot[i].exact = false;
}

static void op_alloc_exact(struct fuzz_input *in, int i)
{
	gfp_t gfp = pick_gfp(fuzz_u8(in));
	size_t size = fuzz_u16(in) % (PAGE_SIZE * 40) + 1;
	u8 *virt = alloc_pages_exact(size, gfp);

	if (!virt) {
		FUZZ_CHECK(!model_has_free_block(0, gfp & __GFP_DMA ? ZONE_DMA_END_PFN : max_pfn,
						 get_order(size)),
			   "alloc_pages_exact(%zu) failed with a free block", size);
		return;
	}
	model_take(i, virt_to_phys(virt) >> PAGE_SHIFT, ALIGN_UP(size, PAGE_SIZE) >> PAGE_SHIFT,
		   gfp);
	slot[i].exact = true;
}

static void op_get_free_pages(struct fuzz_input *in, int i)
{
	gfp_t gfp = pick_gfp(fuzz_u8(in));
	unsigned int order = fuzz_u8(in) % 3;
	unsigned long addr = __get_free_pages(gfp, order);

	if (!addr)
		return;
	model_take(i, virt_to_phys((void *)addr) >> PAGE_SHIFT, 1UL << order, gfp);
	slot[i].order = order;
	slot[i].exact = false;
}

static void op_free(int i, bool by_address)
{
	struct page *page = pfn_to_page(slot[i].pfn);

	if (slot[i].exact)
		free_pages_exact(page_address(page), slot[i].pages * PAGE_SIZE);
	else if (by_address)
		free_pages((unsigned long)page_address(page), slot[i].order);
	else
		__free_pages(page, slot[i].order);
	model_release(i);
}

/* Is pfn the head of a live allocation of this order, i.e. a valid free? */
static bool model_valid_free(pfn_t pfn, unsigned int order)
{
	int i;

	if (pfn < RAM_START_PFN || !owner[pfn - RAM_START_PFN])
		return false;
	i = owner[pfn - RAM_START_PFN] - 1;
	if (slot[i].exact)
		return order == 0;
	return slot[i].pfn == pfn && slot[i].order == order;
}

static void op_misuse(struct fuzz_input *in)
{
	pfn_t pfn = fuzz_u16(in) % max_pfn;
	unsigned int order = fuzz_u8(in) % (NR_ORDERS + 2);
	u8 how = fuzz_u8(in);
	u64 before = nr_free_pages();

	if (how & 1) {
		/* free_pages() of an address inside a page: refused, reported. */
		pfn = RAM_START_PFN + pfn % RAM_PAGES;
		free_pages((unsigned long)phys_to_virt(pfn << PAGE_SHIFT) + 1 + how % 255, order);
	} else {
		if (model_valid_free(pfn, order))
			return;
		__free_pages(pfn_to_page(pfn), order);
	}
	reports++;
	FUZZ_CHECK(nr_free_pages() == before, "a refused free changed the free count");
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_input in = {data, size};
	struct buddy_snapshot end;

	machine_reset(fuzz_u8(&in) & 1);
	check_all("boot");
	for (int ops = 0; in.left && ops < MAX_OPS; ops++) {
		u8 op = fuzz_u8(&in);
		int i = fuzz_u8(&in) % SLOTS;
		const char *what;

		switch (op % 8) {
		case 0:
		case 1:
		case 2:
			what = slot[i].pfn ? "free" : "alloc_pages";
			if (slot[i].pfn)
				op_free(i, false);
			else
				op_alloc(&in, i);
			break;
		case 3:
			what = slot[i].pfn ? "free" : "alloc_pages_exact";
			if (slot[i].pfn)
				op_free(i, false);
			else
				op_alloc_exact(&in, i);
			break;
		case 4:
			what = slot[i].pfn ? "free_pages" : "__get_free_pages";
			if (slot[i].pfn)
				op_free(i, true);
			else
				op_get_free_pages(&in, i);
			break;
		case 5:
			what = "misuse";
			op_misuse(&in);
			break;
		default:
			what = "free";
			if (slot[i].pfn)
				op_free(i, false);
			break;
		}
		check_all(what);
	}
	for (int i = 0; i < SLOTS; i++)
		if (slot[i].pfn)
			op_free(i, false);
	check_all("freeing everything");
	buddy_snapshot(&end);
	FUZZ_CHECK(!memcmp(&end, &boot_snapshot, sizeof(end)), "buddyinfo differs from boot");
	return 0;
}
