/* SPDX-License-Identifier: MIT */
/*
 * htest: a tiny unit-test harness for pure-logic kernel code built on the
 * host (tests/host/host.mk), printing KTAP version 1.
 *
 * One binary is one suite. A case is a `static void name(void)` function
 * listed with HTEST_CASE(name) in an array handed to HTEST_MAIN(). Checks:
 *   EXPECT_*  record a failure and carry on;
 *   ASSERT_*  record a failure and return from the case.
 * Argument order is (actual, expected): EXPECT_EQ(count, 3). Values compare
 * as 64-bit bit patterns, so EXPECT_EQ(ret, -EINVAL) works for an int ret;
 * they print in decimal, signed if the expression has a signed type.
 *
 * Output (failure diagnostics are buffered and printed, indented, right before
 * the case's result line, which KTAP attaches them to; htest_diag() prints at once, for seeds):
 *   KTAP version 1
 *   1..1
 *       KTAP version 1
 *       # Subtest: memmap
 *       1..2
 *       ok 1 first_case
 *       # second_case: EXPECT_EQ(a, b) failed at t.c:42: expected 4, got 0
 *       not ok 2 second_case
 *   # memmap: pass:1 fail:1 skip:0 total:2
 *   not ok 1 memmap
 * The exit status is 1 if any case failed, else 0.
 */
#ifndef STRATA_HTEST_H
#define STRATA_HTEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct htest_case {
	const char *name;
	void (*run)(void);
};

#define HTEST_CASE(fn)  \
	{               \
#fn, fn \
	}

/* State of the running case; reset before each case. */
static const char *htest_current;     /* its name, for diagnostics */
static bool htest_failed;	      /* some check failed */
static const char *htest_skip_reason; /* non-NULL once HTEST_SKIP ran */
static char htest_log[16384];	      /* buffered diagnostic lines */
static size_t htest_log_len;	      /* bytes used in htest_log */

/* Append one "    # " line to the case's diagnostic buffer (truncating). */
__attribute__((format(printf, 1, 2))) static inline void htest_logf(const char *fmt, ...)
{
	size_t room = sizeof(htest_log) - htest_log_len;
	char *dst = htest_log + htest_log_len;
	va_list ap;

	if (room < 16)
		return;
	memcpy(dst, "    # ", 6);
	va_start(ap, fmt);
	vsnprintf(dst + 6, room - 7, fmt, ap); /* keep room for '\n', NUL */
	va_end(ap);
	htest_log_len += strlen(dst);
	htest_log[htest_log_len++] = '\n';
	htest_log[htest_log_len] = '\0';
}

