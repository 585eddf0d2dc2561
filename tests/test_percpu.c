// SPDX-License-Identifier: MIT
/*
 * Tests of per-CPU data and atomics: each this_cpu accessor reads what was
 * written, at its own width, in this CPU's area and not in the template;
 * every possible CPU has its own copy; preempt_count is per CPU; and each
 * atomic operation returns and stores what Linux's does, atomic_long_t on
 * values past 32 bits.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "arch/x86_64/atomic.h"
#include "arch/x86_64/cpu.h"
#include "kernel/percpu.h"
#include "kernel/preempt.h"
#include "kernel/smp.h"
#include "mm/percpu.h"

static DEFINE_PER_CPU(u64, test_pcp_u64);
static DEFINE_PER_CPU(u32, test_pcp_u32);
static DEFINE_PER_CPU(u16, test_pcp_u16);
static DEFINE_PER_CPU(u8, test_pcp_u8);

/* The template's value, read past the compiler (it may not assume it unchanged). */
static u64 template_u64(void)
{
	return *(volatile u64 *)&test_pcp_u64;
}

static void this_cpu_reads_what_was_written(struct ktest *t)
{
	u64 before = template_u64();

	this_cpu_write(test_pcp_u64, 0x1122334455667788ULL);
	KTEST_EXPECT_EQ(t, this_cpu_read(test_pcp_u64), 0x1122334455667788ULL);
	this_cpu_inc(test_pcp_u64);
	this_cpu_add(test_pcp_u64, 0x100000000ULL);
	KTEST_EXPECT_EQ(t, this_cpu_read(test_pcp_u64), 0x1122334555667789ULL);
	KTEST_EXPECT_EQ(t, *this_cpu_ptr(&test_pcp_u64), 0x1122334555667789ULL);
	KTEST_EXPECT_EQ(t, per_cpu(test_pcp_u64, smp_processor_id()), 0x1122334555667789ULL);
	per_cpu(test_pcp_u64, smp_processor_id()) = 7; /* the other way round */
	KTEST_EXPECT_EQ(t, this_cpu_read(test_pcp_u64), 7);
	/* The template is not this CPU's copy once the areas exist. */
	if (per_cpu_offset(0))
		KTEST_EXPECT_EQ(t, template_u64(), before);
	this_cpu_write(test_pcp_u64, 0);
}

/* Each width wraps at its own size and leaves its neighbours alone. */
static void this_cpu_ops_keep_their_width(struct ktest *t)
{
	this_cpu_write(test_pcp_u32, 0xffffffffU);
	this_cpu_write(test_pcp_u16, 0xffff);
	this_cpu_write(test_pcp_u8, 0xff);
	this_cpu_inc(test_pcp_u8);
	KTEST_EXPECT_EQ(t, this_cpu_read(test_pcp_u8), 0);
	KTEST_EXPECT_EQ(t, this_cpu_read(test_pcp_u16), 0xffff);
	this_cpu_inc(test_pcp_u16);
	KTEST_EXPECT_EQ(t, this_cpu_read(test_pcp_u16), 0);
	KTEST_EXPECT_EQ(t, this_cpu_read(test_pcp_u32), 0xffffffffU);
	this_cpu_add(test_pcp_u32, 2);
	KTEST_EXPECT_EQ(t, this_cpu_read(test_pcp_u32), 1);
	this_cpu_write(test_pcp_u32, 0);
}

/* GS holds this CPU's offset, and each possible CPU has its own area. */
static void areas_one_per_possible_cpu(struct ktest *t)
{
	size_t area = percpu_area_size();

	KTEST_EXPECT_EQ(t, smp_processor_id(), 0);
	KTEST_EXPECT_EQ(t, raw_smp_processor_id(), smp_processor_id());
	KTEST_ASSERT_GE(t, nr_cpu_ids, 1);
	KTEST_EXPECT_LE(t, nr_cpu_ids, NR_CPUS);
	KTEST_EXPECT_EQ(t, rdmsr(MSR_GS_BASE), per_cpu_offset(0));
	KTEST_EXPECT_EQ(t, this_cpu_read(this_cpu_off), per_cpu_offset(0));
	KTEST_EXPECT_NE(t, per_cpu_offset(0), 0); /* set up, not the template */
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		u64 mine = (u64)per_cpu_ptr(&test_pcp_u64, cpu);

		KTEST_EXPECT_EQ(t, per_cpu(cpu_number, cpu), (int)cpu);
		KTEST_EXPECT_EQ(t, per_cpu(this_cpu_off, cpu), per_cpu_offset(cpu));
		for (unsigned int other = 0; other < cpu; other++) {
			u64 theirs = (u64)per_cpu_ptr(&test_pcp_u64, other);

			KTEST_EXPECT_GE(t, mine > theirs ? mine - theirs : theirs - mine, area);
		}
	}
}

