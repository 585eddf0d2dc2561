// SPDX-License-Identifier: MIT
/*
 * The per-CPU areas: one copy of the .data..percpu template per possible
 * CPU, allocated from memblock at boot and never freed (Linux's "embedded"
 * first chunk has the same lifetime). Invariant once set up: for every
 * possible cpu, per_cpu_ptr(&var, cpu) lies inside that CPU's area, and
 * the running CPU's GS base equals __per_cpu_offset[its number].
 * kernel/percpu.h has the accessors; mm/memlayout.h shows the layout.
 */
#include "mm/percpu.h"
#include "arch/x86_64/cpu.h"
#include "kernel/percpu.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "lib/string.h"
#include "mm/memblock.h"
#include "mm/memlayout.h"

/* The template's bounds (linker.ld). */
extern char __per_cpu_start[], __per_cpu_end[];

/* The template's bytes (linker symbols: compared as addresses). */
static size_t percpu_template_size(void)
{
	return (size_t)((u64)__per_cpu_end - (u64)__per_cpu_start);
}

size_t percpu_area_size(void)
{
	return ALIGN_UP(percpu_template_size(), PAGE_SIZE);
}

/*
 * Copy the template for cpu and record where its copy is; false: no memory.
 * Above 16 MiB, as Linux 6.1's pcpu_fc_alloc() (goal MAX_DMA_ADDRESS): the
 * DMA zone is scarce (below it only if there is no RAM above). Top-down,
 * like every memblock allocation.
 */
static bool percpu_area_create(unsigned int cpu)
{
	size_t size = percpu_area_size();
	u64 pa = memblock_alloc_range(size, PAGE_SIZE, 16 * MiB, memblock_get_limit());
	char *area;

	if (!pa)
		pa = memblock_phys_alloc(size, PAGE_SIZE);
	if (!pa)
		return false;
	area = phys_to_virt(pa);
	memcpy(area, __per_cpu_start, percpu_template_size());
	__per_cpu_offset[cpu] = (unsigned long)area - (unsigned long)__per_cpu_start;
	per_cpu(this_cpu_off, cpu) = __per_cpu_offset[cpu];
	per_cpu(cpu_number, cpu) = (int)cpu;
	return true;
}

void setup_per_cpu_areas(unsigned int nr_possible)
{
	unsigned int cpu, want = MIN(MAX(nr_possible, 1U), (unsigned int)NR_CPUS);

	if (nr_possible > NR_CPUS)
		pr_warn("percpu: the MADT lists %u CPUs; strata holds %d (NR_CPUS): the rest "
			"stay offline\n",
			nr_possible, NR_CPUS);
	for (cpu = 0; cpu < want; cpu++)
		if (!percpu_area_create(cpu))
			break;
	if (cpu == 0) {
		pr_err("percpu: no memory for the boot CPU's area: it keeps the template\n");
		return;
	}
	if (cpu < want)
		pr_warn("percpu: no memory for CPU %u's area: %u possible CPUs instead of %u\n",
			cpu, cpu, want);
	nr_cpu_ids = cpu;
	/* The boot CPU moves to its copy; the template is not used again. */
	wrmsr(MSR_GS_BASE, __per_cpu_offset[0]);
	pr_info("percpu: %u area(s) of %zu KiB (template %zu bytes at %p), CPU 0's at %p\n",
		nr_cpu_ids, percpu_area_size() >> 10, percpu_template_size(),
		(void *)__per_cpu_start, (void *)per_cpu_ptr((char *)__per_cpu_start, 0));
}
