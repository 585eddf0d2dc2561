// SPDX-License-Identifier: MIT
/*
 * Tests of the kernel basics the other layers lean on: the log buffer,
 * formatting, the command line, symbols, and fault catching itself.
 */
#include "tests/ktest.h"
#include "tests/suites.h"
#include "boot/bootinfo.h"
#include "kernel/cmdline.h"
#include "kernel/ksyms.h"
#include "kernel/printk.h"
#include "kernel/task.h"
#include "kernel/delay.h"
#include "kernel/time.h"
#include "arch/x86_64/irqflags.h"
#include "include/linux/log2.h"
#include "kernel/tsc.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "kernel/ubsan.h"
#include "lib/vsprintf.h"

void kmain(u32 magic, u32 info_pa);

static void printk_goes_to_log_buffer(struct ktest *t)
{
	u64 before = ktest_log_mark();

	/* KERN_DEBUG: kept in the log, not shown on the console (level 7). */
	printk(KERN_DEBUG "ktest marker %d\n", 4242);
	KTEST_EXPECT_GT(t, log_next, before);
	KTEST_EXPECT_LOG(t, before, "ktest marker 4242");
	KTEST_EXPECT_LOG(t, before, "] ktest marker"); /* timestamped */
	KTEST_EXPECT_FALSE(t, ktest_log_contains(before, "no such text"));
}

/*
 * Lines as in Linux: KERN_CONT continues an open line, any other message
 * ends it first. KERN_DEBUG keeps the console quiet; the prefixes are
 * passed as arguments, as print_hex_dump() passes its level.
 */
static void printk_continues_lines(struct ktest *t)
{
	u64 before = ktest_log_mark();

	printk(KERN_DEBUG "ktest cont a");
	pr_cont(" b");
	printk("%s c\n", KERN_CONT);
	KTEST_EXPECT_LOG(t, before, "] ktest cont a b c\n");
	before = ktest_log_mark();
	printk(KERN_DEBUG "ktest open");
	printk(KERN_DEBUG "ktest next\n");
	KTEST_EXPECT_LOG(t, before, "ktest open\n[");
	KTEST_EXPECT_LOG(t, before, "] ktest next\n");
	/* KERN_CONT with no open line starts one, stamped. */
	before = ktest_log_mark();
	printk("%sktest lone cont\n", KERN_CONT KERN_DEBUG);
	KTEST_EXPECT_LOG(t, before, "] ktest lone cont\n");
}

/* dmesg after the ring wraps starts at a whole line, not mid-record. */
static void dmesg_starts_at_a_whole_line(struct ktest *t)
{
	/* An 8-byte ring: byte i of the log is ring[i % 8]. */
	static const char ring[8] = {'i', 'j', '\n', 'k', 'x', 'f', '\n', 'h'};
	static const char one_line[8] = "xxxxxxx";

	KTEST_EXPECT_EQ(t, log_first_line(ring, 8, 5), 0);   /* not wrapped yet */
	KTEST_EXPECT_EQ(t, log_first_line(ring, 8, 8), 0);   /* exactly full */
	KTEST_EXPECT_EQ(t, log_first_line(ring, 8, 12), 7);  /* oldest at 4; '\n' at 6 */
	KTEST_EXPECT_EQ(t, log_first_line(ring, 8, 11), 7);  /* oldest at 3 ('k'... '\n' at 6) */
	KTEST_EXPECT_EQ(t, log_first_line(ring, 8, 16), 11); /* oldest at 8 ('i'), '\n' at 10 */
	KTEST_EXPECT_EQ(t, log_first_line(one_line, 8, 20), 12); /* no '\n': the whole ring */
}

static void snprintf_formats(struct ktest *t)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%5d|%-4s|%#x|%03u", -42, "ab", 255, 7u);
	KTEST_EXPECT_STREQ(t, buf, "  -42|ab  |0xff|007");
	snprintf(buf, sizeof(buf), "%p", (void *)0xffff888000001000UL);
	KTEST_EXPECT_STREQ(t, buf, "ffff888000001000");
	KTEST_EXPECT_EQ(t, snprintf(buf, 4, "%s", "truncated"), 9);
	KTEST_EXPECT_STREQ(t, buf, "tru");
}

