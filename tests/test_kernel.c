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
	static char saved[BOOTINFO_CMDLINE_MAX];
	char val[8] = "";
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
	 * aborts, so the restore always happens.
	 */
	strlcpy(saved, cmdline_get_all(), sizeof(saved));
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

static const struct ktest_case kernel_cases[] = {
	KTEST_CASE(printk_goes_to_log_buffer),
	KTEST_CASE(printk_continues_lines),
	KTEST_CASE(snprintf_formats),
	KTEST_CASE(cmdline_parses_numbers),
	KTEST_CASE(symbols_resolve),
	KTEST_CASE(catch_fault_reports_exceptions),
	KTEST_CASE(dmesg_starts_at_a_whole_line),
};

KTEST_SUITE(kernel_suite, "kernel", kernel_cases);
