/* SPDX-License-Identifier: MIT */
/*
 * The page-table API for every layer above: map and unmap pages, walk and
 * translate, free empty tables, flush the TLB. Every function takes the
 * root of the tables it works on (a pgd); the kernel's own root is
 * kernel_pgd, which every kernel mapping goes through. Every entry store in
 * the kernel is done here: by mm/pgtable.c, or by set_pte() and
 * ptep_get_and_clear() below, which vmalloc's page-at-a-time loops use.
 *
 * x86_64 4-level paging, with Linux's names for the levels (Intel's in
 * brackets). A virtual address splits as:
 *
 *   63    48 47     39 38     30 29     21 20     12 11        0
 *  [ sign   |  pgd    |  pud    |  pmd    |  pte    |  offset   ]
 *            [PML4]    [PDPT]    [PD]      [PT]
 *
 * Every entry is a pte_t: a 64-bit word of flag bits and a physical frame
 * address (bits 51:12). A pud entry with _PAGE_PSE maps 1 GiB, a pmd entry
 * with _PAGE_PSE maps 2 MiB.
 */
#ifndef STRATA_PGTABLE_H
#define STRATA_PGTABLE_H

#include "lib/list.h"
#include "lib/types.h"

typedef u64 pte_t;

/* Entry bits (Intel SDM vol. 3, 4.5), Linux's names. */
#define _PAGE_PRESENT (1UL << 0)
#define _PAGE_RW (1UL << 1)
#define _PAGE_USER (1UL << 2)
#define _PAGE_PWT (1UL << 3)
#define _PAGE_PCD (1UL << 4)
#define _PAGE_ACCESSED (1UL << 5)
#define _PAGE_DIRTY (1UL << 6)
#define _PAGE_PSE (1UL << 7) /* huge page at pud/pmd level */
#define _PAGE_GLOBAL (1UL << 8)
#define _PAGE_NX (1UL << 63)
#define PTE_PFN_MASK 0x000ffffffffff000UL

/* Protections for leaf entries. NX is dropped if the CPU lacks it. */
#define PAGE_KERNEL (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX)
#define PAGE_KERNEL_RO (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_NX)
#define PAGE_KERNEL_RX (_PAGE_PRESENT | _PAGE_ACCESSED)

/*
 * What one entry of each level maps: Linux's names (PAGE_SHIFT, 12, is in
 * lib/types.h). Each level indexes 9 bits of the address.
 */
#define PGDIR_SHIFT 39
#define PUD_SHIFT 30
#define PMD_SHIFT 21
#define PGDIR_SIZE (1UL << PGDIR_SHIFT)
#define PUD_SIZE (1UL << PUD_SHIFT)
#define PMD_SIZE (1UL << PMD_SHIFT)

#define PT_LEVELS 4
#define PTRS_PER_TABLE 512

/*
 * The highest bit a 4-level address translates (Linux's
 * __VIRTUAL_MASK_SHIFT): a canonical address copies it into bits 63:48.
 */
#define __VIRTUAL_MASK_SHIFT 47

/* Level numbers used by struct pt_walk: 0 = pgd ... 3 = pte. */
enum pt_level {
	PT_PGD,
	PT_PUD,
	PT_PMD,
	PT_PTE
};

/* What a walk of one virtual address found. */
struct pt_walk {
	pte_t entry[PT_LEVELS];	      /* the entry read at each level, 0 if not reached */
	phys_addr_t table[PT_LEVELS]; /* physical address of the table read at each level */
	int levels;		      /* levels read (1..4): the last one is the leaf or the hole */
	bool mapped;		      /* a present leaf was found */
	u64 page_size;		      /* 4 KiB, 2 MiB or 1 GiB when mapped */
	phys_addr_t phys;	      /* the translation of the address when mapped */
};

/*
 * The kernel's top-level table (pgd) and its physical address: the root of
 * every kernel mapping (Linux's init_mm.pgd, swapper_pg_dir). Defined and
 * set by paging_init() (mm/paging.c), read-only after.
 */
extern pte_t *kernel_pgd;
extern phys_addr_t kernel_pgd_phys;
/*
 * Bits the CPU supports in entries: all but _PAGE_NX without NX. Defined
 * and set by paging_enable_nx() (mm/paging.c), before any entry exists.
 */
extern u64 __supported_pte_mask;
/* Page-table pages allocated here (roots included) and not yet freed. */
extern u64 pt_table_pages;

/* Index of va's entry in the table of each level (Linux's names). */
static inline unsigned int pgd_index(u64 va)
{
	return (va >> PGDIR_SHIFT) & (PTRS_PER_TABLE - 1);
}

static inline unsigned int pud_index(u64 va)
{
	return (va >> PUD_SHIFT) & (PTRS_PER_TABLE - 1);
}

static inline unsigned int pmd_index(u64 va)
{
	return (va >> PMD_SHIFT) & (PTRS_PER_TABLE - 1);
}

static inline unsigned int pte_index(u64 va)
{
	return (va >> PAGE_SHIFT) & (PTRS_PER_TABLE - 1);
}

/* Index of va's entry at a level, for loops over the levels. */
static inline unsigned int pt_index(u64 va, enum pt_level level)
{
	switch (level) {
	case PT_PGD:
		return pgd_index(va);
	case PT_PUD:
		return pud_index(va);
	case PT_PMD:
		return pmd_index(va);
	default:
		return pte_index(va);
	}
}

