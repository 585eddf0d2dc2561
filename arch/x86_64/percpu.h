/* SPDX-License-Identifier: MIT */
/*
 * The instructions under this_cpu_*(): one access through the GS segment
 * (arch/x86/include/asm/percpu.h in Linux 6.1 keeps the same idea).
 *
 * The per-CPU template, the .data..percpu section of the image, is linked
 * at its ordinary kernel address. Each CPU's GS base holds that CPU's
 * offset, __per_cpu_offset[cpu] = (its area) - __per_cpu_start, so
 * "%gs:var" reaches var's copy in the running CPU's area in one
 * instruction. Each accessor is a single instruction, so an interrupt on
 * this CPU cannot split it: this_cpu_inc() needs no lock and no cli.
 *
 * NOTE: Linux 6.1 on x86_64 links the section at address 0 instead (its
 * GS base is the area itself, and the stack protector's canary sits at
 * %gs:40); strata's form is the one Linux's 32-bit x86 uses with %fs.
 * Both give the same accessors.
 */
#ifndef STRATA_ARCH_PERCPU_H
#define STRATA_ARCH_PERCPU_H

#define MSR_GS_BASE 0xc0000101

#ifdef STRATA_HOST_TEST
/* Host unit tests: one CPU, whose area is the template itself. */
#define this_cpu_read(var) (var)
#define this_cpu_write(var, val) ((var) = (val))
#define this_cpu_add(var, val) ((var) += (val))
#else
/* var must be a per-CPU variable of 1, 2, 4 or 8 bytes (a scalar or pointer). */
#define this_cpu_read(var)                                                        \
	({                                                                        \
		__typeof__(var) pcp_ret__;                                        \
		__asm__ volatile("mov %%gs:%1, %0" : "=q"(pcp_ret__) : "m"(var)); \
		pcp_ret__;                                                        \
	})

#define this_cpu_write(var, val)                                                  \
	do {                                                                      \
		__typeof__(var) pcp_val__ = (val);                                \
		__asm__ volatile("mov %1, %%gs:%0" : "=m"(var) : "q"(pcp_val__)); \
	} while (0)

#define this_cpu_add(var, val)                                                           \
	do {                                                                             \
		__typeof__(var) pcp_val__ = (val);                                       \
		__asm__ volatile("add %1, %%gs:%0" : "+m"(var) : "q"(pcp_val__) : "cc"); \
	} while (0)

#endif /* STRATA_HOST_TEST */

#endif /* STRATA_ARCH_PERCPU_H */
