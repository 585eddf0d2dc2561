/* SPDX-License-Identifier: MIT */
/*
 * Thin wrappers around x86_64 instructions that C cannot express: port I/O,
 * control registers, MSRs, CPUID, TLB flushes, the TSC. One inline function
 * per instruction, each named after it.
 */
#ifndef STRATA_CPU_H
#define STRATA_CPU_H

#include "lib/types.h"

#define CR0_WP (1UL << 16)
#define CR4_PAE (1UL << 5)
#define CR4_PGE (1UL << 7)
#define CR4_SMEP (1UL << 20) /* a supervisor fetch from a user page faults */
#define CR4_SMAP (1UL << 21) /* a supervisor access to a user page faults unless EFLAGS.AC */
#define MSR_EFER 0xc0000080
#define EFER_LME (1UL << 8)
#define EFER_NXE (1UL << 11)

static inline void outb(u16 port, u8 v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outl(u16 port, u32 v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline u64 read_cr0(void)
{
	u64 v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline void write_cr0(u64 v)
{
	__asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline u64 read_cr2(void)
{
	u64 v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline u64 read_cr3(void)
{
	u64 v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(u64 v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline u64 read_cr4(void)
{
	u64 v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr4(u64 v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)));
}

static inline void cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline void invlpg(u64 va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline void cpu_relax(void)
{
	__asm__ volatile("pause");
}

static inline __attribute__((noreturn)) void halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

static inline u64 read_rbp(void)
{
	u64 v;

	__asm__ volatile("mov %%rbp, %0" : "=r"(v));
	return v;
}

/* CPU features strata cares about, read once by cpu_features_init(). */
struct cpu_features {
	bool nx;      /* EFER.NXE may be set: no-execute page bit */
	bool pdpe1gb; /* 1 GiB pages in the PDPT */
	bool smep;    /* CR4.SMEP may be set (CPUID.(7,0):EBX bit 7) */
	bool smap;    /* CR4.SMAP, STAC and CLAC exist (CPUID.(7,0):EBX bit 20) */
	char vendor[13];
};

extern struct cpu_features boot_cpu;

/* Read CPUID into boot_cpu. Call once, first thing in kmain(). */
void cpu_features_init(void);

/*
 * Set CR4.SMEP and CR4.SMAP on this CPU where boot_cpu has them, unless
 * the command line says nosmep or nosmap, and print one line saying which
 * are on. Once, on the boot CPU, after the command line is read and
 * before smp_init(): the APs copy the boot CPU's CR4.
 */
void cpu_setup_smep_smap(void);

#endif /* STRATA_CPU_H */
