// SPDX-License-Identifier: MIT
/*
 * Host tests for lib/glob.c. glob_match(pat, str) must mean what
 * !fnmatch(pat, str, 0) means (Linux's lib/glob.c says so of its own), so
 * the C library's fnmatch is the oracle for every pattern and string below
 * (none uses what only one of them knows: "[^...]", "[[:alpha:]]"); then
 * the names the kernel matches: test filters and benchmark names.
 */
#include <fnmatch.h>
#include <stdbool.h>

#include "tests/host/htest.h"
#include "lib/glob.h"

static const char *const patterns[] = {
	"",	  "*",	     "**",	 "?",	     "a",	   "a*",     "*a",     "a*b",
	"*a*",	  "a?c",     "??",	 "*ab",	     "a*b*c",	   "*aaaaa", "[abc]",  "[a-c]x",
	"[!a-c]", "[]]",     "[]a]*",	 "[!]]",     "[a-]",	   "[-a]",   "[a",     "a[",
	"[!",	  "\\*",     "a\\?c",	 "\\[a]",    "x[0-9]y",	   "*[0-9]", "slab.*", "*.*free*",
	"page_*", "kmalloc", "vmalloc*", "*_o[0-9]", "[a-c][!x]*",
};

static const char *const strings[] = {
	"",	   "a",	      "b",     "ab",  "abc",	   "aXc",  "aaaaaaaaaa", "aab",
	"xab",	   "]",	      "-",     "[",   "[a]",	   "*",	   "a?c",	 "x5y",
	"x55y",	   "abcabc",  "axbxc", "a[",  "slab.free", "slab", "vmalloc",	 "vmalloc_debug",
	"page_o3", "kmalloc", "d",     "x/y", ".hidden",
};

static void agrees_with_fnmatch(void)
{
	unsigned int checked = 0;

	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
		for (size_t j = 0; j < sizeof(strings) / sizeof(strings[0]); j++) {
			bool want = !fnmatch(patterns[i], strings[j], 0);

			if (glob_match(patterns[i], strings[j]) != want)
				htest_logf("glob_match(\"%s\", \"%s\") should be %s", patterns[i],
					   strings[j], want ? "true" : "false");
			EXPECT_EQ(glob_match(patterns[i], strings[j]), want);
			checked++;
		}
	}
	EXPECT_TRUE(checked > 1000);
}

static void kernel_names(void)
{
	EXPECT_TRUE(glob_match("paging", "paging"));
	EXPECT_FALSE(glob_match("paging", "paging2"));
	EXPECT_TRUE(glob_match("vmalloc*", "vmalloc_debug"));
	EXPECT_TRUE(glob_match("slab.*free*", "slab.double_free_is_refused"));
	EXPECT_FALSE(glob_match("slab.*free*", "kmalloc.double_free_is_refused"));
	EXPECT_TRUE(glob_match("page_batch_o?", "page_batch_o9"));
	EXPECT_TRUE(glob_match("kmalloc_batch_[0-9]*", "kmalloc_batch_4096"));
	EXPECT_FALSE(glob_match("kmalloc_batch_[0-9]*", "kmalloc_pair_64"));
}

/* Worst case is quadratic, not exponential: this returns at once. */
static void no_exponential_backtracking(void)
{
	EXPECT_FALSE(glob_match("*a*a*a*a*a*a*a*a*a*a*b",
				"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	EXPECT_TRUE(glob_match("*aaaaa", "aaaaaaaaaa"));
}

static const struct htest_case cases[] = {
	HTEST_CASE(agrees_with_fnmatch),
	HTEST_CASE(kernel_names),
	HTEST_CASE(no_exponential_backtracking),
};

HTEST_MAIN("glob", cases)
