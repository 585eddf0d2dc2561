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
 * in rss).
 *
 * Locking, as Linux's mmap_lock (include/linux/mmap_lock.h, 6.1): the VMAs,
 * the page tables of the user half and the counters change only under
 * mm->mmap_lock held for writing: the owner's brk, mmap, munmap, mprotect,
 * madvise and page faults (handle_mm_fault takes it itself). Readers from
 * outside (maps and status PID) hold it for reading while they copy what
 * they print, and print after releasing it. Where strata differs: Linux's
 * faults take it for reading, so that a process's threads fault at once,
 * each page table then guarded by its own spinlock (the pte lock); strata's
 * processes have one thread, so its faults take it for writing and need no
 * second lock. mm_users counts who keeps the mm alive: its process, and
 * each outside reader for the time it reads (Linux's mmget()/mmput()); the
 * last mmput() frees it.
 *
 * Lock order: process_lock (only to find the task and mmget() its mm, never
 * around mmap_lock) -> mmap_lock -> the page allocator's and slab's locks,
 * the pgd list lock (mm_alloc and the last mmput, outside mmap_lock). Never
 * taken under a spinlock (down_* may wait); nothing sleeps under it, so the
 * OOM killer runs after the faulting path released it (kernel/rwsem.h).
 */
#ifndef STRATA_MMAP_H
#define STRATA_MMAP_H

#include "arch/x86_64/atomic.h"
#include "arch/x86_64/trap_frame.h"
#include "kernel/rwsem.h"
#include "lib/rbtree.h"
#include "lib/types.h"
#include "mm/pgtable.h"

/* The user half ends here (Linux's TASK_SIZE_MAX on 4-level x86_64). */
#define TASK_SIZE 0x00007ffffffff000UL
/* The top of the initial stack. */
#define STACK_TOP TASK_SIZE
/* How far the stack VMA may grow down: Linux's default RLIMIT_STACK (_STK_LIM). */
#define STACK_RLIMIT (8 * MiB)
/* Room below the initial stack's pages at exec (Linux's setup_arg_pages: stack_expand). */
#define STACK_EXPAND (128 * KiB)
/*
 * The gap a growing stack keeps above a mapping below it (Linux's
 * stack_guard_gap: 256 pages, the default of its stack_guard_gap= option).
 */
#define STACK_GUARD_GAP (256 * PAGE_SIZE)
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
#define VM_GROWSDOWN 0x100UL /* the stack: a fault just below it extends it */

enum vma_kind {
	VMA_TEXT,  /* an ELF segment without write: code, read-only data */
	VMA_DATA,  /* a writable ELF segment: data and bss */
	VMA_HEAP,  /* brk */
	VMA_STACK, /* the stack (VM_GROWSDOWN) */
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
	struct rw_semaphore mmap_lock; /* the VMAs, page tables and counters (see above) */
	atomic_t mm_users;	       /* the process, and each outside reader holding it */
	struct rb_tree mm_rb;	       /* the VMAs by vm_start */
	int map_count;		       /* VMAs */
	u64 start_brk, brk; /* the heap: [start_brk, brk) rounded up to pages is its VMA */
	u64 start_stack;    /* the initial stack pointer */
	unsigned long total_vm, rss, min_flt;
	unsigned long hiwater_vm,
		hiwater_rss;	  /* the most total_vm and rss ever were (VmPeak, VmHWM) */
	struct pgd_link pgd_link; /* on mm/pgtable.c's list of user roots */
};

/*
 * mmap_lock under Linux's names (include/linux/mmap_lock.h): read for the
 * outside readers, write for whatever changes the address space. Task
 * context; not under a spinlock.
 */
static inline void mmap_read_lock(struct mm_struct *mm)
{
	down_read(&mm->mmap_lock);
}

static inline void mmap_read_unlock(struct mm_struct *mm)
{
	up_read(&mm->mmap_lock);
}

static inline void mmap_write_lock(struct mm_struct *mm)
{
	down_write(&mm->mmap_lock);
}

static inline void mmap_write_unlock(struct mm_struct *mm)
{
	up_write(&mm->mmap_lock);
}

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

/* A new empty address space (its pgd shares the kernel half), mm_users 1; NULL without memory. */
struct mm_struct *mm_alloc(void);
/* One more user of mm, which must have one already (Linux's mmget()). Any context. */
static inline void mmget(struct mm_struct *mm)
{
	atomic_inc(&mm->mm_users);
}
/*
 * Drop a user; the last one frees every page, page table and VMA of mm,
 * and mm itself (Linux's mmput()). Task context, mmap_lock not held.
 */
void mmput(struct mm_struct *mm);
/*
 * Unmap every VMA of mm and free its pages and the user half's page
 * tables, leaving an empty mm (Linux's exit_mmap(), which runs at the last
 * mmput(); strata's exiting process calls it itself, so its memory comes
 * back at once even while a reader holds the mm, as Linux's oom_reaper
 * makes sure for an OOM victim). Task context, mmap_lock not held.
 */
void exit_mmap(struct mm_struct *mm);

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
/*
 * Grow the stack VMA vma (VM_GROWSDOWN) down to the page of addr (Linux's
 * expand_stack()): 0, or -EFAULT (not a stack), -EPERM (below
 * MMAP_MIN_ADDR), -ENOMEM (past STACK_RLIMIT, within STACK_GUARD_GAP of
 * an accessible mapping below, or refused by the overcommit policy).
 * mmap_lock held for writing.
 */
int expand_stack(struct mm_struct *mm, struct vm_area_struct *vma, u64 addr);

/* Page-table pages below mm's root in the user half (VmPTE; Linux counts no pgd). */
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

/*
 * Map the page holding addr for the access flags describe (FAULT_FLAG_*),
 * growing the stack down to it if addr lies below a VM_GROWSDOWN VMA.
 * Takes mmap_lock for writing itself (Linux's caller, the arch fault
 * handler, takes it), so the caller must not hold it; task context.
 */
enum fault_result handle_mm_fault(struct mm_struct *mm, u64 addr, unsigned int flags);
/* Send user processes' exceptions to mm/fault.c (at boot, before any process). */
void fault_init(void);

/*
 * The kernel's address of the page at user address addr, faulted in as a
 * write: for filling a new process's stack before it runs. NULL on failure.
 */
void *mm_page_for_kernel(struct mm_struct *mm, u64 addr);

/* The figures of /proc/PID/status's Vm lines, in pages, and the minor faults. */
struct mm_status {
	unsigned long peak, size, hwm, rss, data, stk, exe, pte, min_flt;
};

/* Copy mm's figures under mmap_lock (read): one consistent moment. Task context. */
void mm_status_snapshot(struct mm_struct *mm, struct mm_status *st);
/*
 * Print mm's VMAs as /proc/PID/maps (the ELF segments named after the
 * program, name) and its figures as /proc/PID/status's Vm lines. Each
 * takes mmap_lock (read) only to copy, and prints after releasing it; the
 * caller holds a reference on mm (its own process's, or mmget()'s) and not
 * mmap_lock. Task context.
 */
void mm_print_maps(struct mm_struct *mm, const char *name);
void mm_print_status(struct mm_struct *mm);

#endif /* STRATA_MMAP_H */
