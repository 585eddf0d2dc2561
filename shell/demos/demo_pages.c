// SPDX-License-Identifier: MIT
/*
 * Demos of the page allocator (mm/page_alloc.c), run by `demo NAME`
 * (cmd_demo.c, which checks that each leaves no trace):
 *
 *   lowlevel [ORDER]  the API tour of the book's lowlevel_mem module
 *   exact             alloc_pages_exact() against power-of-two rounding
 *   buddy             one split and the merges that undo it, order by order
 *   exhaust           allocate until failure, then free everything (then
 *                     kmalloc the same way: demo_exhaust_kmalloc in
 *                     demo_slab.c). Not the book's oom_killer_try (demo
 *                     oom): a kernel allocation never starts the OOM
 *                     killer and strata has nothing to reclaim, so running
 *                     out ends in NULL and the allocator's warning
 *   doublefree        the buddy catches a page freed twice (then the slab
 *                     a kfree twice: demo_doublefree_kfree)
 */
#include "shell/shell_internal.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/page_debug.h"
#include "mm/page_info.h"

/* "   -> ADDR = phys PA, pfn N; free pages now F" for a direct-map address. */
static void show_addr(unsigned long addr)
{
	phys_addr_t pa = virt_to_phys((void *)addr);

	shell_printf("   -> %#lx = phys %#llx, pfn %#llx; free pages now %llu\n", addr,
		     (unsigned long long)pa, (unsigned long long)(pa >> PAGE_SHIFT),
		     (unsigned long long)nr_free_pages());
}

int demo_lowlevel(int argc, char **argv)
{
	unsigned long one, many = 0, zeroed = 0;
	struct page *page = NULL, *pages = NULL;
	u64 order = 2;
	bool zero = true;

	if (argc == 2 && !shell_arg_u64("demo lowlevel", argv[1], &order))
		return -EINVAL;
	if (order > MAX_ORDER) {
		shell_printf("demo lowlevel: order %llu is above MAX_ORDER (%u)\n",
			     (unsigned long long)order, MAX_ORDER);
		return -EINVAL;
	}
	shell_printf("Five ways to get pages from the buddy allocator (order %llu where one is "
		     "chosen); free pages at the start: %llu\n",
		     (unsigned long long)order, (unsigned long long)nr_free_pages());
	shell_printf("1. __get_free_page(GFP_KERNEL): one page, as a direct-map address\n");
	one = __get_free_page(GFP_KERNEL);
	if (!one)
		goto out;
	show_addr(one);
	shell_printf("2. __get_free_pages(GFP_KERNEL, %llu): %llu contiguous pages\n",
		     (unsigned long long)order, 1ULL << order);
	many = __get_free_pages(GFP_KERNEL, (unsigned int)order);
	if (!many)
		goto out;
	show_addr(many);
	shell_printf("3. get_zeroed_page(GFP_KERNEL): one page, cleared\n");
	zeroed = get_zeroed_page(GFP_KERNEL);
	if (!zeroed)
		goto out;
	for (size_t i = 0; i < PAGE_SIZE; i++)
		zero = zero && ((const u8 *)zeroed)[i] == 0;
	show_addr(zeroed);
	shell_printf("   all %lu bytes zero: %s\n", PAGE_SIZE, zero ? "yes" : "NO");
	shell_printf(
		"4. alloc_page(GFP_KERNEL): a struct page *; page_address() gives its memory\n");
	page = alloc_page(GFP_KERNEL);
	if (!page)
		goto out;
	shell_printf("   -> struct page %p, pfn %#llx, page_address %p\n", (void *)page,
		     (unsigned long long)page_to_pfn(page), page_address(page));
	shell_printf("5. alloc_pages(GFP_KERNEL, %llu): the head struct page of the block\n",
		     (unsigned long long)order);
	pages = alloc_pages(GFP_KERNEL, (unsigned int)order);
	if (!pages)
		goto out;
	shell_printf("   -> struct page %p, pfn %#llx, page_address %p\n", (void *)pages,
		     (unsigned long long)page_to_pfn(pages), page_address(pages));
	shell_printf("   head page: flags %#x (PG_head), order %u, caller %pS\n", pages->flags,
		     pages->order, (void *)pages->caller);
	shell_printf("Freeing in reverse: __free_pages, __free_page, free_page, free_pages, "
		     "free_page\n");
out:
	if (pages)
		__free_pages(pages, (unsigned int)order);
	if (page)
		__free_page(page);
	free_page(zeroed); /* address 0 is ignored, as on Linux */
	free_pages(many, (unsigned int)order);
	free_page(one);
	if (!pages)
		demo_out_of_memory();
	shell_printf("Free pages at the end: %llu\n", (unsigned long long)nr_free_pages());
	return pages ? 0 : -ENOMEM;
}

