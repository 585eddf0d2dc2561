/* SPDX-License-Identifier: MIT */
/*
 * What the files of the vmalloc layer share (mm/vmalloc.c, mm/vfree.c,
 * mm/vmap_purge.c, mm/vmalloc_fault.c, mm/vmallocinfo.c); everyone else uses
 * mm/vmalloc.h.
 */
#ifndef STRATA_VMALLOC_INTERNAL_H
#define STRATA_VMALLOC_INTERNAL_H

#include "mm/vmalloc.h"
#include "mm/vmap_area.h"
#include "kernel/spinlock.h"

/*
 * The ranges of the vmalloc region: every busy node's owner is its
 * struct vm_struct, its caller the allocating call (mm/vmalloc.c).
 */
extern struct vmap_space vmap_space;
/* The same for the modules area [MODULES_VADDR, MODULES_END) (module_alloc). */
extern struct vmap_space module_space;

/*
 * Guards both spaces' range trees and the page tables a release frees
 * (mm/vmalloc.c). The report paths (vmallocinfo.c, module_alloc.c's leak
 * report, frame_owner.c's page-table walk) hold it while they walk. Task
 * context only, taken without disabling interrupts.
 */
extern spinlock_t vmap_area_lock;

/*
 * The vm_struct of a busy area; NULL while another CPU's vmalloc() or
 * vmap() is still setting the area up (it links the range under
 * vmap_area_lock and sets the owner after), so a walk of the busy tree
 * skips an area without one.
 */
static inline struct vm_struct *vmap_area_vm(const struct vmap_area *va)
{
	return READ_ONCE(va->owner);
}

/*
 * vm_struct.flags, strata's own bit: claimed by a vfree()/vunmap(); for a
 * vfree() the area waits on the purge list (mm/vmap_purge.c) in the busy
 * tree, unmapped, its range and pages not yet free.
 */
#define VM_UNPURGED 0x80000000UL

/* Is a busy area lazily freed (on the purge list), not live? */
static inline bool vmap_area_unpurged(const struct vmap_area *va)
{
	const struct vm_struct *vm = vmap_area_vm(va);

	return vm && (vm->flags & VM_UNPURGED);
}

/* The hot window: its page tables are made by vmalloc_init() and never freed. */
#define VMALLOC_HOT_END (VMALLOC_START + PMD_SIZE)

/* mm/vmalloc.c. */
/* One vm_struct per live (or lazily freed) area. */
extern struct kmem_cache *vm_struct_cachep;
/* The space that hands out addr: the vmalloc region or the modules area. */
struct vmap_space *vmalloc_space_of(u64 addr);

/* mm/vfree.c. */
/*
 * Unmap nr pages from addr on at once (every CPU flushes); if free_pages,
 * give them to the buddy after the flush.
 */
void vmalloc_unmap_pages(u64 addr, unsigned int nr, bool free_pages);
/* Give back a flushed area's range and vm_struct, and the page tables left empty. */
void vmalloc_area_put(struct vmap_area *va);
/* vfree() of addr for caller, in task context (the deferred frees call it too). */
void vfree_caller(const void *addr, const void *caller);
/*
 * Release the purged areas on list (linked by vm->next): their vm_structs,
 * ranges and the page tables left empty, under one hold of vmap_area_lock
 * (mm/vmalloc.c). Their pages are unmapped, flushed and freed.
 */
void vmalloc_areas_release(struct vm_struct *list);

/* mm/vmap_purge.c. */
/*
 * Put an unmapped (not yet flushed) area on the purge list, with its pages
 * on the pfn list held (nr_held of them); purge if past the threshold.
 */
void free_vmap_area_noflush(struct vm_struct *vm, u32 held, unsigned long nr_held);
/* Run the deferred vfree()s, then purge; false if nothing was lazily freed. */
bool vmap_purge_if_pending(void);
/* Lazily freed areas now (for vmalloc_nr_areas()). */
unsigned long vmap_lazy_areas(void);
/* vfree() from interrupt context: queue addr on this CPU's deferred list. */
void vfree_deferred_add(const void *addr, const void *caller);
/* Task context: vfree() every deferred address, on every CPU's list. */
void vfree_deferred_run(void);

/* The record of one released area, kept for fault and bad-free reports. */
struct vmalloc_freed {
	u64 start; /* the range, guard page included; 0: an unused record */
	u64 end;
	unsigned long flags;	 /* VM_ALLOC or VM_MAP */
	const void *caller;	 /* who allocated it */
	const void *free_caller; /* who freed it (vfree/vunmap's caller) */
};

/* Remember a released area (the last VMALLOC_FREED_RECORDS are kept). */
#define VMALLOC_FREED_RECORDS 64
void vmalloc_record_free(const struct vmap_area *va, const void *free_caller);
/* The most recent record whose range holds addr, or NULL. */
const struct vmalloc_freed *vmalloc_find_freed(u64 addr);
/* The records, newest first: index 0 .. VMALLOC_FREED_RECORDS - 1; NULL past the last. */
const struct vmalloc_freed *vmalloc_freed_record(unsigned int i);

/*
 * Report a vfree()/vunmap() (fn) of addr that is not the start of a live
 * area of the right kind, saying what addr is instead. The caller refuses it.
 */
void vmalloc_report_bad_free(const char *fn, const void *addr, const void *caller);

/* Reports of misuse so far (bad frees), for tests. */
extern unsigned long vmalloc_reports;

#endif /* STRATA_VMALLOC_INTERNAL_H */