static void cmdline_parses_numbers(struct ktest *t)
{
	char val[8] = "", *saved;
	u64 v = 0;

	KTEST_EXPECT_TRUE(t, parse_u64("4096", &v));
	KTEST_EXPECT_EQ(t, v, 4096);
	KTEST_EXPECT_TRUE(t, parse_u64("0x1f", &v));
	KTEST_EXPECT_EQ(t, v, 31);
	KTEST_EXPECT_FALSE(t, parse_u64("12z", &v));
	KTEST_EXPECT_FALSE(t, parse_u64("", &v));
	KTEST_EXPECT_FALSE(t, parse_u64("99999999999999999999", &v)); /* overflows u64 */
	/*
	 * A known line, then the boot one back: the suites also run from the
	 * shell's `test`, on a kernel booted without ktest.run. EXPECT never
	 * aborts, so the restore always happens. The copy comes from kmalloc
	 * (.bss costs small boots).
	 */
	saved = ktest_kmalloc(t, BOOTINFO_CMDLINE_MAX, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, saved);
	strlcpy(saved, cmdline_get_all(), BOOTINFO_CMDLINE_MAX);
	cmdline_init("ktest.run=1 flag");
	KTEST_EXPECT_TRUE(t, cmdline_get("ktest.run", val, sizeof(val)));
	KTEST_EXPECT_STREQ(t, val, "1");
	KTEST_EXPECT_TRUE(t, cmdline_get("flag", NULL, 0));
	KTEST_EXPECT_FALSE(t, cmdline_get("no.such.option", NULL, 0));
	cmdline_init(saved);
}

static void symbols_resolve(struct ktest *t)
{
	u64 off = 0, size = 0;
	const char *name = ksym_lookup((u64)kmain + 3, &off, &size);

	KTEST_ASSERT_NOT_NULL(t, name);
	KTEST_EXPECT_STREQ(t, name, "kmain");
	KTEST_EXPECT_EQ(t, off, 3);
	KTEST_EXPECT_GT(t, size, 3);
	KTEST_EXPECT_EQ(t, ksym_address("kmain"), (u64)kmain);
	KTEST_EXPECT_NULL(t, ksym_lookup((u64)log_buf, &off, &size)); /* data, not text */
}

static void no_fault(void *arg)
{
	*(int *)arg = 1;
}

/* The #DE is the point: the sanitized build must not report the division first. */
static __no_ubsan void divide_by_zero(void *arg)
{
	volatile int zero = 0;

	/* cppcheck-suppress zerodiv */
	*(volatile int *)arg = 10 / zero; /* NOLINT(clang-analyzer-core.DivideZero) */
}

static void catch_fault_reports_exceptions(struct ktest *t)
{
	struct fault_info info;
	int ran = 0;

	KTEST_EXPECT_FALSE(t, catch_fault(no_fault, &ran, &info));
	KTEST_EXPECT_EQ(t, ran, 1);
	if (KTEST_EXPECT_FAULT(t, divide_by_zero, &ran, 0, &info))
		KTEST_EXPECT_CONTAINS(t, info.what, "divide error");
}

/* current: swapper/0 outside a command, a task of its own inside one. */
static void current_names_the_context(struct ktest *t)
{
	struct task_struct *task;
	int pid;

	KTEST_EXPECT_EQ(t, (u64)get_current(), (u64)&init_task);
	KTEST_EXPECT_EQ(t, init_task.pid, 0);
	KTEST_EXPECT_STREQ(t, init_task.comm, "swapper/0");
	/* EXPECT only from here: task_end() must run whatever fails. */
	task_begin("insmod");
	task = get_current();
	pid = task->pid;
	KTEST_EXPECT_NE(t, (u64)task, (u64)&init_task);
	KTEST_EXPECT_STREQ(t, task->comm, "insmod");
	KTEST_EXPECT_GT(t, pid, 0);
	task_end();
	KTEST_EXPECT_EQ(t, (u64)get_current(), (u64)&init_task);
	task_begin("a-very-long-command-name");
	KTEST_EXPECT_STREQ(t, get_current()->comm, "a-very-long-com"); /* TASK_COMM_LEN - 1 */
	KTEST_EXPECT_EQ(t, get_current()->pid, pid + 1);
	task_end();
}

/*
 * The sleeps wait for jiffies, so they show there exactly (the timer may
 * drop ticks under a busy host, which only makes them longer); the delays
 * spin on the TSC; a sleep with interrupts off is reported and spins.
 */