int demo_exact(int argc, char **argv)
{
	const size_t size = 33 * KiB;
	unsigned int order = get_order(size);
	u64 start, mid;
	unsigned long block;
	char state[160];
	void *exact;

	(void)argc;
	(void)argv;
	drain_all_pages(NULL); /* every free page in the buddy: the counts below are exact */
	start = nr_free_pages();
	shell_printf("33 KiB is 8.25 pages: 9 pages are needed; the buddy allocator only has "
		     "power-of-two blocks: get_order(33 KiB) = %u (%u pages, %lu KiB)\n",
		     order, 1U << order, (PAGE_SIZE << order) >> 10);
	shell_printf("1. __get_free_pages(GFP_KERNEL, %u): the rounded-up block\n", order);
	block = __get_free_pages(GFP_KERNEL, order);
	if (!block) {
		demo_out_of_memory();
		return -ENOMEM;
	}
	mid = nr_free_pages();
	shell_printf("   free pages %llu -> %llu: %llu pages taken, %llu of them (%llu KiB) "
		     "wasted\n",
		     (unsigned long long)start, (unsigned long long)mid,
		     (unsigned long long)(start - mid), (unsigned long long)(start - mid - 9),
		     (unsigned long long)((start - mid - 9) * 4));
	free_pages(block, order);
	shell_printf("   freed\n");
	shell_printf("2. alloc_pages_exact(33 KiB, GFP_KERNEL): the same block, its 7 tail pages "
		     "freed at once\n");
	exact = alloc_pages_exact(size, GFP_KERNEL);
	if (!exact) {
		demo_out_of_memory();
		return -ENOMEM;
	}
	drain_all_pages(NULL); /* the tail pages went to this CPU's per-CPU list first */
	mid = nr_free_pages();
	shell_printf("   -> %p; free pages %llu -> %llu: %llu pages taken\n", exact,
		     (unsigned long long)start, (unsigned long long)mid,
		     (unsigned long long)(start - mid));
	for (unsigned int i = 8; i <= 9; i++) {
		pfn_t pfn = page_to_pfn(virt_to_page(exact)) + i;

		page_describe_state(pfn, state, sizeof(state));
		shell_printf("   page %u of the block (pfn %#llx): %s\n", i,
			     (unsigned long long)pfn, state);
	}
	shell_printf("3. free_pages_exact(%p, 33 KiB): the 9 pages go back and merge\n", exact);
	free_pages_exact(exact, size);
	drain_all_pages(NULL);
	shell_printf("   free pages %llu (per-CPU lists drained)\n",
		     (unsigned long long)nr_free_pages());
	return 0;
}

/*
 * Say which merges freeing the order-0 page at pfn will do, by the rule of
 * buddy_merge_and_free(), then free it and show its zone's free lists.
 */
