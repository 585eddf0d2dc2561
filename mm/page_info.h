/* SPDX-License-Identifier: MIT */
/*
 * Looking at the page allocator: buddyinfo and meminfo in the shape of
 * Linux's /proc files, for the boot log, the tests and the shell.
 */
#ifndef STRATA_PAGE_INFO_H
#define STRATA_PAGE_INFO_H

#include "mm/mmzone.h"

/* Free blocks per zone and order: the data of /proc/buddyinfo. */
struct buddy_snapshot {
	u64 nr_free[MAX_NR_ZONES][NR_ORDERS];
};

void buddy_snapshot(struct buddy_snapshot *s);
/*
 * Print "Node 0, zone   Normal    n0 n1 ... n10" per populated zone, then
 * "Node 0, zone   Normal pcp: cpu0 N, cpu1 N" (pages on per-CPU lists).
 */
void buddyinfo_print(void);
/* Write "cpu0 N, cpu1 N, ...": zone's pages on each possible CPU's list. */
int zone_pcp_string(const struct zone *zone, char *buf, size_t size);
/* Pages on every per-CPU list of every zone (a racy snapshot). */
u64 nr_pcp_pages(void);
/* Print each zone as Linux's /proc/zoneinfo: free, watermarks, pagesets. */
void zoneinfo_print(void);
/* Print MemTotal, MemFree, reserved memory and the mem_map cost. */
void meminfo_print(void);
/* The allocation-failure Mem-Info: zones 0..max_zone, free blocks per order. */
void show_mem(enum zone_type max_zone);

/*
 * Check every free-list invariant (mm/page_alloc.c header): list links,
 * flags, alignment, no mergeable buddies, counters. Returns true if all
 * hold, else writes the first broken one into why.
 */
bool buddy_check_invariants(char *why, size_t size);
/*
 * The same without reading the pages inside free blocks: O(free blocks)
 * instead of O(free pages), for checks after every step on large guests.
 */
bool buddy_check_free_lists(char *why, size_t size);

#endif /* STRATA_PAGE_INFO_H */
