/* SPDX-License-Identifier: MIT */
/*
 * Memory barriers, Linux's names and x86_64 choices
 * (arch/x86/include/asm/barrier.h, include/asm-generic/barrier.h, 6.1):
 *
 *   barrier()   the compiler may not move memory accesses across it
 *   mb()        mfence: every earlier load and store, also device (MMIO)
 *   smp_mb()    full barrier between CPUs: a locked add to the stack, which
 *               orders like mfence for ordinary memory and costs less
 *   smp_rmb()   loads before it are seen before loads after it
 *   smp_wmb()   stores before it are seen before stores after it
 *
 * x86 is "total store order": a CPU never reorders loads with loads or
 * stores with stores, so smp_rmb() and smp_wmb() only stop the compiler.
 * The one reordering x86 does is a later load passing an earlier store to
 * another address; only smp_mb() (or a locked instruction) prevents it.
 */
#ifndef STRATA_BARRIER_H
#define STRATA_BARRIER_H

#define barrier() __asm__ volatile("" : : : "memory")
#define mb() __asm__ volatile("mfence" : : : "memory")
#define smp_mb() __asm__ volatile("lock addl $0, -4(%%rsp)" : : : "memory", "cc")
#define smp_rmb() barrier()
#define smp_wmb() barrier()

#endif /* STRATA_BARRIER_H */
