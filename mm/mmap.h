/* SPDX-License-Identifier: MIT */
/*
 * A process's address space, with Linux's names (include/linux/mm_types.h,
 * mm/mmap.c, mm/memory.c): struct mm_struct owns a page-table root whose
 * kernel half is shared with every other (mm/pgtable.c keeps it in step),
 * and the VMAs, struct vm_area_struct, in an rbtree ordered by address.
 * A VMA reserves address space; frames arrive one page at a time at the
 * first touch (handle_mm_fault), zeroed, or filled from the program image
 * for the ELF segments. Counters in pages: total_vm (every VMA), rss (pages
 * mapped), hiwater_rss (the most rss has been), min_flt (faults that mapped
 * a page).
 *
 * Invariants: VMAs are page-aligned, non-empty and never overlap; every
 * present user pte lies inside a VMA and maps a page this mm owns (counted
 * in rss); only the task owning the mm (or its creator, before it runs, and
 * its reaper, after it ran) touches it, so there is no mm lock yet.
 */
#ifndef STRATA_MMAP_H
#define STRATA_MMAP_H

#include "arch/x86_64/trap_frame.h"
#include "lib/rbtree.h"
#include "lib/types.h"
#include "mm/pgtable.h"

/* The user half ends here (Linux's TASK_SIZE_MAX on 4-level x86_64). */
#define TASK_SIZE 0x00007ffffffff000UL
/* The top of the initial stack, and its VMA's reserved size (the default RLIMIT_STACK). */
#define STACK_TOP TASK_SIZE
#define STACK_RESERVE (8 * MiB)
/* Where top-down mmap starts: Linux's mmap_base without randomization. */
#define MMAP_BASE (TASK_SIZE - 128 * MiB)
/* The lowest address mmap hands out or accepts (Linux's vm.mmap_min_addr default). */
#define MMAP_MIN_ADDR 0x10000UL

#define PAGE_ALIGN(addr) ALIGN_UP((addr), PAGE_SIZE)
#define PAGE_ALIGNED(addr) IS_ALIGNED((addr), PAGE_SIZE)

/* Linux's vm_flags bits. */
#define VM_READ 0x1UL
#define VM_WRITE 0x2UL
#define VM_EXEC 0x4UL

enum vma_kind {
	VMA_TEXT,  /* an ELF segment without write: code, read-only data */
	VMA_DATA,  /* a writable ELF segment: data and bss */
	VMA_HEAP,  /* brk */
	VMA_STACK, /* the initial stack */
	VMA_ANON   /* anonymous mmap */
};

struct mm_struct;

struct vm_area_struct {
	u64 vm_start, vm_end; /* [vm_start, vm_end), page-aligned */
	unsigned long vm_flags;
	enum vma_kind kind;
	/*
	 * For ELF segments: the image bytes that fill [vm_file_start,
	 * vm_file_start + vm_file_size) of the address space; the rest is zero.
	 */
	const u8 *vm_file;
	u64 vm_file_start, vm_file_size;
	u64 vm_pgoff; /* the file offset of vm_start, in pages (maps shows it) */
	struct rb_node vm_rb;
	struct mm_struct *vm_mm;
};

struct mm_struct {
	pte_t *pgd;
	struct rb_tree mm_rb; /* the VMAs by vm_start */
	int map_count;	      /* VMAs */
	u64 start_brk, brk;   /* the heap: [start_brk, brk) rounded up to pages is its VMA */
	u64 start_stack;      /* the initial stack pointer */
	unsigned long total_vm, rss, hiwater_rss, min_flt;
	struct pgd_link pgd_link; /* on mm/pgtable.c's list of user roots */
};

/* vm.overcommit_memory's values (Linux's names) and the knobs (mm/overcommit.c). */
#define OVERCOMMIT_GUESS 0
#define OVERCOMMIT_ALWAYS 1
#define OVERCOMMIT_NEVER 2
extern int sysctl_overcommit_memory;
extern int sysctl_overcommit_ratio;
/* May pages more accountable pages be reserved under the policy? */
bool vm_enough_memory(long pages);
/* Committed_AS: accountable pages reserved now; change it by pages. */
long vm_committed_pages(void);
void vm_commit_add(long pages);
/* CommitLimit, in pages: what "never" lets Committed_AS reach. */
unsigned long vm_commit_limit(void);

/* A new empty address space (its pgd shares the kernel half); NULL without memory. */
struct mm_struct *mm_alloc(void);
/* Free every page, page table and VMA of mm, and mm itself. */
void mmput(struct mm_struct *mm);

/* The first VMA with vm_end > addr, or NULL (Linux's find_vma). */
struct vm_area_struct *find_vma(struct mm_struct *mm, u64 addr);
/*
 * Reserve [start, end) as a new VMA (page-aligned, inside the user half,
 * overlapping nothing). 0, -EINVAL, -EEXIST or -ENOMEM.
 */
int mm_add_vma(struct mm_struct *mm, u64 start, u64 end, unsigned long flags, enum vma_kind kind);
/* Remove [start, end) from every VMA it touches, freeing its pages (munmap). */
int mm_unmap_range(struct mm_struct *mm, u64 start, u64 end);
/*
 * Unmap and free every page mapped in [start, end), keeping the VMAs: the
 * next touch gets a zeroed page (Linux's zap_page_range; MADV_DONTNEED).
 */
void zap_page_range(struct mm_struct *mm, u64 start, u64 end);
/* Change the flags of [start, end), which VMAs must cover entirely (mprotect). */
int mm_protect_range(struct mm_struct *mm, u64 start, u64 end, unsigned long flags);
/* A free range of len bytes below MMAP_BASE, top-down; 0 if none. */
u64 mm_get_unmapped_area(struct mm_struct *mm, u64 len);
/* Move the break (the heap VMA grows or shrinks); the new break, or the old one on failure. */
u64 mm_brk(struct mm_struct *mm, u64 brk);

/* Page-table pages of mm's user half, its root included (VmPTE). */
unsigned long mm_pgtables_pages(struct mm_struct *mm);

/* What a fault did (handle_mm_fault's answer). */
enum fault_result {
	FAULT_MAPPED,	/* a page is mapped now: retry the access */
	FAULT_NO_VMA,	/* outside every VMA */
	FAULT_ACCESS,	/* the VMA forbids this access */
	FAULT_NO_MEMORY /* no frame or table could be had */
};

#define FAULT_FLAG_WRITE 0x1U
#define FAULT_FLAG_INSTR 0x2U

/* Map the page holding addr for the access flags describe (FAULT_FLAG_*). */
enum fault_result handle_mm_fault(struct mm_struct *mm, u64 addr, unsigned int flags);
/* Send user processes' exceptions to mm/fault.c (at boot, before any process). */
void fault_init(void);

/*
 * The kernel's address of the page at user address addr, faulted in as a
 * write: for filling a new process's stack before it runs. NULL on failure.
 */
void *mm_page_for_kernel(struct mm_struct *mm, u64 addr);

/*
 * Print mm's VMAs as /proc/PID/maps (the ELF segments named after the
 * program, name) and its counters as /proc/PID/status's Vm lines.
 */
void mm_print_maps(struct mm_struct *mm, const char *name);
void mm_print_status(struct mm_struct *mm);

#endif /* STRATA_MMAP_H */
