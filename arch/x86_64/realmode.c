// SPDX-License-Identifier: MIT
/*
 * The trampoline page: reserved below 1 MiB at boot (Linux's
 * reserve_real_mode(), arch/x86/realmode/init.c, 6.1), filled and
 * identity-mapped while APs start, unmapped afterwards. Invariant: the
 * identity mapping (PML4 slot 0, the only lower-half mapping strata ever
 * makes) exists only between realmode_map() and realmode_unmap(); the
 * page itself stays reserved for good, as Linux keeps its trampoline.
 */
#include "arch/x86_64/realmode.h"
#include "arch/x86_64/cpu.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/memblock.h"
#include "mm/memlayout.h"
#include "mm/pgtable.h"
#include "mm/tlbflush.h"

/* The image in trampoline.S and the places realmode_map() patches. */
extern char trampoline_start[], trampoline_end[], tr_pm32[], tr_lm64[];
extern char tr_gdt[], tr_gdt_ptr[], tr_jump32[], tr_jump64[], tr_data[];

/* The SIPI vector is the page number: a page from 4 KiB to below 1 MiB. */
#define REALMODE_MIN 0x1000UL
#define REALMODE_LIMIT 0x100000UL

static u64 trampoline_phys;

void realmode_reserve(void)
{
	_Static_assert(TR_DATA_ENTRY == __builtin_offsetof(struct trampoline_data, entry),
		       "trampoline.S offsets");
	trampoline_phys = memblock_alloc_range(PAGE_SIZE, PAGE_SIZE, REALMODE_MIN, REALMODE_LIMIT);
	if (!trampoline_phys)
		pr_warn("smpboot: no free page below 1 MiB for the AP trampoline: one CPU only\n");
}

u64 realmode_phys(void)
{
	return trampoline_phys;
}

/* A symbol's offset in the image (and in the page: the copy is exact). */
static u64 tr_off(const char *sym)
{
	return (u64)sym - (u64)trampoline_start;
}

static void patch32(char *page, const char *field, u64 value)
{
	u32 v = (u32)value;

	memcpy(page + tr_off(field), &v, sizeof(v));
}

int realmode_map(struct trampoline_data **data)
{
	char *page = phys_to_virt(trampoline_phys);
	int err;

	if (!trampoline_phys)
		return -ENODEV;
	if (kernel_pgd_phys >> 32)
		return -ERANGE;
	memcpy(page, trampoline_start, tr_off(trampoline_end));
	patch32(page, tr_gdt_ptr + 2, trampoline_phys + tr_off(tr_gdt));
	patch32(page, tr_jump32, trampoline_phys + tr_off(tr_pm32));
	patch32(page, tr_jump64, trampoline_phys + tr_off(tr_lm64));
	err = pt_map_page(kernel_pgd, trampoline_phys, trampoline_phys, PAGE_KERNEL_RX);
	if (err)
		return err;
	*data = (struct trampoline_data *)(page + tr_off(tr_data));
	memset(*data, 0, sizeof(**data));
	(*data)->cr3 = (u32)kernel_pgd_phys;
	(*data)->efer = (u32)(rdmsr(MSR_EFER) & (EFER_LME | EFER_NXE));
	return 0;
}

void realmode_unmap(void)
{
	pt_unmap_page(kernel_pgd, trampoline_phys);
	pt_free_empty_tables(kernel_pgd, 0, PGDIR_SIZE);
	flush_tlb_kernel_range(0, PGDIR_SIZE);
}
