// SPDX-License-Identifier: MIT
/*
 * The memory system calls: brk, mmap, munmap, mprotect, madvise, with
 * Linux's argument checks and error numbers, over mm/mmap.h. They reserve
 * and release address space; frames arrive at the first touch (or at once
 * with MAP_POPULATE). Where strata differs: no files, so only anonymous
 * mappings; MAP_SHARED anonymous memory behaves as private (there is no
 * fork to share it with). Whether a reservation may exceed what RAM can
 * back is the overcommit policy's (mm/overcommit.c).
 *
 * Each call holds the process's mmap_lock for writing while it changes the
 * address space, as Linux's do; MAP_POPULATE faults the pages in after
 * mmap released it (Linux's mm_populate()), one handle_mm_fault() each,
 * so the OOM killer runs with no mmap_lock held.
 */
#include "kernel/process.h"
#include "kernel/syscall.h"
#include "lib/errno.h"
#include "lib/rwonce.h"
#include "mm/mmap.h"
#include "mm/oom_kill.h"

#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_POPULATE 0x8000
#define MAP_FIXED_NOREPLACE 0x100000
#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4
#define MADV_FREE 8

static struct mm_struct *current_mm(void)
{
	return get_current()->mm;
}

static unsigned long prot_to_vm(u64 prot)
{
	return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

/* Is [addr, addr + len) a page-aligned range mmap may use (len already page-aligned)? */
static bool user_range(u64 addr, u64 len)
{
	return len <= TASK_SIZE && addr <= TASK_SIZE - len;
}

long sys_brk(u64 brk, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct mm_struct *mm = current_mm();
	u64 ret;

	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	mmap_write_lock(mm);
	ret = mm_brk(mm, brk);
	mmap_write_unlock(mm);
	return (long)ret;
}

/*
 * MAP_POPULATE: fault in every page of the new mapping now, as Linux's
 * __mm_populate() does (mm/gup.c). A page the allocator cannot give goes
 * to the OOM killer, as a user fault's does:
 *
 *   for each page: handle_mm_fault(), as a write if the mapping is writable
 *     no memory: out_of_memory(); a victim's memory came back: same page again
 *                otherwise (this process is the victim, or no one could be
 *                chosen): it dies of SIGKILL on its way back to user mode
 *     a pending kill: stop (Linux's GUP stops on a fatal signal)
 *
 * As Linux's mm_populate(), errors are ignored: mmap returns the address
 * whatever happened here, and a page not populated is faulted at its first
 * touch. Under overcommit "never" the mmap was refused before this.
 */
static void populate(struct mm_struct *mm, u64 addr, u64 len, unsigned long vm_flags)
{
	unsigned int flags = vm_flags & VM_WRITE ? FAULT_FLAG_WRITE : 0;
	struct task_struct *self = get_current();
	u64 a = addr;

	if (!(vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return;
	while (a < addr + len && !READ_ONCE(self->pending_sig)) {
		enum fault_result r = handle_mm_fault(mm, a, flags);

		if (r == FAULT_MAPPED) {
			a += PAGE_SIZE;
		} else if (r != FAULT_NO_MEMORY) {
			return;
		} else if (!out_of_memory()) {
			process_kill(self->pid, SIGKILL);
			return;
		}
	}
}

/* mmap under mmap_lock: the new mapping's address, or -errno. */
static long mmap_locked(struct mm_struct *mm, u64 addr, u64 len, unsigned long vm_flags, u64 flags)
{
	int err;

	if (flags & MAP_FIXED) {
		err = mm_unmap_range(mm, addr, addr + len);
		if (err)
			return err;
	} else if (!(flags & MAP_FIXED_NOREPLACE)) {
		struct vm_area_struct *next = find_vma(mm, addr);

		/* A hint is taken if the range is free, as Linux does. */
		if (!addr || (addr & ~PAGE_MASK) || addr < MMAP_MIN_ADDR ||
		    !user_range(addr, len) || (next && next->vm_start < addr + len))
			addr = mm_get_unmapped_area(mm, len);
		if (!addr)
			return -ENOMEM;
	}
	err = mm_add_vma(mm, addr, addr + len, vm_flags, VMA_ANON);
	if (err)
		return err == -EINVAL ? -ENOMEM : err;
	return (long)addr;
}

long sys_mmap(u64 addr, u64 len, u64 prot, u64 flags, u64 fd, u64 off)
{
	struct mm_struct *mm = current_mm();
	unsigned long vm_flags = prot_to_vm(prot);
	u64 type = flags & MAP_TYPE;
	long ret;

	if (!len || (off & ~PAGE_MASK) || (prot & ~(u64)(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	if (type != MAP_PRIVATE && type != MAP_SHARED)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return (s64)fd >= 0 && fd <= 2 ? -ENODEV
					       : -EBADF; /* no files: fd 0-2 are the console */
	if (len > TASK_SIZE)
		return -ENOMEM;
	len = PAGE_ALIGN(len);
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		if (!user_range(addr, len))
			return -ENOMEM;
		if (addr < MMAP_MIN_ADDR)
			return -EPERM;
	}
	mmap_write_lock(mm);
	ret = mmap_locked(mm, addr, len, vm_flags, flags);
	mmap_write_unlock(mm);
	if (ret >= 0 && (flags & MAP_POPULATE))
		populate(mm, (u64)ret, len, vm_flags);
	return ret;
}

long sys_munmap(u64 addr, u64 len, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct mm_struct *mm = current_mm();
	int err;

	(void)a2, (void)a3, (void)a4, (void)a5;
	if ((addr & ~PAGE_MASK) || !len || len > TASK_SIZE)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!user_range(addr, len))
		return -EINVAL;
	mmap_write_lock(mm);
	err = mm_unmap_range(mm, addr, addr + len);
	mmap_write_unlock(mm);
	return err;
}

long sys_mprotect(u64 addr, u64 len, u64 prot, u64 a3, u64 a4, u64 a5)
{
	struct mm_struct *mm = current_mm();
	int err;

	(void)a3, (void)a4, (void)a5;
	if ((addr & ~PAGE_MASK) || (prot & ~(u64)(PROT_READ | PROT_WRITE | PROT_EXEC)) ||
	    len > TASK_SIZE)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return 0;
	if (!user_range(addr, len))
		return -ENOMEM;
	mmap_write_lock(mm);
	err = mm_protect_range(mm, addr, addr + len, prot_to_vm(prot));
	mmap_write_unlock(mm);
	return err;
}

long sys_madvise(u64 addr, u64 len, u64 advice, u64 a3, u64 a4, u64 a5)
{
	(void)a3, (void)a4, (void)a5;
	if ((addr & ~PAGE_MASK) || len > TASK_SIZE)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!user_range(addr, len))
		return -EINVAL;
	switch (advice) {
	case MADV_DONTNEED:
		mmap_write_lock(current_mm());
		zap_page_range(current_mm(), addr, addr + len);
		mmap_write_unlock(current_mm());
		return 0;
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_FREE: /* the kernel may free the pages or not: here it keeps them */
		return 0;
	default:
		return -EINVAL;
	}
}
