/* SPDX-License-Identifier: MIT */
/*
 * <linux/mm_types.h> for modules: struct page, strata's own (mm/page.h).
 * Its fields are strata's, fewer than Linux's: module code that uses the
 * helpers (page_address(), page_to_pfn(), ...) reads the same on both.
 */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include "mm/page.h"

#endif /* _LINUX_MM_TYPES_H */