static void free_and_explain(pfn_t pfn)
{
	pfn_t p = pfn;
	unsigned int o = 0;

	shell_printf("free pfn %#llx:\n", (unsigned long long)pfn);
	for (; o < MAX_ORDER; o++) {
		pfn_t buddy = p ^ (1UL << o);
		const struct page *b = pfn_to_page(buddy);

		if (!pfn_valid(buddy) || !(b->flags & PG_buddy) || b->order != o) {
			shell_printf(
				"  order %2u: buddy pfn %#llx is not a free order-%u block: stop\n",
				o, (unsigned long long)buddy, o);
			break;
		}
		shell_printf(
			"  order %2u: buddy pfn %#llx is free: merge into order %u at pfn %#llx\n",
			o, (unsigned long long)buddy, o + 1, (unsigned long long)(p & ~(1UL << o)));
		p &= ~(1UL << o);
	}
	__free_page(pfn_to_page(pfn));
	drain_local_pages(NULL); /* from this CPU's per-CPU list into the buddy, now */
	shell_printf("  -> an order-%u block at pfn %#llx goes on free list %u\n", o,
		     (unsigned long long)p, o);
	shell_buddyinfo_line("  ", pfn_zone(pfn));
}

/* Order-0 allocations until one splits a block: at most this many. */
#define BUDDY_DEMO_MAX 64

int demo_buddy(int argc, char **argv)
{
	struct page *held[BUDDY_DEMO_MAX];
	struct buddy_snapshot before, after;
	int n = 0, z = 0;
	bool split = false, failed = false;

	(void)argc;
	(void)argv;
	shell_printf("Order-0 pages are taken until one has to come from splitting a larger "
		     "block; then they are freed in reverse and the merges undo the split.\n"
		     "(Order-0 pages pass through this CPU's per-CPU list, refilled and drained "
		     "in batches;\neach step here drains it, so the buddy's own lists show.)\n");
	shell_printf("%-21s", "");
	for (int o = 0; o < NR_ORDERS; o++)
		shell_printf(" %6d", o);
	shell_printf("\n");
	while (!split && n < BUDDY_DEMO_MAX) {
		struct page *page;
		pfn_t pfn;

		buddy_snapshot(&before);
		page = alloc_page(GFP_KERNEL);
		if (!page) {
			failed = true;
			demo_out_of_memory();
			break;
		}
		held[n++] = page;
		pfn = page_to_pfn(page);
		z = pfn_zone(pfn);
		buddy_snapshot(&after);
		for (int o = NR_ORDERS - 1; o > 0 && !split; o--) {
			if (after.nr_free[z][o] >= before.nr_free[z][o])
				continue;
			split = true;
			shell_printf(
				"alloc_page #%d: no free order-0 block, so the order-%d block at "
				"pfn %#llx is split:\n",
				n, o, (unsigned long long)pfn);
			for (int k = o - 1; k >= 0; k--)
				shell_printf(
					"  order %2d: upper half pfn %#llx goes on free list %d\n",
					k, (unsigned long long)pfn + (1ULL << k), k);
			shell_printf("  pfn %#llx is returned\n", (unsigned long long)pfn);
		}
		if (!split)
			shell_printf("alloc_page #%d: pfn %#llx straight off free list 0\n", n,
				     (unsigned long long)pfn);
		shell_buddyinfo_line("  ", z);
	}
	shell_printf("Now freeing in reverse order:\n");
	while (n > 0)
		free_and_explain(page_to_pfn(held[--n]));
	return failed ? -ENOMEM : 0;
}

/* What a demo keeps in the first bytes of each block it holds: a stack of blocks. */
struct demo_held_block {
	struct demo_held_block *next;
	unsigned int order;
};

struct demo_held_block *demo_hold_pages(u64 keep, u64 counts[MAX_ORDER + 1])
{
	struct demo_held_block *stack = NULL;

	for (int order = MAX_ORDER; order >= 0; order--) {
		counts[order] = 0;
		while (!keep || nr_free_pages() >= keep + (1UL << order)) {
			struct demo_held_block *b = (struct demo_held_block *)__get_free_pages(
				GFP_KERNEL | __GFP_NOWARN, (unsigned int)order);

			if (!b)
				break;
			b->next = stack;
			b->order = (unsigned int)order;
			stack = b;
			counts[order]++;
		}
	}
	return stack;
}

