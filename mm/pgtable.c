// SPDX-License-Identifier: MIT
/*
 * Page-table walking and editing, for any root (pgd) the caller passes; the
 * kernel's own is kernel_pgd. Every entry store of the kernel is made here
 * or through set_pte() / ptep_get_and_clear() (mm/pgtable.h).
 *
 * Tables are reached through the direct map (phys_to_virt), which at boot is
 * the early alias of the low 4 GiB (boot/head.S): so early tables must come
 * from below EARLY_MAP_LIMIT, which mm/memblock's limit ensures.
 *
 * Intermediate entries are always present|rw and never NX (and user in the
 * lower half); the leaf entry alone decides the protection, so an effective
 * permission is the leaf's.
 *
 * The kernel half of every user root (pgd_list_add()) is a copy of
 * kernel_pgd's: when a kernel top-level entry is made or freed, the change
 * is copied into every root on the list under pgd_lock, as Linux 6.1's x86
 * pgd_list and sync_global_pgds() do, so no root ever points at a freed
 * table.
 */
#include "mm/pgtable.h"
#include "mm/tlbflush.h"
#include "mm/memlayout.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "lib/errno.h"
#include "lib/rwonce.h"
#include "lib/string.h"
#include "arch/x86_64/cmpxchg.h"
#include "arch/x86_64/cpu.h"

#define TABLE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)

u64 pt_table_pages;

static DEFINE_SPINLOCK(pgd_lock);
static LIST_HEAD(pgd_list); /* the user roots' struct pgd_link, newest first */

#define KERNEL_PGD_FIRST (PTRS_PER_TABLE / 2)

/* Copy kernel_pgd's entry i into every user root (i in the kernel half). */
static void pgd_sync_entry(unsigned int i)
{
	struct pgd_link *l;
	unsigned long flags;

	if (i < KERNEL_PGD_FIRST)
		return;
	spin_lock_irqsave(&pgd_lock, flags);
	list_for_each_entry (l, &pgd_list, list)
		set_pte(&l->pgd[i], kernel_pgd[i]);
	spin_unlock_irqrestore(&pgd_lock, flags);
}

void pgd_list_add(struct pgd_link *link, pte_t *pgd)
{
	unsigned long flags;

	link->pgd = pgd;
	spin_lock_irqsave(&pgd_lock, flags);
	memcpy(&pgd[KERNEL_PGD_FIRST], &kernel_pgd[KERNEL_PGD_FIRST],
	       KERNEL_PGD_FIRST * sizeof(pte_t));
	list_add(&link->list, &pgd_list);
	spin_unlock_irqrestore(&pgd_lock, flags);
}

void pgd_list_del(struct pgd_link *link)
{
	unsigned long flags;

	spin_lock_irqsave(&pgd_lock, flags);
	list_del_init(&link->list);
	memset(&link->pgd[KERNEL_PGD_FIRST], 0, KERNEL_PGD_FIRST * sizeof(pte_t));
	spin_unlock_irqrestore(&pgd_lock, flags);
}

static phys_addr_t (*table_alloc)(void);
static void (*table_free)(phys_addr_t);

void pt_set_table_allocator(phys_addr_t (*alloc)(void), void (*free)(phys_addr_t))
{
	table_alloc = alloc;
	table_free = free;
}

static pte_t *table_at(phys_addr_t pa)
{
	return phys_to_virt(pa);
}

static bool table_is_empty(const pte_t *t)
{
	for (int i = 0; i < PTRS_PER_TABLE; i++)
		if (t[i])
			return false;
	return true;
}

pte_t *pgd_alloc(void)
{
	phys_addr_t pa = table_alloc ? table_alloc() : 0;

	if (!pa)
		return NULL;
	__atomic_fetch_add(&pt_table_pages, 1, __ATOMIC_RELAXED);
	return table_at(pa);
}

void pgd_free(pte_t *pgd)
{
	if (WARN_ON_ONCE(!table_is_empty(pgd)) || WARN_ON_ONCE(!table_free))
		return;
	table_free(virt_to_phys(pgd));
	__atomic_fetch_sub(&pt_table_pages, 1, __ATOMIC_RELAXED);
}

bool pt_walk(const pte_t *pgd, u64 va, struct pt_walk *w)
{
	phys_addr_t table = virt_to_phys(pgd);

	memset(w, 0, sizeof(*w));
	for (int level = PT_PGD; level <= PT_PTE; level++) {
		pte_t e = table_at(table)[pt_index(va, level)];

		w->table[level] = table;
		w->entry[level] = e;
		w->levels = level + 1;
		if (!(e & _PAGE_PRESENT))
			return false;
		if (level == PT_PTE || ((level == PT_PUD || level == PT_PMD) && (e & _PAGE_PSE))) {
			u64 size = pt_level_size(level);

			w->mapped = true;
			w->page_size = size;
			w->phys = (e & PTE_PFN_MASK & ~(size - 1)) + (va & (size - 1));
			return true;
		}
		table = e & PTE_PFN_MASK;
	}
	return false;
}

