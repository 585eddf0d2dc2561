// SPDX-License-Identifier: MIT
/*
 * `memmap`: every physical frame's owner as a run-length dump, for people
 * and for tools/memmap-svg, which draws it. The owners come from
 * mm/frame_owner.c. The format, one fact per line (pfns in hex, counts in
 * frames, decimal):
 *
 *   (meminfo, as the meminfo command prints it)
 *   memmap begin frames N page 4096
 *   memmap run START COUNT OWNER        OWNER: hole reserved kernel mem_map
 *   ...                                        pgtable-boot pgtable free-K
 *                                              alloc-K slab:CACHE kmalloc-large-K
 *   memmap count OWNER FRAMES           per owner, the frames of its runs
 *   memmap zone NAME START END F0 .. F10  span and free blocks per order
 *   memmap totals ram R free F reserved S allocated A
 *   memmap end
 *
 * ram = MemTotal + Reserved, free = MemFree, reserved = Reserved of meminfo, in
 * frames; tools/memmap-svg checks that its counts add up to them. The
 * slab:CACHE count lines come from each cache's own counter (nr_slabs <<
 * order), the runs from the page flags: the two must agree.
 */
#include "shell/shell_internal.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"
#include "mm/frame_owner.h"
#include "mm/mmzone.h"
#include "mm/page_info.h"
#include "mm/slab.h"

/* Frames per owner and order, summed over the runs of one dump. */
struct memmap_counts {
	u64 frames[NR_FRAME_OWNERS][NR_ORDERS];
};

/* "free-3" for an owner with an order, "slab:kmalloc-64", else the bare name. */
static void owner_label(enum frame_owner owner, unsigned int order, const struct kmem_cache *cache,
			char *buf, size_t size)
{
	if (owner == FRAME_SLAB && cache)
		snprintf(buf, size, "slab:%s", cache->name);
	else if (frame_owner_has_order(owner))
		snprintf(buf, size, "%s-%u", frame_owner_name(owner), order);
	else
		snprintf(buf, size, "%s", frame_owner_name(owner));
}

static void print_run(const struct frame_run *run, void *arg)
{
	struct memmap_counts *c = arg;
	char label[48];

	owner_label(run->owner, run->order, run->cache, label, sizeof(label));
	shell_printf("memmap run %#llx %llu %s\n", (unsigned long long)run->start,
		     (unsigned long long)run->count, label);
	c->frames[run->owner][run->order] += run->count;
}

/* The slab count lines, one per cache with slabs; returns the frames they count. */
static u64 print_slab_counts(void)
{
	u64 total = 0;

	for (const struct kmem_cache *s = kmem_cache_next(NULL); s; s = kmem_cache_next(s)) {
		u64 n = (u64)s->nr_slabs << s->order;

		if (!n)
			continue;
		shell_printf("memmap count slab:%s %llu\n", s->name, (unsigned long long)n);
		total += n;
	}
	return total;
}

/* The count lines; returns the totals' parts in t[]: ram, free, reserved. */
static void print_counts(const struct memmap_counts *c, u64 t[3])
{
	for (int w = 0; w < NR_FRAME_OWNERS; w++) {
		if (w == FRAME_SLAB) {
			u64 n = print_slab_counts();

			t[0] += n;
			if (n != c->frames[w][0])
				shell_printf("memmap: %llu slab frames by the page flags, %llu by "
					     "the caches' counters\n",
					     (unsigned long long)c->frames[w][0],
					     (unsigned long long)n);
			continue;
		}
		for (unsigned int o = 0; o < NR_ORDERS; o++) {
			char label[32];
			u64 n = c->frames[w][o];

			if (!n)
				continue;
			owner_label(w, o, NULL, label, sizeof(label));
			shell_printf("memmap count %s %llu\n", label, (unsigned long long)n);
			if (w != FRAME_HOLE)
				t[0] += n;
			if (w == FRAME_FREE)
				t[1] += n;
			if (w == FRAME_RESERVED || w == FRAME_KERNEL || w == FRAME_MEM_MAP ||
			    w == FRAME_PGTABLE_BOOT)
				t[2] += n;
		}
	}
}

int cmd_memmap(int argc, char **argv)
{
	static struct memmap_counts counts; /* 1 KiB: off the small boot stack */
	u64 t[3] = {0, 0, 0};
	int err;

	(void)argc;
	(void)argv;
	counts = (struct memmap_counts){0};
	meminfo_print();
	shell_printf("memmap begin frames %llu page %lu\n", (unsigned long long)max_pfn, PAGE_SIZE);
	err = frame_owner_walk(0, max_pfn, print_run, &counts);
	print_counts(&counts, t);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		char line[160];
		int n;

		if (!zones[z].managed_pages)
			continue;
		n = snprintf(line, sizeof(line), "memmap zone %s %#llx %#llx", zones[z].name,
			     (unsigned long long)zones[z].start_pfn,
			     (unsigned long long)zones[z].end_pfn);
		for (int o = 0; o < NR_ORDERS; o++)
			n += snprintf(line + n, sizeof(line) - (size_t)n, " %llu",
				      (unsigned long long)zones[z].free_area[o].nr_free);
		shell_printf("%s\n", line);
	}
	shell_printf("memmap totals ram %llu free %llu reserved %llu allocated %llu\n",
		     (unsigned long long)t[0], (unsigned long long)t[1], (unsigned long long)t[2],
		     (unsigned long long)(t[0] - t[1] - t[2]));
	/* Before the end marker: readers of the dump stop there. */
	if (err)
		shell_printf("memmap: too many page tables to tell apart; some show as alloc\n");
	shell_printf("memmap end\n");
	return 0;
}