/* Print a "    # " diagnostic line now (e.g. a random seed). */
__attribute__((format(printf, 1, 2))) static inline void htest_diag(const char *fmt, ...)
{
	va_list ap;

	printf("    # ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

#define HTEST_SIGNED_(x) \
	_Generic((x), signed char : 1, short : 1, int : 1, long : 1, long long : 1, default : 0)

static inline const char *htest_fmt(char *buf, size_t n, unsigned long long v, int is_signed)
{
	if (is_signed)
		snprintf(buf, n, "%lld", (long long)v);
	else
		snprintf(buf, n, "%llu", v);
	return buf;
}

static inline void htest_fail_cmp(const char *check, const char *file, int line, const char *rel,
				  unsigned long long exp, int exp_signed, unsigned long long act,
				  int act_signed)
{
	char e[32], a[32];

	htest_failed = true;
	htest_logf("%s: %s failed at %s:%d: expected %s%s, got %s", htest_current, check, file,
		   line, rel, htest_fmt(e, sizeof(e), exp, exp_signed),
		   htest_fmt(a, sizeof(a), act, act_signed));
}

#define HTEST_CMP_(name, op, rel, act, exp, on_fail)                                      \
	do {                                                                              \
		unsigned long long htest_a_ = (unsigned long long)(act);                  \
		unsigned long long htest_e_ = (unsigned long long)(exp);                  \
		if (!(htest_a_ op htest_e_)) {                                            \
			htest_fail_cmp(name, __FILE__, __LINE__, rel, htest_e_,           \
				       HTEST_SIGNED_(exp), htest_a_, HTEST_SIGNED_(act)); \
			on_fail;                                                          \
		}                                                                         \
	} while (0)

#define HTEST_BOOL_(name, cond, want, on_fail)                                              \
	do {                                                                                \
		if (!(cond) != !(want)) {                                                   \
			htest_failed = true;                                                \
			htest_logf("%s: %s failed at %s:%d", htest_current, name, __FILE__, \
				   __LINE__);                                               \
			on_fail;                                                            \
		}                                                                           \
	} while (0)

#define HTEST_STREQ_(name, act, exp, on_fail)                                                      \
	do {                                                                                       \
		const char *htest_as_ = (act), *htest_es_ = (exp);                                 \
		if (strcmp(htest_as_, htest_es_) != 0) {                                           \
			htest_failed = true;                                                       \
			htest_logf("%s: %s failed at %s:%d: "                                      \
				   "expected \"%s\", got \"%s\"",                                  \
				   htest_current, name, __FILE__, __LINE__, htest_es_, htest_as_); \
			on_fail;                                                                   \
		}                                                                                  \
	} while (0)

/* Stringize here, not in a helper: a helper would see expanded macros. */
#define EXPECT_EQ(act, exp) HTEST_CMP_("EXPECT_EQ(" #act ", " #exp ")", ==, "", act, exp, (void)0)
#define EXPECT_NE(act, exp) \
	HTEST_CMP_("EXPECT_NE(" #act ", " #exp ")", !=, "not ", act, exp, (void)0)
#define EXPECT_TRUE(c) HTEST_BOOL_("EXPECT_TRUE(" #c ")", c, true, (void)0)
#define EXPECT_FALSE(c) HTEST_BOOL_("EXPECT_FALSE(" #c ")", c, false, (void)0)
#define EXPECT_STREQ(act, exp) HTEST_STREQ_("EXPECT_STREQ(" #act ", " #exp ")", act, exp, (void)0)

#define ASSERT_EQ(act, exp) HTEST_CMP_("ASSERT_EQ(" #act ", " #exp ")", ==, "", act, exp, return )
#define ASSERT_NE(act, exp) \
	HTEST_CMP_("ASSERT_NE(" #act ", " #exp ")", !=, "not ", act, exp, return )
#define ASSERT_TRUE(c) HTEST_BOOL_("ASSERT_TRUE(" #c ")", c, true, return )
#define ASSERT_FALSE(c) HTEST_BOOL_("ASSERT_FALSE(" #c ")", c, false, return )
#define ASSERT_STREQ(act, exp) HTEST_STREQ_("ASSERT_STREQ(" #act ", " #exp ")", act, exp, return )

/* Mark the case skipped (with a reason) and return from it. */
#define HTEST_SKIP(reason)                  \
	do {                                \
		htest_skip_reason = reason; \
		return;                     \
	} while (0)

/* True once a check in the running case has failed (to dump state once). */
static inline bool htest_case_failed(void)
{
	return htest_failed;
}

static inline int htest_run_suite(const char *suite, const struct htest_case *cases, size_t n)
{
	unsigned pass = 0, fail = 0, skip = 0;

	printf("KTAP version 1\n1..1\n");
	printf("    KTAP version 1\n    # Subtest: %s\n    1..%zu\n", suite, n);
	fflush(stdout);
	for (size_t i = 0; i < n; i++) {
		htest_current = cases[i].name;
		htest_failed = false;
		htest_skip_reason = NULL;
		htest_log_len = 0;
		htest_log[0] = '\0';
		cases[i].run();
		/* Diagnostics before the result: KTAP attaches them to the next result. */
		fputs(htest_log, stdout);
		if (htest_failed) {
			printf("    not ok %zu %s\n", i + 1, cases[i].name);
			fail++;
		} else if (htest_skip_reason) {
			printf("    ok %zu %s # SKIP %s\n", i + 1, cases[i].name,
			       htest_skip_reason);
			skip++;
		} else {
			printf("    ok %zu %s\n", i + 1, cases[i].name);
			pass++;
		}
		fflush(stdout);
	}
	printf("# %s: pass:%u fail:%u skip:%u total:%zu\n", suite, pass, fail, skip, n);
	printf("%s 1 %s\n", fail ? "not ok" : "ok", suite);
	return fail ? 1 : 0;
}

#define HTEST_MAIN(suite, cases)                                                          \
	int main(void)                                                                    \
	{                                                                                 \
		return htest_run_suite(suite, cases, sizeof(cases) / sizeof((cases)[0])); \
	}

#endif /* STRATA_HTEST_H */
