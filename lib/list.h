/* SPDX-License-Identifier: MIT */
/*
 * Doubly linked lists whose links live in their entries, as Linux's
 * <linux/list.h>: a struct list_head embedded in each entry, and a head of
 * the same type. The list is circular through its head, so an empty list
 * is a head that points at itself and no operation needs a special case
 * for the first or the last entry. No lock here: each list names its own.
 */
#ifndef STRATA_LIB_LIST_H
#define STRATA_LIB_LIST_H

#include "lib/compiler.h"
#include "lib/types.h"

struct list_head {
	struct list_head *next, *prev;
};

/* A head, empty, at its definition: static LIST_HEAD(name). */
#define LIST_HEAD(name) struct list_head name = {&(name), &(name)}

static inline void INIT_LIST_HEAD(struct list_head *head)
{
	head->next = head->prev = head;
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

/* Put entry first on the list at head (a stack order: newest first). */
static inline void list_add(struct list_head *entry, struct list_head *head)
{
	entry->next = head->next;
	entry->prev = head;
	head->next->prev = entry;
	head->next = entry;
}

/* Take entry off its list; it is left pointing at itself (an empty head). */
static inline void list_del_init(struct list_head *entry)
{
	entry->prev->next = entry->next;
	entry->next->prev = entry->prev;
	INIT_LIST_HEAD(entry);
}

/* The struct of type that embeds ptr as member. */
#define list_entry(ptr, type, member) container_of(ptr, type, member)

/* pos over every entry of the list at head, first to last (pos: type *, links at member). */
#define list_for_each_entry(pos, head, member)                                                   \
	for ((pos) = list_entry((head)->next, typeof(*(pos)), member); &(pos)->member != (head); \
	     (pos) = list_entry((pos)->member.next, typeof(*(pos)), member))

#endif /* STRATA_LIB_LIST_H */
