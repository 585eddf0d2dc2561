// SPDX-License-Identifier: MIT
/*
 * GDT and TSS setup, one GDT and one TSS per CPU (a TSS is busy once
 * loaded, so CPUs cannot share one). Layout (selector: descriptor):
 *
 *   0x00 null | 0x08 64-bit code DPL0 | 0x10 data DPL0 |
 *   0x18 32-bit code DPL3 | 0x20 data DPL3 | 0x28 64-bit code DPL3 | 0x30 TSS (16 bytes)
 *
 * The boot CPU's double-fault IST stack (df_stack_*) and its guard page are
 * placed by linker.ld, and mm/paging.c leaves the guard unmapped; each AP's
 * comes from vmalloc (arch/x86_64/smpboot.c), whose guard pages do the same.
 */
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/syscall.h"
#include "kernel/percpu.h"
#include "kernel/smp.h"
#include "lib/types.h"

struct tss {
	u32 reserved0;
	u64 rsp[3]; /* stacks for privilege changes: rsp[0] for ring 3 -> 0 */
	u64 reserved1;
	u64 ist[7]; /* ist[0] is IST1 */
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base; /* past the limit: no I/O bitmap */
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "TSS layout is fixed by the CPU");

struct gdt_ptr {
	u16 limit;
	u64 base;
} __attribute__((packed));

extern char df_stack_top[];

#define GDT_ENTRIES 8

static struct tss tss_table[NR_CPUS];
static u64 gdt_table[NR_CPUS][GDT_ENTRIES];

static u64 tss_descriptor_low(u64 base, u32 limit)
{
	u64 d = limit & 0xffff;

	d |= (base & 0xffffff) << 16;
	d |= 0x89UL << 40; /* present, 64-bit available TSS */
	d |= (u64)((limit >> 16) & 0xf) << 48;
	d |= ((base >> 24) & 0xff) << 56;
	return d;
}

void gdt_init_cpu(unsigned int cpu, u64 df_stack)
{
	struct gdt_ptr ptr;
	struct tss *tss = &tss_table[cpu];
	u64 *gdt = gdt_table[cpu];
	u64 base = (u64)tss;

	tss->ist[IST_DOUBLE_FAULT - 1] = df_stack;
	tss->iomap_base = sizeof(*tss);

	gdt[0] = 0;
	gdt[1] = 0x00af9a000000ffffUL; /* code: present, exec/read, L=1 */
	gdt[2] = 0x00cf92000000ffffUL; /* data: present, read/write */
	gdt[3] = 0x00cffa000000ffffUL; /* user 32-bit code: present, DPL3, exec/read */
	gdt[4] = 0x00cff2000000ffffUL; /* user data: present, DPL3, read/write */
	gdt[5] = 0x00affa000000ffffUL; /* user 64-bit code: present, DPL3, L=1 */
	gdt[6] = tss_descriptor_low(base, sizeof(*tss) - 1);
	gdt[7] = base >> 32;

	ptr.limit = sizeof(gdt_table[cpu]) - 1;
	ptr.base = (u64)gdt;
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movw %w2, %%ax\n\t"
			 "movw %%ax, %%ds\n\t"
			 "movw %%ax, %%es\n\t"
			 "movw %%ax, %%ss\n\t"
			 "movw %%ax, %%fs\n\t"
			 "movw %%ax, %%gs\n\t"
			 "ltr %w3"
			 :
			 : "m"(ptr), "i"(GDT_KERNEL_CS), "r"(GDT_KERNEL_DS), "r"(GDT_TSS)
			 : "rax", "memory");
	syscall_init();
}

void tss_set_sp0(u64 sp0)
{
	tss_table[smp_processor_id()].rsp[0] = sp0;
}

void gdt_init(void)
{
	gdt_init_cpu(0, (u64)df_stack_top);
}