void demo_release_pages(struct demo_held_block *stack)
{
	while (stack) {
		struct demo_held_block *b = stack;

		stack = b->next;
		free_pages((unsigned long)b, b->order);
	}
}

int demo_exhaust(int argc, char **argv)
{
	struct demo_held_block *stack;
	u64 start, blocks = 0, counts[MAX_ORDER + 1];
	unsigned long last;

	(void)argc;
	(void)argv;
	drain_all_pages(NULL); /* every free page in the buddy: the counts below are exact */
	start = nr_free_pages();
	shell_printf("Allocating until the page allocator fails. Not an OOM killer demo (demo "
		     "oom is):\na kernel allocation never starts the OOM killer and strata has "
		     "nothing to reclaim,\nso running out only means NULL.\n");
	shell_printf("Taking every free block, largest orders first (__GFP_NOWARN), from %llu "
		     "free pages (%llu MiB):\n",
		     (unsigned long long)start, (unsigned long long)(start >> 8));
	stack = demo_hold_pages(0, counts);
	for (int order = MAX_ORDER; order >= 0; order--) {
		u64 n = counts[order];

		if (n)
			shell_printf("  order %2d: %llu block%s (%llu KiB)\n", order,
				     (unsigned long long)n, n == 1 ? "" : "s",
				     (unsigned long long)(n * 4) << order);
		blocks += n;
	}
	shell_printf("Free pages now %llu: each zone's min watermark (vm.min_free_kbytes = %d "
		     "kB in all),\nbelow which GFP_KERNEL may not go; GFP_ATOMIC could take part "
		     "of it. One more page,\nwithout __GFP_NOWARN: the allocator says no and "
		     "prints its warning:\n",
		     (unsigned long long)nr_free_pages(), min_free_kbytes);
	warn_alloc_ratelimit_reset(); /* show the whole report, whatever came before */
	last = __get_free_page(GFP_KERNEL);
	free_page(last); /* 0 when it failed, and free_page(0) does nothing */
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (zones[z].managed_pages)
			shell_buddyinfo_line("  ", z);
	shell_printf("Freeing the %llu blocks...\n", (unsigned long long)blocks);
	demo_release_pages(stack);
	drain_all_pages(NULL);
	shell_printf("Free pages back to %llu (%s)\n", (unsigned long long)nr_free_pages(),
		     nr_free_pages() == start ? "as at the start" : "NOT as at the start");
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (zones[z].managed_pages)
			shell_buddyinfo_line("  ", z);
	demo_exhaust_kmalloc();
	return 0;
}

int demo_doublefree(int argc, char **argv)
{
	u64 reports = page_alloc_reports, free_after;
	unsigned long a = __get_free_page(GFP_KERNEL);
	char state[160], why[160];

	(void)argc;
	(void)argv;
	if (!a) {
		shell_printf("1. __get_free_page:\n");
		demo_out_of_memory();
		return -ENOMEM;
	}
	page_describe_state(virt_to_phys((void *)a) >> PAGE_SHIFT, state, sizeof(state));
	shell_printf("1. __get_free_page -> %#lx: %s\n", a, state);
	free_page(a);
	free_after = nr_free_pages();
	page_describe_state(virt_to_phys((void *)a) >> PAGE_SHIFT, state, sizeof(state));
	shell_printf("2. free_page(%#lx): %s\n", a, state);
	shell_printf("3. free_page(%#lx) again: the buddy reads the struct page, sees no "
		     "allocated block, reports and refuses:\n",
		     a);
	free_page(a);
	shell_printf("4. The kernel goes on: reports %llu -> %llu, free pages %llu (unchanged "
		     "by the second free: %s), free lists %s\n",
		     (unsigned long long)reports, (unsigned long long)page_alloc_reports,
		     (unsigned long long)nr_free_pages(),
		     nr_free_pages() == free_after ? "yes" : "NO",
		     buddy_check_invariants(why, sizeof(why)) ? "consistent" : why);
	return demo_doublefree_kfree();
}
