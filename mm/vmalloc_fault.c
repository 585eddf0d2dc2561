// SPDX-License-Identifier: MIT
/*
 * What the vmalloc layer says when something goes wrong in its region: the
 * fault describer (mm/layout.c asks it about any fault address)
 * and the reports of refused vfree()/vunmap() calls. The areas themselves
 * are mm/vmalloc.c's.
 *
 * To tell a use after vfree from a stray pointer, the last
 * VMALLOC_FREED_RECORDS released areas are remembered in a ring, newest
 * overwriting oldest. A record may describe a range that has since been
 * handed out again: the live area is always looked up first.
 *
 * Locking: the bad-free report runs in task context with no lock held
 * (vfree/vunmap's caller) and looks the areas up under vmap_area_lock, so
 * another CPU's vfree cannot release a node under it. The fault describer
 * takes no lock: a fault may come in an interrupt handler, or on a CPU
 * that holds vmap_area_lock already; a lookup racing another CPU's vfree
 * may then describe the address wrongly (the nodes are slab objects, so
 * it reads stale memory, not unmapped memory).
 */
#include "mm/vmalloc_internal.h"
#include "kernel/backtrace.h"
#include "kernel/printk.h"
#include "lib/vsprintf.h"

/* The ring: record n (counting every release ever) is at freed[n % size]. */
static struct vmalloc_freed freed[VMALLOC_FREED_RECORDS];
static unsigned long nr_freed; /* releases recorded since boot */

unsigned long vmalloc_reports;

void vmalloc_record_free(const struct vmap_area *va, const void *free_caller)
{
	struct vmalloc_freed *f = &freed[nr_freed++ % VMALLOC_FREED_RECORDS];

	f->start = va->va_start;
	f->end = va->va_end;
	f->flags = vmap_area_vm(va)->flags;
	f->caller = va->caller;
	f->free_caller = free_caller;
}

const struct vmalloc_freed *vmalloc_freed_record(unsigned int i)
{
	if (i >= VMALLOC_FREED_RECORDS || i >= nr_freed)
		return NULL;
	return &freed[(nr_freed - 1 - i) % VMALLOC_FREED_RECORDS];
}

const struct vmalloc_freed *vmalloc_find_freed(u64 addr)
{
	const struct vmalloc_freed *f;

	for (unsigned int i = 0; (f = vmalloc_freed_record(i)); i++)
		if (addr >= f->start && addr < f->end)
			return f;
	return NULL;
}

/*
 * The live area holding addr (its guard page included): not one lazily
 * freed, nor one another CPU is still setting up (no owner yet).
 */
static struct vmap_area *live_area_containing(u64 addr)
{
	struct vmap_area *va = vmap_area_find_containing(&vmap_space, addr);

	return va && vmap_area_vm(va) && !vmap_area_unpurged(va) ? va : NULL;
}

static const char *vm_kind(unsigned long flags)
{
	return flags & VM_ALLOC ? "vmalloc" : "vmap";
}

/*
 * Describe a fault at addr, if it lies in the vmalloc region:
 *   a live area's guard page  -> "vmalloc out of bounds", the area, its caller
 *   inside a live area        -> the area (e.g. a write to a read-only vmap)
 *   a recently released range -> "use after vfree" (or vunmap), both callers
 *                                (lazily freed areas, waiting for the purge,
 *                                are released ones here)
 *   anything else             -> no area there
 */
bool vmalloc_describe_fault(u64 addr, char *buf, size_t size)
{
	const struct vmalloc_freed *f;
	struct vmap_area *va;

	if (!is_vmalloc_addr((const void *)addr))
		return false;
	va = live_area_containing(addr);
	if (va && addr >= va->va_end - PAGE_SIZE)
		snprintf(buf, size,
			 "vmalloc out of bounds: guard page of %s area %llx (%llu bytes) from %pS",
			 vm_kind(vmap_area_vm(va)->flags), (unsigned long long)va->va_start,
			 (unsigned long long)(va->va_end - va->va_start - PAGE_SIZE), va->caller);
	else if (va)
		snprintf(buf, size, "%s area %llx (%llu bytes) from %pS, offset %#llx",
			 vm_kind(vmap_area_vm(va)->flags), (unsigned long long)va->va_start,
			 (unsigned long long)(va->va_end - va->va_start - PAGE_SIZE), va->caller,
			 (unsigned long long)(addr - va->va_start));
	else if ((f = vmalloc_find_freed(addr)))
		snprintf(buf, size, "use after %s: area %llx (%llu bytes) from %pS, freed by %pS",
			 f->flags & VM_ALLOC ? "vfree" : "vunmap", (unsigned long long)f->start,
			 (unsigned long long)(f->end - f->start - PAGE_SIZE), f->caller,
			 f->free_caller);
	else
		snprintf(buf, size,
			 "vmalloc region, no area here (never allocated, or freed long ago)");
	return true;
}

/*
 * A refused vfree(addr)/vunmap(addr): say what addr is, most telling first:
 *   the start of a live area of the other kind, inside a live area, the
 *   start of a released area (a double free), outside the region, nothing.
 */
void vmalloc_report_bad_free(const char *fn, const void *addr, const void *caller)
{
	u64 a = (u64)addr;
	const struct vmalloc_freed *f;
	struct vmap_area *va;

	spin_lock(&vmap_area_lock);
	va = live_area_containing(a);
	f = vmalloc_find_freed(a);
	vmalloc_reports++;
	if (va && va->va_start == a)
		pr_err("BUG: %s(%llx): a %s area (from %pS): free it with %s\n", fn,
		       (unsigned long long)a, vm_kind(vmap_area_vm(va)->flags), va->caller,
		       vmap_area_vm(va)->flags & VM_ALLOC ? "vfree" : "vunmap");
	else if (va)
		pr_err("BUG: %s(%llx): not the start of an area: offset %#llx in %s area %llx "
		       "(from %pS)\n",
		       fn, (unsigned long long)a, (unsigned long long)(a - va->va_start),
		       vm_kind(vmap_area_vm(va)->flags), (unsigned long long)va->va_start,
		       va->caller);
	else if (f && f->start == a)
		pr_err("BUG: %s(%llx): double free: the %s area (from %pS) was freed by %pS\n", fn,
		       (unsigned long long)a, vm_kind(f->flags), f->caller, f->free_caller);
	else if (!is_vmalloc_addr(addr))
		pr_err("BUG: %s(%llx): not a vmalloc address\n", fn, (unsigned long long)a);
	else
		pr_err("BUG: %s(%llx): no area starts there\n", fn, (unsigned long long)a);
	spin_unlock(&vmap_area_lock);
	pr_err("  caller: %pS; refused, nothing was changed\n", caller);
	dump_stack();
}
