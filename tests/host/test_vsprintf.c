// SPDX-License-Identifier: MIT
/*
 * Host tests for lib/vsprintf.c, the formatter under printk(). The
 * kernel's functions are compiled under other names here (kernel_snprintf,
 * see host.mk) so they do not collide with the C library's, and each case
 * compares them with what the C standard says the output is.
 */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

/* This file's pr_*() lines are prefixed as a module's would be. */
#define KBUILD_MODNAME "hosttest"
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "kernel/printk.h"
#include "lib/hexdump.h"
#include "tests/host/htest.h"

int kernel_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int kernel_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksym_snprint(char *buf, size_t size, uint64_t addr);

/*
 * The host has no kernel symbols: %pS prints a made-up name to show it was
 * called, an address in the modules area (from 0xffffffffa0000000) gets a
 * module's " [demo]", and one below the kernel image is in no symbol.
 */
int ksym_snprint(char *buf, size_t size, uint64_t addr)
{
	if (addr < 0xffffffff80000000ull)
		return kernel_snprintf(buf, size, "0x%llx", (unsigned long long)addr);
	return kernel_snprintf(buf, size, "sym_%llx+0x0/0x10%s", (unsigned long long)addr,
			       addr >= 0xffffffffa0000000ull ? " [demo]" : "");
}

/* printk() for kernel/hexdump.c and the pr_*() macros: the text goes to captured. */
static char captured[1024];