bool pt_translate(const pte_t *pgd, u64 va, phys_addr_t *pa)
{
	struct pt_walk w;

	if (!pt_walk(pgd, va, &w))
		return false;
	*pa = w.phys;
	return true;
}

/* Return the entry slot for va at level under pgd, allocating tables above it. */
static pte_t *pt_slot(pte_t *pgd, u64 va, enum pt_level target, bool alloc)
{
	pte_t *table = pgd;

	for (int level = PT_PGD; level < (int)target; level++) {
		pte_t *e = &table[pt_index(va, level)];

		pte_t old = READ_ONCE(*e);

		if (!(old & _PAGE_PRESENT)) {
			phys_addr_t pa;

			if (!alloc || !table_alloc || !(pa = table_alloc()))
				return NULL;
			/*
			 * Two CPUs may fill the same missing table at once (vmalloc
			 * maps an area's pages outside vmap_area_lock, and two areas
			 * can share a table): the first to install its table wins;
			 * the other frees its own and uses the winner's. A table in
			 * the lower half is a process's: user-accessible.
			 */
			if (cmpxchg(e, old,
				    pa | TABLE_FLAGS | (va < PT_USER_END ? _PAGE_USER : 0)) ==
			    old) {
				__atomic_fetch_add(&pt_table_pages, 1, __ATOMIC_RELAXED);
				if (level == PT_PGD && pgd == kernel_pgd)
					pgd_sync_entry(pgd_index(va));
			} else if (table_free) {
				table_free(pa);
			}
		} else if (old & _PAGE_PSE) {
			return NULL; /* inside a huge mapping */
		}
		table = table_at(*e & PTE_PFN_MASK);
	}
	return &table[pt_index(va, target)];
}

int pt_map(pte_t *pgd, u64 va, phys_addr_t pa, u64 page_size, u64 prot)
{
	enum pt_level level;
	pte_t *slot;

	if (page_size == PAGE_SIZE)
		level = PT_PTE;
	else if (page_size == PMD_SIZE)
		level = PT_PMD;
	else if (page_size == PUD_SIZE)
		level = PT_PUD;
	else
		return -EINVAL;
	if (!IS_ALIGNED(va, page_size) || !IS_ALIGNED(pa, page_size))
		return -EINVAL;

	slot = pt_slot(pgd, va, level, true);
	if (!slot) {
		struct pt_walk w;

		return pt_walk(pgd, va, &w) ? -EEXIST : -ENOMEM;
	}
	if (*slot & _PAGE_PRESENT)
		return -EEXIST;
	prot &= __supported_pte_mask;
	set_pte(slot, pa | prot | (level == PT_PTE ? 0 : _PAGE_PSE));
	return 0;
}

pte_t pt_unmap_page(pte_t *pgd, u64 va)
{
	pte_t *slot = pt_slot(pgd, va, PT_PTE, false);

	return slot ? ptep_get_and_clear(slot) : 0;
}

pte_t *pt_pte_slot(pte_t *pgd, u64 va, bool alloc)
{
	return pt_slot(pgd, va, PT_PTE, alloc);
}

/*
 * Free empty tables below the entry *e that covers [base, base + size) at
 * level, if that whole span lies inside [start, end). Returns tables freed.
 */
static unsigned long free_empty_below(pte_t *e, enum pt_level level, u64 base, u64 start, u64 end)
{
	u64 child_size = pt_level_size(level + 1);
	unsigned long freed = 0;
	pte_t *t;

	if (!(*e & _PAGE_PRESENT) || (*e & _PAGE_PSE))
		return 0;
	t = table_at(*e & PTE_PFN_MASK);
	if (level + 1 < PT_PTE) {
		for (int i = 0; i < PTRS_PER_TABLE; i++) {
			u64 cbase = base + i * child_size;

			if (cbase + child_size - 1 < start || cbase > end - 1)
				continue;
			freed += free_empty_below(&t[i], level + 1, cbase, start, end);
		}
	}
	if (base >= start && base + pt_level_size(level) - 1 <= end - 1 && table_is_empty(t)) {
		table_free(ptep_get_and_clear(e) & PTE_PFN_MASK);
		__atomic_fetch_sub(&pt_table_pages, 1, __ATOMIC_RELAXED);
		freed++;
	}
	return freed;
}

/*
 * For each pgd slot that [start, end) touches, free the empty tables under
 * it. A slot's base address is its index shifted into place and made
 * canonical: slots 0..255 are the lower half, 256..511 the upper.
 */
unsigned long pt_free_empty_tables(pte_t *pgd, u64 start, u64 end)
{
	unsigned long freed = 0;

	if (!table_free)
		return 0;
	for (unsigned int i = pgd_index(start); i <= pgd_index(end - 1); i++) {
		u64 base = pt_sign_extend((u64)i << PGDIR_SHIFT);

		freed += free_empty_below(&pgd[i], PT_PGD, base, start, end);
		if (pgd == kernel_pgd && !pgd[i])
			pgd_sync_entry(i);
	}
	if (freed)
		flush_tlb_kernel_range(start, end); /* every CPU's paging-structure caches */
	return freed;
}

void flush_tlb_all(void)
{
	write_cr3(read_cr3());
}