/* What one entry of a level maps: PGDIR_SIZE .. PAGE_SIZE. */
static inline u64 pt_level_size(enum pt_level level)
{
	switch (level) {
	case PT_PGD:
		return PGDIR_SIZE;
	case PT_PUD:
		return PUD_SIZE;
	case PT_PMD:
		return PMD_SIZE;
	default:
		return PAGE_SIZE;
	}
}

/* Make an address canonical: copy bit 47 into bits 63:48. */
static inline u64 pt_sign_extend(u64 va)
{
	u64 sign = 1UL << __VIRTUAL_MASK_SHIFT;

	return (va & (sign - 1)) | (va & sign ? ~(sign - 1) : 0);
}

/*
 * Store one entry, or clear one and return what it held (Linux's set_pte()
 * and ptep_get_and_clear(), without Linux's mm and address arguments). The
 * only entry stores outside mm/pgtable.c.
 */
static inline void set_pte(pte_t *ptep, pte_t pte)
{
	*ptep = pte;
}

static inline pte_t ptep_get_and_clear(pte_t *ptep)
{
	pte_t old = *ptep;

	*ptep = 0;
	return old;
}

/*
 * Set the allocator for intermediate tables: it returns the physical address
 * of a zeroed page or 0. memblock serves at boot, the buddy allocator from
 * mem_map_init() on.
 */
void pt_set_table_allocator(phys_addr_t (*alloc)(void), void (*free)(phys_addr_t));

/*
 * A new, empty root (Linux's pgd_alloc()): a zeroed table from the table
 * allocator, counted in pt_table_pages. NULL if none could be allocated.
 */
pte_t *pgd_alloc(void);
/*
 * A user root's place on the list of roots that share kernel_pgd's upper
 * half (Linux's pgd_list); embedded in its owner (struct mm_struct).
 */
struct pgd_link {
	struct list_head list; /* pgd_list in mm/pgtable.c, under pgd_lock */
	pte_t *pgd;
};

/* The end of the lower half, where user addresses stop (2^47). */
#define PT_USER_END (1UL << __VIRTUAL_MASK_SHIFT)

/*
 * Give pgd (from pgd_alloc()) kernel_pgd's upper half and keep it in step
 * from now on; pgd_list_del() stops that and clears the upper half again,
 * so the root can be freed once its lower half is empty. Any context.
 */
void pgd_list_add(struct pgd_link *link, pte_t *pgd);
void pgd_list_del(struct pgd_link *link);

/*
 * Free a root made by pgd_alloc(). It must map nothing any more (free its
 * tables first with pt_free_empty_tables()); a root that still holds
 * entries is reported once and kept, since freeing it would leak them.
 */
void pgd_free(pte_t *pgd);

/*
 * Walk va in the tables under pgd (kernel_pgd for the kernel's own).
 * Returns true if it is mapped. Any context.
 */
bool pt_walk(const pte_t *pgd, u64 va, struct pt_walk *w);
/* Translate va under pgd; returns true and sets *pa if mapped. */
bool pt_translate(const pte_t *pgd, u64 va, phys_addr_t *pa);

/*
 * Map one page of size page_size (PAGE_SIZE, PMD_SIZE or PUD_SIZE) at va to
 * pa in the tables under pgd, with protection prot (PAGE_KERNEL...). va and pa must be aligned to
 * page_size. Intermediate tables are allocated as needed. Does not flush the
 * TLB (a new mapping needs none). Returns 0, -EEXIST if something is mapped
 * there already, -ENOMEM if a table could not be allocated, -EINVAL for a
 * bad size or alignment.
 */
int pt_map(pte_t *pgd, u64 va, phys_addr_t pa, u64 page_size, u64 prot);

static inline int pt_map_page(pte_t *pgd, u64 va, phys_addr_t pa, u64 prot)
{
	return pt_map(pgd, va, pa, PAGE_SIZE, prot);
}

/*
 * Remove the 4 KiB mapping at va under pgd and return the old entry (0 if there was
 * none, or if va lies in a huge mapping, which is left alone). The caller
 * flushes the TLB: flush_tlb_page() or, for many pages, flush_tlb_all().
 */
pte_t pt_unmap_page(pte_t *pgd, u64 va);

/*
 * The pte slot of the 4 KiB page at va under pgd, for mapping many pages in a row
 * (vmalloc): the slots of the following pages, up to the end of va's 2 MiB,
 * follow it in the same table. With alloc, missing tables above are
 * allocated. NULL if a table is missing (or cannot be allocated), or va lies
 * in a huge mapping. The caller writes entries with set_pte() (masking prot
 * with __supported_pte_mask) and ptep_get_and_clear(), and flushes the TLB
 * after clearing any.
 */
pte_t *pt_pte_slot(pte_t *pgd, u64 va, bool alloc);

/*
 * Free the page tables under pgd that map only [start, end) and hold no
 * entries any more (the vmalloc region calls this); returns the number
 * freed. start and end are canonical addresses of either half.
 */
unsigned long pt_free_empty_tables(pte_t *pgd, u64 start, u64 end);

static inline void flush_tlb_page(u64 va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/* Flush every non-global TLB entry by reloading CR3. */
void flush_tlb_all(void);

#endif /* STRATA_PGTABLE_H */