int printk(const char *fmt, ...)
{
	size_t used = strlen(captured);
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kernel_vsnprintf(captured + used, sizeof(captured) - used, fmt, ap);
	va_end(ap);
	return n;
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
	FMT("-5 -7 9 -3", "%zd %td %ju %jd", (long)-5, (ptrdiff_t)-7, (uintmax_t)9, (intmax_t)-3);
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

static void pointer_extensions(void)
{
	phys_addr_t phys = 0x1234000;
	phys_addr_t *volatile no_phys = NULL; /* volatile: hide it from the checker */

	/* %px and %pK (kptr_restrict=0): the address, 16 digits, like strata's %p. */
	FMT("ffffffff80100000 00000000000000ff", "%px %pK", (void *)0xffffffff80100000ull,
	    (void *)0xff);
	/* Every letter and digit after %p belongs to the conversion. */
	FMT("[00000000000000ff.]", "[%pK2x.]", (void *)0xff);
	/* %pa: the phys_addr_t pointed to, as Linux's special_hex_number. */
	FMT("0x0000000001234000", "%pa", &phys);
	FMT("0x0000000001234000|", "%pap|", &phys);
	FMT("(null)", "%pa", no_phys);
	FMT("(efault) (efault)", "%pa %pa", (void *)16, (void *)-22L);
	/* %ps: the symbol without +offset/size; a module keeps its [name]. */
	FMT("sym_ffffffff80100000", "%ps", (void *)0xffffffff80100000ull);
	FMT("sym_ffffffffa0001000 [demo]", "%ps", (void *)0xffffffffa0001000ull);
	FMT("sym_ffffffffa0001000+0x0/0x10 [demo]", "%pS", (void *)0xffffffffa0001000ull);
	/* No symbol: the address in hex, with or without the offset. */
	FMT("0x1000 0x1000", "%pS %ps", (void *)0x1000, (void *)0x1000);
	FMT("[   sym_ffffffff80100000]", "[%23ps]", (void *)0xffffffff80100000ull);
}

/* hex_dump_to_buffer(): one row, checked against Linux 6.1's output. */
static void hexdump_rows(void)
{
	static const char text[] = "@ABCDEFGHIJKLMNOpqrstuvwxyz{|}~\x7f";
	static const unsigned char odd[] = {0x00, 0x1f, 0x20, 0x7e, 0x7f, 0x80, 0xff};
	char row[160];

	EXPECT_EQ(hex_dump_to_buffer(text, 16, 16, 1, row, sizeof(row), true), 65);
	EXPECT_STREQ(row, "40 41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f  @ABCDEFGHIJKLMNO");
	/* Groups are little-endian numbers; the ASCII column moves with the group size. */
	hex_dump_to_buffer(text + 16, 16, 16, 4, row, sizeof(row), true);
	EXPECT_STREQ(row, "73727170 77767574 7b7a7978 7f7e7d7c  pqrstuvwxyz{|}~.");
	hex_dump_to_buffer(text, 16, 16, 2, row, sizeof(row), false);
	EXPECT_STREQ(row, "4140 4342 4544 4746 4948 4b4a 4d4c 4f4e");
	hex_dump_to_buffer(text, 16, 16, 8, row, sizeof(row), true);
	EXPECT_STREQ(row, "4746454443424140 4f4e4d4c4b4a4948  @ABCDEFGHIJKLMNO");
	/* A short row pads to the ASCII column; outside ' '..'~' prints as '.'. */
	hex_dump_to_buffer(odd, sizeof(odd), 16, 1, row, sizeof(row), true);
	EXPECT_STREQ(row, "00 1f 20 7e 7f 80 ff                             .. ~...");
	/* 7 bytes are no whole number of 4-byte groups: single bytes instead. */
	hex_dump_to_buffer(odd, sizeof(odd), 16, 4, row, sizeof(row), false);
	EXPECT_STREQ(row, "00 1f 20 7e 7f 80 ff");
	/* 32-byte rows; any other row size means 16; only one row is formatted. */
	hex_dump_to_buffer(text, 32, 32, 1, row, sizeof(row), false);
	EXPECT_EQ(strlen(row), 32 * 3 - 1);
	EXPECT_EQ(hex_dump_to_buffer(text, 32, 20, 1, row, sizeof(row), false), 16 * 3 - 1);
	/* An empty row is empty, ASCII or not. */
	EXPECT_EQ(hex_dump_to_buffer(text, 0, 16, 1, row, sizeof(row), true), 0);
	EXPECT_STREQ(row, "");
	/* Truncated: cut and terminated, and the full length is returned. */
	EXPECT_EQ(hex_dump_to_buffer(text, 4, 16, 1, row, 6, true), 53);
	EXPECT_STREQ(row, "40 41");
	EXPECT_EQ(hex_dump_to_buffer(text, 4, 16, 1, row, 0, true), 53);
}

/* print_hex_dump(): rows at the caller's level, after the prefix it asks for. */
static void hexdump_printed(void)
{
	static const char text[] = "Hello, hex dump!AB";

	captured[0] = '\0';
	print_hex_dump(KERN_INFO, "buf: ", DUMP_PREFIX_OFFSET, 16, 1, text, 18, true);
	EXPECT_STREQ(captured, KERN_INFO
		     "buf: 00000000: 48 65 6c 6c 6f 2c 20 68 65 78 20 64 75 6d 70 21  "
		     "Hello, hex dump!\n" KERN_INFO
		     "buf: 00000010: 41 42                                            AB\n");
	captured[0] = '\0';
	print_hex_dump(KERN_ERR, "", DUMP_PREFIX_NONE, 16, 2, text, 4, false);
	EXPECT_STREQ(captured, KERN_ERR "6548 6c6c\n");
	captured[0] = '\0';
	print_hex_dump(KERN_ERR, ">", DUMP_PREFIX_ADDRESS, 32, 1, text, 1, false);
	char expect[64];

	kernel_snprintf(expect, sizeof(expect), KERN_ERR ">%p: 48\n", (const void *)text);
	EXPECT_STREQ(captured, expect);
	/* Without DEBUG, the debug-level dump prints nothing, as pr_debug(). */
	captured[0] = '\0';
	print_hex_dump_bytes("x", DUMP_PREFIX_NONE, text, 4);
	EXPECT_STREQ(captured, "");
}

/* pr_*() pass the format through this file's pr_fmt; pr_cont() does not. */
static void pr_fmt_prefixes(void)
{
	captured[0] = '\0';
	pr_alert("a %d\n", 1);
	pr_crit("c\n");
	pr_info("i");
	pr_cont(" more\n");
	EXPECT_STREQ(captured, KERN_ALERT "hosttest: a 1\n" KERN_CRIT "hosttest: c\n" KERN_INFO
					  "hosttest: i" KERN_CONT " more\n");
	/* The _once forms print the first time their line runs, only. */
	captured[0] = '\0';
	for (int i = 0; i < 3; i++)
		pr_warn_once("once %d\n", i);
	EXPECT_STREQ(captured, KERN_WARNING "hosttest: once 0\n");
	/* pr_debug() without DEBUG: nothing, and it returns 0. */
	captured[0] = '\0';
	EXPECT_EQ(pr_debug("dbg %d\n", 2), 0);
	EXPECT_STREQ(captured, "");
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
	HTEST_CASE(integers),
	HTEST_CASE(widths_and_flags),
	HTEST_CASE(strings_chars_percent),
	HTEST_CASE(pointers),
	HTEST_CASE(truncation),
	HTEST_CASE(printk_timestamp_shape),
	HTEST_CASE(pointer_extensions),
	HTEST_CASE(hexdump_rows),
	HTEST_CASE(hexdump_printed),
	HTEST_CASE(pr_fmt_prefixes),
};

HTEST_MAIN("vsprintf", cases)
