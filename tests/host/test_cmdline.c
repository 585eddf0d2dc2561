// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/cmdline.c: lookup, Linux's boolean and number
 * rules, and the one warning for every value that cannot be used (read
 * from the printk capture of tests/host/kernel_shim.c).
 */
#include "boot/bootinfo.h"
#include "kernel/cmdline.h"
#include "tests/host/htest.h"
#include "tests/host/kernel_shim.h"

/* The number of lines the code under test printed since the last clear. */
static unsigned int log_lines(void)
{
	unsigned int n = 0;

	for (const char *p = shim_log; *p; p++)
		n += *p == '\n';
	return n;
}

static void lookup_whole_words(void)
{
	char val[16];

	cmdline_init("  ktest.runner=1 flag ktest.run=yes  empty= last=9");
	EXPECT_TRUE(cmdline_get("ktest.run", val, sizeof(val)));
	EXPECT_STREQ(val, "yes"); /* ktest.runner= is another option */
	EXPECT_TRUE(cmdline_get("flag", val, sizeof(val)));
	EXPECT_STREQ(val, "");
	EXPECT_TRUE(cmdline_get("empty", val, sizeof(val)));
	EXPECT_STREQ(val, "");
	EXPECT_TRUE(cmdline_get("last", NULL, 0));
	EXPECT_FALSE(cmdline_get("fla", NULL, 0));
	EXPECT_FALSE(cmdline_get("ktest", NULL, 0));
	/* The last one wins, as in Linux (ktest prepends ktest.run=1). */
	cmdline_init("ktest.run=1 loglevel=3 ktest.run=0");
	EXPECT_TRUE(cmdline_get("ktest.run", val, sizeof(val)));
	EXPECT_STREQ(val, "0");
}

/* Linux's kstrtobool(): the first one or two characters decide. */
static void booleans_as_kstrtobool(void)
{
	static const char *const yes[] = {"1", "y", "Y", "yes", "t", "true", "on", "ON", "oN"};
	static const char *const no[] = {"0", "n", "N", "no", "f", "false", "off", "OFF"};
	static const char *const bad[] = {"", "2", "-1", "o", "ox", "maybe", "enable"};
	bool v;

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		v = false;
		EXPECT_TRUE(parse_bool(yes[i], &v));
		EXPECT_TRUE(v);
	}
	for (size_t i = 0; i < ARRAY_SIZE(no); i++) {
		v = true;
		EXPECT_TRUE(parse_bool(no[i], &v));
		EXPECT_FALSE(v);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_FALSE(parse_bool(bad[i], &v));
}

static void bool_options(void)
{
	cmdline_init("ktest.run=0 shell=off gdbtest page_poison=on bench=maybe");
	shim_log_clear();
	EXPECT_FALSE(cmdline_get_bool("ktest.run", true)); /* 0 means off, not "present" */
	EXPECT_FALSE(cmdline_get_bool("shell", true));
	EXPECT_TRUE(cmdline_get_bool("gdbtest", false)); /* alone: set */
	EXPECT_TRUE(cmdline_get_bool("page_poison", false));
	EXPECT_TRUE(cmdline_get_bool("absent", true));
	EXPECT_FALSE(cmdline_get_bool("absent", false));
	EXPECT_EQ(log_lines(), 0);
	/* An unusable value: the default, and one warning naming it. */
	EXPECT_TRUE(cmdline_get_bool("bench", true));
	EXPECT_EQ(log_lines(), 1);
	EXPECT_TRUE(shim_log_contains("bench=maybe is not a boolean"));
	EXPECT_TRUE(shim_log_contains("using bench=1"));
}

static void number_options(void)
{
	u64 v = 7;

	cmdline_init("ktest.seed=-5 big=18446744073709551616 max=0xffffffffffffffff "
		     "hex=0x1F dec=42 junk=12z");
	shim_log_clear();
	EXPECT_TRUE(cmdline_get_u64("max", &v, "x"));
	EXPECT_EQ(v, ~0ULL);
	EXPECT_TRUE(cmdline_get_u64("hex", &v, "x"));
	EXPECT_EQ(v, 31);
	EXPECT_TRUE(cmdline_get_u64("dec", &v, "x"));
	EXPECT_EQ(v, 42);
	EXPECT_FALSE(cmdline_get_u64("absent", &v, "x"));
	EXPECT_EQ(log_lines(), 0);
	/* Negative, overflowing and malformed: each one warning, v untouched. */
	v = 7;
	EXPECT_FALSE(cmdline_get_u64("ktest.seed", &v, "each case uses a random seed"));
	EXPECT_EQ(log_lines(), 1);
	EXPECT_TRUE(shim_log_contains("ktest.seed=-5 is not a number"));
	EXPECT_TRUE(shim_log_contains("each case uses a random seed"));
	EXPECT_FALSE(cmdline_get_u64("big", &v, "x"));
	EXPECT_TRUE(shim_log_contains("big=18446744073709551616 is not a number"));
	EXPECT_FALSE(cmdline_get_u64("junk", &v, "x"));
	EXPECT_EQ(log_lines(), 3);
	EXPECT_EQ(v, 7);
}

/* A value longer than the caller's buffer is cut, with a warning. */
static void long_value_cut_with_warning(void)
{
	char val[8];

	cmdline_init("shell.run=0123456789abcdef x=1");
	shim_log_clear();
	EXPECT_TRUE(cmdline_get("shell.run", val, sizeof(val)));
	EXPECT_STREQ(val, "0123456");
	EXPECT_TRUE(shim_log_contains("the value of shell.run is 16 bytes; only the first 7"));
	shim_log_clear();
	EXPECT_TRUE(cmdline_get("x", val, sizeof(val)));
	EXPECT_EQ(log_lines(), 0);
}

/* The whole of a COMMAND_LINE_SIZE - 1 line is searched, to its last word. */
static void longest_line(void)
{
	static char line[BOOTINFO_CMDLINE_MAX];
	char val[8];

	memset(line, 'x', sizeof(line) - 1);
	memcpy(line, "pad=", 4);
	memcpy(line + sizeof(line) - 1 - 9, " last=end", 9);
	cmdline_init(line);
	EXPECT_EQ(strlen(cmdline_get_all()), BOOTINFO_CMDLINE_MAX - 1);
	EXPECT_TRUE(cmdline_get("last", val, sizeof(val)));
	EXPECT_STREQ(val, "end");
}

static const struct htest_case cases[] = {
	HTEST_CASE(lookup_whole_words),
	HTEST_CASE(booleans_as_kstrtobool),
	HTEST_CASE(bool_options),
	HTEST_CASE(number_options),
	HTEST_CASE(long_value_cut_with_warning),
	HTEST_CASE(longest_line),
};

HTEST_MAIN("cmdline", cases)
