/* SPDX-License-Identifier: MIT */
/*
 * Lists of pages linked by pfn: the buddy allocator's free lists
 * (mm/page_alloc.c), a slab cache's partial, full and empty lists
 * (mm/slab.c) and vmalloc's chain of pages to free (mm/vmalloc.c).
 *
 * A list is a u32 head holding the pfn of its first page, PFN_NONE when
 * empty; each page's next and prev fields (mm/page.h) hold the pfns of its
 * neighbours, PFN_NONE at the ends. 32-bit links keep struct page at 32
 * bytes, where Linux's list_head of two pointers takes 16 bytes alone.
 *
 * Invariants: a page is on at most one list at a time; for every page on
 * a list, its next's prev is the page and its prev's next is the page (or
 * the head points at it, for the first one). No lock of its own: a
 * shared list is used under its owner's lock (zone->lock for the free
 * lists); a list on one caller's stack needs none.
 */
#ifndef STRATA_PFN_LIST_H
#define STRATA_PFN_LIST_H

#include "mm/page.h"

/* Put page first on the list at *head. */
static inline void pfn_list_add(u32 *head, struct page *page)
{
	u32 pfn = (u32)page_to_pfn(page);

	page->prev = PFN_NONE;
	page->next = *head;
	if (*head != PFN_NONE)
		pfn_to_page(*head)->prev = pfn;
	*head = pfn;
}

/* Unlink page from the list at *head; its own links are left as they were. */
static inline void pfn_list_del(u32 *head, struct page *page)
{
	if (page->prev != PFN_NONE)
		pfn_to_page(page->prev)->next = page->next;
	else
		*head = page->next;
	if (page->next != PFN_NONE)
		pfn_to_page(page->next)->prev = page->prev;
}

/* Unlink and return the first page of the list at *head; NULL if it is empty. */
static inline struct page *pfn_list_pop(u32 *head)
{
	struct page *page;

	if (*head == PFN_NONE)
		return NULL;
	page = pfn_to_page(*head);
	pfn_list_del(head, page);
	return page;
}

#endif /* STRATA_PFN_LIST_H */
