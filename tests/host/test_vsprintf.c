// SPDX-License-Identifier: MIT
/*
 * Host tests for lib/vsprintf.c, the formatter under printk(). The
 * kernel's functions are compiled under other names here (kernel_snprintf,
 * see host.mk) so they do not collide with the C library's, and each case
 * compares them with what the C standard says the output is.
 */
#include <stdint.h>
#include <string.h>

#include "tests/host/htest.h"

int kernel_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int ksym_snprint(char *buf, size_t size, uint64_t addr);

/* The host has no kernel symbols: %pS prints a fixed name to show it was called. */
int ksym_snprint(char *buf, size_t size, uint64_t addr)
{
	return kernel_snprintf(buf, size, "sym_%llx+0x0/0x10", (unsigned long long)addr);
}

/* The same function without the format check, for deliberately odd formats. */
static int (*const unchecked_snprintf)(char *, size_t, const char *, ...) = kernel_snprintf;

static char buf[256];

#define FMT(expect, ...)                                        \
	do {                                                    \
		kernel_snprintf(buf, sizeof(buf), __VA_ARGS__); \
		EXPECT_STREQ(buf, expect);                      \
	} while (0)

static void integers(void)
{
	FMT("0 -1 42 -2147483648", "%d %d %i %d", 0, -1, 42, (int)-2147483647 - 1);
	FMT("4294967295", "%u", 4294967295u);
	FMT("18446744073709551615", "%llu", 18446744073709551615ull);
	FMT("-9223372036854775808", "%lld", (long long)(-9223372036854775807ll - 1));
	FMT("ff FF 0xff 777", "%x %X %#x %o", 255, 255, 255, 511);
	FMT("12345678 1234", "%zu %ld", (size_t)12345678, 1234L);
	FMT("200 -56", "%hhu %hhd", 200, 200);
}

static void widths_and_flags(void)
{
	FMT("[   42][42   ][00042][+42][ 42]", "[%5d][%-5d][%05d][%+d][% d]", 42, 42, 42, 42, 42);
	FMT("[  -42][-0042]", "[%5d][%05d]", -42, -42);
	FMT("[0x000ff]", "[%#07x]", 255);
	FMT("[  007]", "[%5.3d]", 7);
	FMT("[   ab][ab   ][a]", "[%5s][%-5s][%.1s]", "ab", "ab", "ab");
	FMT("[    x]", "[%*s]", 5, "x");
	FMT("[x    ]", "[%*s]", -5, "x");
}

static void strings_chars_percent(void)
{
	const char *volatile null_string = NULL; /* volatile: hide it from the checker */

	unchecked_snprintf(buf, sizeof(buf), "%s", null_string);
	EXPECT_STREQ(buf, "(null)");
	FMT("a%b", "%c%%%c", 'a', 'b');
	unchecked_snprintf(buf, sizeof(buf), "100%");
	EXPECT_STREQ(buf, "100");
	unchecked_snprintf(buf, sizeof(buf), "unknown %q");
	EXPECT_STREQ(buf, "unknown %q");
}

static void pointers(void)
{
	FMT("ffff888000001000", "%p", (void *)0xffff888000001000ull);
	FMT("0000000000000000", "%p", (void *)0);
	FMT("sym_ffffffff80100000+0x0/0x10", "%pS", (void *)0xffffffff80100000ull);
}

static void truncation(void)
{
	char small[8];

	memset(small, 'X', sizeof(small));
	/* The return value is the full length; the buffer is cut and terminated. */
	EXPECT_EQ(kernel_snprintf(small, sizeof(small), "%s", "0123456789"), 10);
	EXPECT_STREQ(small, "0123456");
	EXPECT_EQ(kernel_snprintf(small, 1, "abc"), 3);
	EXPECT_EQ(small[0], '\0');
	/* size 0: nothing is written at all. */
	small[0] = 'Z';
	EXPECT_EQ(kernel_snprintf(small, 0, "abc"), 3);
	EXPECT_EQ(small[0], 'Z');
}

static void printk_timestamp_shape(void)
{
	/* The exact format printk() stamps lines with. */
	FMT("[    1.000042] ", "[%5llu.%06llu] ", 1ull, 42ull);
	FMT("[12345.999999] ", "[%5llu.%06llu] ", 12345ull, 999999ull);
}

static const struct htest_case cases[] = {
	HTEST_CASE(integers), HTEST_CASE(widths_and_flags), HTEST_CASE(strings_chars_percent),
	HTEST_CASE(pointers), HTEST_CASE(truncation),	    HTEST_CASE(printk_timestamp_shape),
};

HTEST_MAIN("vsprintf", cases)