static void jiffies_and_delays(struct ktest *t)
{
	u64 j0 = get_jiffies_64(), tsc0, mark;
	unsigned long flags;

	msleep(20); /* 20 ms = 5 jiffies at HZ=250, and the tick under way */
	KTEST_EXPECT_GE(t, get_jiffies_64() - j0, msecs_to_jiffies(20) + 1);
	tsc0 = tsc_since_boot();
	udelay(1000);
	KTEST_EXPECT_GE(t, tsc_since_boot() - tsc0, tsc_khz);
	j0 = get_jiffies_64();
	KTEST_EXPECT_EQ(t, schedule_timeout(2), 0);
	KTEST_EXPECT_GE(t, get_jiffies_64() - j0, 2);
	/* The conversions module code uses round up to whole jiffies (4 ms at HZ=250). */
	KTEST_EXPECT_EQ(t, msecs_to_jiffies(20), 5);
	KTEST_EXPECT_EQ(t, msecs_to_jiffies(1), 1);
	KTEST_EXPECT_EQ(t, usecs_to_jiffies(4001), 2);
	KTEST_EXPECT_EQ(t, jiffies_to_msecs(5), 20);
	KTEST_EXPECT_TRUE(t, time_after(2UL, -1UL)); /* across the wrap */
	KTEST_EXPECT_TRUE(t, time_before_eq(-1UL, 2UL));
	KTEST_EXPECT_TRUE(t, time_after_eq(jiffies, j0));
	/* Sleeping with interrupts off: reported, and a spin of the time asked. */
	mark = ktest_log_mark();
	tsc0 = tsc_since_boot();
	local_irq_save(flags);
	msleep(4);
	local_irq_restore(flags);
	KTEST_EXPECT_LOG(t, mark, "BUG: sleeping function called from invalid context by ");
	KTEST_EXPECT_GE(t, tsc_since_boot() - tsc0, 4 * tsc_khz);
	/* Nothing can wake a task waiting forever: refused, at once. */
	mark = ktest_log_mark();
	KTEST_EXPECT_EQ(t, schedule_timeout(MAX_SCHEDULE_TIMEOUT), MAX_SCHEDULE_TIMEOUT);
	KTEST_EXPECT_LOG(t, mark, "schedule_timeout(MAX_SCHEDULE_TIMEOUT) from ");
}

/* Error pointers and strscpy(), as module code uses them. */
static void error_pointers_and_strscpy(struct ktest *t)
{
	void *volatile nothing = NULL; /* volatile: keep the checks at run time */
	char buf[4];

	KTEST_EXPECT_TRUE(t, IS_ERR(ERR_PTR(-ENOMEM)));
	KTEST_EXPECT_EQ(t, PTR_ERR(ERR_PTR(-ENOMEM)), -ENOMEM);
	KTEST_EXPECT_TRUE(t, IS_ERR(ERR_PTR(-MAX_ERRNO)));
	KTEST_EXPECT_FALSE(t, IS_ERR(ERR_PTR(-MAX_ERRNO - 1)));
	KTEST_EXPECT_FALSE(t, IS_ERR(nothing));
	KTEST_EXPECT_TRUE(t, IS_ERR_OR_NULL(nothing));
	KTEST_EXPECT_EQ(t, PTR_ERR_OR_ZERO(ERR_PTR(-EINVAL)), -EINVAL);
	KTEST_EXPECT_EQ(t, PTR_ERR_OR_ZERO(buf), 0);
	KTEST_EXPECT_EQ(t, strscpy(buf, "abc", sizeof(buf)), 3);
	KTEST_EXPECT_STREQ(t, buf, "abc");
	KTEST_EXPECT_EQ(t, strscpy(buf, "abcd", sizeof(buf)), -E2BIG);
	KTEST_EXPECT_STREQ(t, buf, "abc");
	KTEST_EXPECT_EQ(t, strscpy(buf, "x", 0), -E2BIG);
}

/* The powers of two of <linux/log2.h>, at their edges. */
static void log2_helpers(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, ilog2(1), 0);
	KTEST_EXPECT_EQ(t, ilog2(PAGE_SIZE), 12);
	KTEST_EXPECT_EQ(t, ilog2(~0ULL), 63);
	KTEST_EXPECT_FALSE(t, is_power_of_2(0));
	KTEST_EXPECT_TRUE(t, is_power_of_2(64));
	KTEST_EXPECT_FALSE(t, is_power_of_2(96));
	KTEST_EXPECT_EQ(t, roundup_pow_of_two(1), 1);
	KTEST_EXPECT_EQ(t, roundup_pow_of_two(5), 8);
	KTEST_EXPECT_EQ(t, roundup_pow_of_two(8), 8);
	KTEST_EXPECT_EQ(t, rounddown_pow_of_two(9), 8);
	KTEST_EXPECT_EQ(t, order_base_2(1), 0);
	KTEST_EXPECT_EQ(t, order_base_2(5), 3);
}

static const struct ktest_case kernel_cases[] = {
	KTEST_CASE(printk_goes_to_log_buffer),
	KTEST_CASE(printk_continues_lines),
	KTEST_CASE(snprintf_formats),
	KTEST_CASE(cmdline_parses_numbers),
	KTEST_CASE(symbols_resolve),
	KTEST_CASE(catch_fault_reports_exceptions),
	KTEST_CASE(dmesg_starts_at_a_whole_line),
	KTEST_CASE(current_names_the_context),
	KTEST_CASE(jiffies_and_delays),
	KTEST_CASE(error_pointers_and_strscpy),
	KTEST_CASE(log2_helpers),
};

KTEST_SUITE(kernel_suite, "kernel", kernel_cases);
