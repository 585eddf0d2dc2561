// SPDX-License-Identifier: MIT
/*
 * The memory system calls: brk, mmap, munmap, mprotect, madvise, with
 * Linux's argument checks and error numbers, over mm/mmap.h. They reserve
 * and release address space; frames arrive at the first touch (or at once
 * with MAP_POPULATE). Where strata differs: no files, so only anonymous
 * mappings; MAP_SHARED anonymous memory behaves as private (there is no
 * fork to share it with). Whether a reservation may exceed what RAM can
 * back is the overcommit policy's (mm/overcommit.c).
 */
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "mm/mmap.h"

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
	(void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
	return (long)mm_brk(current_mm(), brk);
}

/* Fault in every page of a new mapping now (MAP_POPULATE); failures are ignored, as Linux does. */
static void populate(struct mm_struct *mm, u64 addr, u64 len, unsigned long vm_flags)
{
	unsigned int flags = vm_flags & VM_WRITE ? FAULT_FLAG_WRITE : 0;

	if (!(vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return;
	for (u64 a = addr; a < addr + len; a += PAGE_SIZE)
		if (handle_mm_fault(mm, a, flags) != FAULT_MAPPED)
			return;
}

long sys_mmap(u64 addr, u64 len, u64 prot, u64 flags, u64 fd, u64 off)
{
	struct mm_struct *mm = current_mm();
	unsigned long vm_flags = prot_to_vm(prot);
	u64 type = flags & MAP_TYPE;
	int err;

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
		if (flags & MAP_FIXED) {
			err = mm_unmap_range(mm, addr, addr + len);
			if (err)
				return err;
		}
	} else {
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
	if (flags & MAP_POPULATE)
		populate(mm, addr, len, vm_flags);
	return (long)addr;
}

long sys_munmap(u64 addr, u64 len, u64 a2, u64 a3, u64 a4, u64 a5)
{
	(void)a2, (void)a3, (void)a4, (void)a5;
	if ((addr & ~PAGE_MASK) || !len || len > TASK_SIZE)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!user_range(addr, len))
		return -EINVAL;
	return mm_unmap_range(current_mm(), addr, addr + len);
}

long sys_mprotect(u64 addr, u64 len, u64 prot, u64 a3, u64 a4, u64 a5)
{
	(void)a3, (void)a4, (void)a5;
	if ((addr & ~PAGE_MASK) || (prot & ~(u64)(PROT_READ | PROT_WRITE | PROT_EXEC)) ||
	    len > TASK_SIZE)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return 0;
	if (!user_range(addr, len))
		return -ENOMEM;
	return mm_protect_range(current_mm(), addr, addr + len, prot_to_vm(prot));
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
		zap_page_range(current_mm(), addr, addr + len);
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
