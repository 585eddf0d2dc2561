/* SPDX-License-Identifier: MIT */
/*
 * The page allocator's checks and reports (mm/page_debug.c): misuse of
 * free, page poisoning (page_poison=1 on the command line), and the
 * allocation-failure report.
 */
#ifndef STRATA_PAGE_DEBUG_H
#define STRATA_PAGE_DEBUG_H

#include "mm/gfp.h"

/* Linux's page poison byte: freed pages are filled with it. */
#define PAGE_POISON 0xaa

/* True when page_poison=1: free pages are poisoned and checked on allocation. */
extern bool page_poison_enabled;
/* Read page_poison= from the command line. Boot, before the buddy gets any page. */
void page_poison_setup(void);
/* Number of misuse and poison reports printed since boot (tests read it). */
extern u64 page_alloc_reports;

/* Fill 2^order pages with PAGE_POISON. */
void page_poison_fill(struct page *page, unsigned int order);
/* Check 2^order pages still hold PAGE_POISON; report the first bad byte. */
void page_poison_check(struct page *page, unsigned int order);

/*
 * Report a refused free: what was wrong, the pfn, the page's state, the
 * caller, and a backtrace.
 */
void page_report_bad_free(const char *what, pfn_t pfn, unsigned int order, u64 caller);
/* Report a bad free by address (not page-aligned, not in the direct map). */
void page_report_bad_address(const char *what, unsigned long addr, u64 caller);
/* Describe the state of the page at pfn in words ("free, in an order-3 block at pfn N"). */
void page_describe_state(pfn_t pfn, char *buf, size_t size);

/*
 * Write a gfp mask as Linux's %pGg does ("GFP_KERNEL|__GFP_NOWARN"; bits
 * without a name in hex); returns the length it needed, like snprintf.
 */
int gfp_flags_string(gfp_t gfp, char *buf, size_t size);
/*
 * The allocation-failure report, unless gfp has __GFP_NOWARN: the line
 * "<current's comm>: <fmt>, mode:0x..(<names>), nodemask=(null)" and the caller,
 * then (at most once per 10 s) a backtrace and show_mem() of the zones gfp
 * may use.
 */
void warn_alloc(gfp_t gfp, u64 caller, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Let the next failure print its full report (tests and demos that show it). */
void warn_alloc_ratelimit_reset(void);

#endif /* STRATA_PAGE_DEBUG_H */
