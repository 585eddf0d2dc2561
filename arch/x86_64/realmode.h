/* SPDX-License-Identifier: MIT */
/*
 * The real-mode trampoline an application processor starts in (Linux's
 * arch/x86/realmode, 6.1): one page below 1 MiB, taken from memblock before
 * the first MiB is reserved, holding a copy of trampoline.S. A SIPI with
 * vector V starts the AP in real mode at V * 4 KiB; the code there goes
 * 16 -> 32 -> 64 bit onto the kernel's page tables and calls the entry
 * named in its data block, on the stack named there.
 *
 * The data block (struct trampoline_data, offsets shared with the assembly)
 * is written by the boot CPU for one AP at a time. While an AP is started,
 * the trampoline page is also mapped at its own physical address (the
 * instruction after paging comes on is fetched there); that identity
 * mapping exists only between realmode_map() and realmode_unmap().
 */
#ifndef STRATA_REALMODE_H
#define STRATA_REALMODE_H

/* Offsets inside struct trampoline_data, for trampoline.S. */
#define TR_DATA_CR3 0
#define TR_DATA_EFER 4
#define TR_DATA_STACK 8
#define TR_DATA_ENTRY 16

#ifndef __ASSEMBLER__
#include "lib/types.h"

struct trampoline_data {
	u32 cr3;   /* the kernel's pgd: loaded in 32-bit mode, so below 4 GiB */
	u32 efer;  /* EFER to set before paging (LME, NXE) */
	u64 stack; /* the AP's initial RSP */
	u64 entry; /* the 64-bit function it calls, never returning */
};

/*
 * Take the trampoline page from memblock, below 1 MiB. Call from
 * mm_early_init() before the first MiB is reserved as a whole. Without a
 * page (reported), APs cannot be started.
 */
void realmode_reserve(void);

/* The trampoline's physical address, 0 if none was reserved. */
u64 realmode_phys(void);

/*
 * Copy the trampoline into its page, patched for its address, and map the
 * page at its physical address (read, execute). Returns 0, -ENODEV without
 * a page, -ERANGE if the kernel's pgd lies above 4 GiB, or pt_map()'s
 * error. On success the data block is returned through *data.
 */
int realmode_map(struct trampoline_data **data);

/* Remove the identity mapping and the tables it needed; flush the TLBs. */
void realmode_unmap(void);
#endif

#endif /* STRATA_REALMODE_H */
