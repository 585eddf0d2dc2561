/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU variables, with Linux's names (include/linux/percpu-defs.h, 6.1):
 *
 *   DEFINE_PER_CPU(type, name)     one copy of name per CPU
 *   DECLARE_PER_CPU(type, name)    its extern declaration, in a header
 *   this_cpu_read/write/add/inc(name)
 *                                  the running CPU's copy, one instruction
 *   this_cpu_ptr(&name)            a pointer to the running CPU's copy
 *   per_cpu_ptr(&name, cpu)        a pointer to cpu's copy
 *   per_cpu(name, cpu)             cpu's copy, as an lvalue
 *
 * Every DEFINE_PER_CPU lands in the .data..percpu section of the image:
 * the template, between __per_cpu_start and __per_cpu_end (linker.ld).
 * At boot the template serves the boot CPU (GS base 0, every offset 0);
 * setup_per_cpu_areas() (mm/percpu.c) then copies it into one area per
 * possible CPU and points each CPU's GS base at its own (the layout is in
 * mm/memlayout.h). The template is never used again after that.
 *
 * Rules (Linux's): this_cpu_ptr() and smp_processor_id() name the running
 * CPU, which stays true only while the code cannot move to another CPU:
 * in interrupt context, with interrupts off, or under a spinlock. strata
 * has no preemption and no migration yet, so today that always holds;
 * with SMP it still will, because nothing moves a running kernel thread.
 * Another CPU's copy (per_cpu) is read only under the lock that guards it.
 */
#ifndef STRATA_PERCPU_H
#define STRATA_PERCPU_H

#include "arch/x86_64/percpu.h"

/* The most CPUs strata can hold (Linux's CONFIG_NR_CPUS). */
#define NR_CPUS 64

#define PER_CPU_SECTION ".data..percpu"
#define DEFINE_PER_CPU(type, name) __attribute__((section(PER_CPU_SECTION))) __typeof__(type) name
#define DECLARE_PER_CPU(type, name) \
	extern __attribute__((section(PER_CPU_SECTION))) __typeof__(type) name

/* Each CPU's offset from the template to its own area; 0 before setup. */
extern unsigned long __per_cpu_offset[NR_CPUS];
/* This CPU's entry of __per_cpu_offset, kept in its own area. */
DECLARE_PER_CPU(unsigned long, this_cpu_off);

#define per_cpu_offset(cpu) (__per_cpu_offset[(cpu)])
#define per_cpu_ptr(ptr, cpu) ((__typeof__(ptr))((unsigned long)(ptr) + per_cpu_offset(cpu)))
#define per_cpu(var, cpu) (*per_cpu_ptr(&(var), (cpu)))
#define this_cpu_ptr(ptr) ((__typeof__(ptr))((unsigned long)(ptr) + this_cpu_read(this_cpu_off)))
#define this_cpu_inc(var) this_cpu_add(var, 1)

#endif /* STRATA_PERCPU_H */
