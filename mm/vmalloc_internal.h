/* SPDX-License-Identifier: MIT */
/*
 * What the files of the vmalloc layer share (mm/vmalloc.c, mm/vmalloc_fault.c,
 * mm/vmallocinfo.c); everyone else uses mm/vmalloc.h.
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
