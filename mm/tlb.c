// SPDX-License-Identifier: MIT
/*
 * flush_tlb_kernel_range(): the range to every online CPU by IPI
 * (on_each_cpu with wait), each flushing it page by page or as a whole.
 * The remote flushes are counted in irq_stat.irq_tlb_count (the TLB row of
 * `interrupts`, as Linux's "TLB shootdowns").
 */
#include "mm/tlbflush.h"
#include "arch/x86_64/irq.h"
#include "kernel/cpumask.h"
#include "kernel/percpu.h"
#include "kernel/smp.h"
#include "mm/pgtable.h"

struct flush_tlb_info {
	u64 start, end;
	int initiator; /* the CPU that asked: its own flush is not a shootdown */
};

static void do_kernel_range_flush(void *data)
{
	const struct flush_tlb_info *info = data;

	if (smp_processor_id() != info->initiator)
		this_cpu_inc(irq_stat.irq_tlb_count);
	if ((info->end - info->start) >> PAGE_SHIFT > TLB_SINGLE_PAGE_FLUSH_CEILING) {
		flush_tlb_all();
		return;
	}
	for (u64 a = info->start; a < info->end; a += PAGE_SIZE)
		flush_tlb_page(a);
}

void flush_tlb_kernel_range(u64 start, u64 end)
{
	struct flush_tlb_info info = {
		.start = start & ~(PAGE_SIZE - 1),
		.end = end,
		.initiator = smp_processor_id(),
	};

	if (end <= start)
		return;
	if (num_online_cpus() == 1) { /* no IPI machinery for the common one-CPU case */
		do_kernel_range_flush(&info);
		return;
	}
	on_each_cpu(do_kernel_range_flush, &info, 1);
}