static void preempt_count_is_per_cpu(struct ktest *t)
{
	unsigned int before = preempt_count();

	KTEST_EXPECT_FALSE(t, in_atomic());
	preempt_disable();
	KTEST_EXPECT_EQ(t, preempt_count(), before + 1);
	KTEST_EXPECT_EQ(t, per_cpu(__preempt_count, smp_processor_id()), before + 1);
	KTEST_EXPECT_TRUE(t, in_atomic());
	KTEST_EXPECT_FALSE(t, in_interrupt()); /* preemption off is not interrupt context */
	preempt_enable();
	KTEST_EXPECT_EQ(t, preempt_count(), before);
}

static void atomic_ops_as_linux(struct ktest *t)
{
	atomic_t v = ATOMIC_INIT(5);
	int old = 1;

	KTEST_EXPECT_EQ(t, atomic_read(&v), 5);
	atomic_set(&v, 1);
	atomic_inc(&v);
	atomic_add(10, &v);
	atomic_sub(3, &v);
	atomic_dec(&v);
	KTEST_EXPECT_EQ(t, atomic_read(&v), 8);
	KTEST_EXPECT_EQ(t, atomic_inc_return(&v), 9);
	KTEST_EXPECT_EQ(t, atomic_cmpxchg(&v, 3, 100), 9); /* no match: unchanged */
	KTEST_EXPECT_EQ(t, atomic_read(&v), 9);
	KTEST_EXPECT_EQ(t, atomic_cmpxchg(&v, 9, 2), 9);
	KTEST_EXPECT_EQ(t, atomic_read(&v), 2);
	KTEST_EXPECT_FALSE(t, atomic_try_cmpxchg(&v, &old, 50));
	KTEST_EXPECT_EQ(t, old, 2); /* updated to what v held */
	KTEST_EXPECT_TRUE(t, atomic_try_cmpxchg(&v, &old, 50));
	KTEST_EXPECT_EQ(t, atomic_xchg(&v, 1), 50);
	KTEST_EXPECT_TRUE(t, atomic_dec_and_test(&v));
	KTEST_EXPECT_FALSE(t, atomic_dec_and_test(&v)); /* 0 -> -1 */
	KTEST_EXPECT_EQ(t, atomic_read(&v), -1);
}

static void atomic_long_ops_use_64_bits(struct ktest *t)
{
	const long big = 1L << 40;
	atomic_long_t v = ATOMIC_LONG_INIT(big);
	long old = 0;

	atomic_long_add(big, &v);
	atomic_long_inc(&v);
	KTEST_EXPECT_EQ(t, atomic_long_read(&v), 2 * big + 1);
	atomic_long_sub(big, &v);
	atomic_long_dec(&v);
	KTEST_EXPECT_EQ(t, atomic_long_read(&v), big);
	KTEST_EXPECT_EQ(t, atomic_long_inc_return(&v), big + 1);
	KTEST_EXPECT_EQ(t, atomic_long_cmpxchg(&v, 1, 0),
			big + 1); /* the low half alone is no match */
	KTEST_EXPECT_FALSE(t, atomic_long_try_cmpxchg(&v, &old, 0));
	KTEST_EXPECT_EQ(t, old, big + 1);
	KTEST_EXPECT_EQ(t, atomic_long_xchg(&v, 1), big + 1);
	KTEST_EXPECT_TRUE(t, atomic_long_dec_and_test(&v));
	atomic_long_set(&v, -big);
	KTEST_EXPECT_EQ(t, atomic_long_read(&v), -big);
}

static const struct ktest_case percpu_cases[] = {
	KTEST_CASE(this_cpu_reads_what_was_written),
	KTEST_CASE(this_cpu_ops_keep_their_width),
	KTEST_CASE(areas_one_per_possible_cpu),
	KTEST_CASE(preempt_count_is_per_cpu),
	KTEST_CASE(atomic_ops_as_linux),
	KTEST_CASE(atomic_long_ops_use_64_bits),
};

KTEST_SUITE(percpu_suite, "percpu", percpu_cases);
