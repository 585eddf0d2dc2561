// SPDX-License-Identifier: MIT
/*
 * The ktest runner: KTAP output, checks, skips, faults, baselines.
 *
 * Output shape (what tools/ktest and Linux's kunit.py parse):
 *
 *   KTAP version 1
 *   1..<suites>
 *       KTAP version 1
 *       # Subtest: <suite>
 *       1..<cases + 1>
 *       # <case>: EXPECT_EQ(a, b): ... at file:line   (only on failure)
 *       not ok 1 <case>
 *       ok 2 <case> # SKIP <reason>
 *       ok <n> baseline
 *   # <suite>: pass:P fail:F skip:S total:T
 *   ok|not ok <i> <suite>
 *   # Totals: pass:P fail:F skip:S total:T
 */
#include <stdarg.h>
#include "tests/ktest.h"
#include "kernel/lockdep.h"
#include "tests/suites.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "lib/glob.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "lib/xorshift.h"
#include "arch/x86_64/cpu.h"
#include "mm/kasan.h"
#include "mm/mm_stats.h"
#include "mm/vmalloc.h"

struct ktest_totals {
	unsigned int pass, fail, skip;
};

static bool case_selected(const char *filter, const struct ktest_suite *s,
			  const struct ktest_case *c)
{
	char full[128];

	if (!filter)
		return true;
	if (!strchr(filter, '.'))
		return glob_match(filter, s->name);
	snprintf(full, sizeof(full), "%s.%s", s->name, c->name);
	return glob_match(filter, full);
}

/* The suite's extra "baseline" case, as a case of its own for the filter. */
static const struct ktest_case baseline_case = {"baseline", NULL};

static unsigned int suite_selected_cases(const char *filter, const struct ktest_suite *s)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < s->nr_cases; i++)
		n += case_selected(filter, s, &s->cases[i]);
	return n;
}

/*
 * Cases printed for the suite: the selected ones plus its baseline, which
 * runs with any of them, or alone when the filter names it ("*.baseline").
 */
static unsigned int suite_selected_results(const char *filter, const struct ktest_suite *s)
{
	unsigned int n = suite_selected_cases(filter, s);

	return n || case_selected(filter, s, &baseline_case) ? n + 1 : 0;
}

unsigned int ktest_nr_selected(const char *filter)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < nr_ktest_suites; i++)
		n += suite_selected_results(filter, ktest_suites[i]);
	return n;
}

static const char *current_case = "";

void ktest_note(const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk_raw("    # %s\n", msg);
}

void ktest_fail(struct ktest *t, bool abort, const char *file, int line, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ktest_note("%s: %s at %s:%d", t->name, msg, file, line);
	t->failed = true;
	if (abort)
		klongjmp(&t->abort, 1);
}

void ktest_check(struct ktest *t, bool abort, enum ktest_op op, s64 a, s64 b, const char *sa,
		 const char *sb, const char *file, int line)
{
	static const char *const names[] = {"EQ", "NE", "LT", "LE", "GT", "GE"};
	bool ok;

	switch (op) {
	case KT_EQ:
		ok = a == b;
		break;
	case KT_NE:
		ok = a != b;
		break;
	case KT_LT:
		ok = a < b;
		break;
	case KT_LE:
		ok = a <= b;
		break;
	case KT_GT:
		ok = a > b;
		break;
	default:
		ok = a >= b;
		break;
	}
	if (ok)
		return;
	ktest_fail(t, abort, file, line, "%s_%s(%s, %s): %s = %lld (0x%llx), %s = %lld (0x%llx)",
		   abort ? "ASSERT" : "EXPECT", names[op], sa, sb, sa, (long long)a,
		   (unsigned long long)a, sb, (long long)b, (unsigned long long)b);
}

void ktest_expect_contains(struct ktest *t, const char *s, const char *sub, const char *ss,
			   const char *file, int line)
{
	size_t n = strlen(sub);

	for (const char *p = s; *p; p++)
		if (!strncmp(p, sub, n))
			return;
	ktest_fail(t, false, file, line, "EXPECT_CONTAINS(%s, \"%s\"): got \"%s\"", ss, sub, s);
}

u64 ktest_log_mark(void)
{
	return log_next;
}

bool ktest_log_contains(u64 mark, const char *needle)
{
	size_t n = strlen(needle);
	u64 first = log_next > LOG_BUF_SIZE ? log_next - LOG_BUF_SIZE : 0;

	for (u64 i = MAX(mark, first); i + n <= log_next; i++) {
		size_t k = 0;

		while (k < n && log_buf[(i + k) % LOG_BUF_SIZE] == needle[k])
			k++;
		if (k == n)
			return true;
	}
	return false;
}

/* True if the log holds `text` at position pos (which must still be in the ring). */
static bool log_matches_at(u64 pos, const char *text)
{
	for (; *text; text++, pos++)
		if (pos >= log_next || log_buf[pos % LOG_BUF_SIZE] != *text)
			return false;
	return true;
}

/*
 * The kind of the newest KASAN report still in the log, copied to buf:
 * the word after "BUG: KASAN: " (kasan_report() prints "BUG: KASAN: <kind>
 * in <function>"). False if no report header is in the log.
 */
static bool last_kasan_kind(char *buf, size_t size)
{
	static const char header[] = "BUG: KASAN: ";
	u64 first = log_next > LOG_BUF_SIZE ? log_next - LOG_BUF_SIZE : 0;
	size_t n = 0;

	for (u64 pos = log_next; pos-- > first;) {
		if (!log_matches_at(pos, header))
			continue;
		pos += sizeof(header) - 1;
		while (n + 1 < size && pos < log_next && log_buf[pos % LOG_BUF_SIZE] != ' ')
			buf[n++] = log_buf[pos++ % LOG_BUF_SIZE];
		buf[n] = '\0';
		return true;
	}
	return false;
}

void ktest_expect_kasan(struct ktest *t, u64 before, const char *kind, const char *file, int line)
{
	u64 now = kasan_report_count();
	char got[40];

	if (now != before + 1) {
		ktest_fail(t, false, file, line, "expected 1 KASAN report (%s), got %llu", kind,
			   (unsigned long long)(now - before));
		return;
	}
	t->kasan_expected++;
	if (!last_kasan_kind(got, sizeof(got)))
		ktest_fail(t, false, file, line, "expected a KASAN report of %s: none in the log",
			   kind);
	else if (strcmp(got, kind) != 0)
		ktest_fail(t, false, file, line, "expected a KASAN report of %s, got one of %s",
			   kind, got);
}

void ktest_skip(struct ktest *t, const char *reason)
{
	t->skip_reason = reason;
	klongjmp(&t->abort, 1);
}

bool ktest_expect_fault(struct ktest *t, void (*fn)(void *), void *arg, u64 vector,
			struct fault_info *info, const char *file, int line)
{
	if (!catch_fault(fn, arg, info)) {
		ktest_fail(t, false, file, line, "expected exception %llu, none came",
			   (unsigned long long)vector);
		return false;
	}
	if (info->vector != vector) {
		ktest_fail(t, false, file, line, "expected exception %llu, got %llu: %s",
			   (unsigned long long)vector, (unsigned long long)info->vector,
			   info->what);
		return false;
	}
	ktest_note("%s: caught as expected: %s", current_case, info->what);
	return true;
}

/* ktest.seed=N from the command line, read once per run; 0: none given. */
static u64 cmdline_seed;

void ktest_seed(struct ktest *t)
{
	u64 seed = cmdline_seed ? cmdline_seed : rdtsc() | 1;

	t->seed = seed ? seed : 1;
	ktest_note("%s: seed %llu (replay with ktest.seed=%llu)", current_case,
		   (unsigned long long)t->seed, (unsigned long long)t->seed);
}

u64 ktest_rand(struct ktest *t)
{
	return xorshift64star(&t->seed);
}

static void run_case(const struct ktest_case *c, unsigned int num, struct ktest_totals *tot)
{
	/* static: must survive the klongjmp of an ASSERT. */
	static struct ktest t;
	static u64 kasan_before, lockdep_before;

	memset(&t, 0, sizeof(t));
	t.name = c->name;
	t.seed = 1;
	current_case = c->name;
	kasan_before = kasan_report_count();
	lockdep_before = lockdep_nr_reports;
	if (!ksetjmp(&t.abort))
		c->run(&t);
	/* What the case still holds, whether it returned, aborted or skipped. */
	ktest_run_deferred(&t);
	if (kasan_report_count() - kasan_before != t.kasan_expected) {
		ktest_note("%s: %llu KASAN reports, %llu of them expected", c->name,
			   (unsigned long long)(kasan_report_count() - kasan_before),
			   (unsigned long long)t.kasan_expected);
		t.failed = true;
	}
	/* lockdebug=1: a lock misused by any case fails it, as a KASAN report does. */
	if (lockdep_nr_reports - lockdep_before != t.lockdep_expected) {
		ktest_note("%s: %llu lock-debugging reports, %llu of them expected", c->name,
			   (unsigned long long)(lockdep_nr_reports - lockdep_before),
			   (unsigned long long)t.lockdep_expected);
		t.failed = true;
	}
	if (t.skip_reason && !t.failed) {
		printk_raw("    ok %u %s # SKIP %s\n", num, c->name, t.skip_reason);
		tot->skip++;
	} else {
		printk_raw("    %s %u %s\n", t.failed ? "not ok" : "ok", num, c->name);
		if (t.failed)
			tot->fail++;
		else
			tot->pass++;
	}
}

/* The extra "baseline" case: every memory counter is back where it was. */
static void check_baseline(const struct mm_stats *before, unsigned int num,
			   struct ktest_totals *tot)
{
	struct mm_stats after;
	bool ok = true;

	vm_unmap_aliases(); /* lazily freed vmalloc areas count as freed */
	mm_stats_read(&after);
	for (int i = 0; i < NR_MM_STATS; i++) {
		if (after.v[i] == before->v[i])
			continue;
		ktest_note("baseline: %s %llu before the suite, %llu after (%+lld)",
			   mm_stat_names[i], (unsigned long long)before->v[i],
			   (unsigned long long)after.v[i], (long long)(after.v[i] - before->v[i]));
		ok = false;
	}
	printk_raw("    %s %u baseline\n", ok ? "ok" : "not ok", num);
	if (ok)
		tot->pass++;
	else
		tot->fail++;
}

static void run_suite(const struct ktest_suite *s, const char *filter, unsigned int num,
		      struct ktest_totals *all)
{
	struct ktest_totals tot = {0, 0, 0};
	unsigned int n = 0;
	struct mm_stats before;
	u64 start_us;

	printk_raw("    KTAP version 1\n    # Subtest: %s\n    1..%u\n", s->name,
		   suite_selected_results(filter, s));
	vm_unmap_aliases(); /* no lazily freed area of before the suite is purged inside it */
	mm_stats_read(&before);
	start_us = uptime_us();
	for (unsigned int i = 0; i < s->nr_cases; i++)
		if (case_selected(filter, s, &s->cases[i]))
			run_case(&s->cases[i], ++n, &tot);
	check_baseline(&before, n + 1, &tot);
	ktest_note("%s: %llu ms", s->name, (unsigned long long)((uptime_us() - start_us) / 1000));
	printk_raw("# %s: pass:%u fail:%u skip:%u total:%u\n", s->name, tot.pass, tot.fail,
		   tot.skip, tot.pass + tot.fail + tot.skip);
	printk_raw("%s %u %s\n", tot.fail ? "not ok" : "ok", num, s->name);
	all->pass += tot.pass;
	all->fail += tot.fail;
	all->skip += tot.skip;
}

int ktest_run_all(const char *filter)
{
	struct ktest_totals all = {0, 0, 0};
	unsigned int nr = 0, num = 0;

	if (!cmdline_get_u64("ktest.seed", &cmdline_seed, "each case uses a random seed"))
		cmdline_seed = 0;
	for (unsigned int i = 0; i < nr_ktest_suites; i++)
		nr += suite_selected_results(filter, ktest_suites[i]) > 0;
	printk_raw("KTAP version 1\n1..%u\n", nr);
	for (unsigned int i = 0; i < nr_ktest_suites; i++)
		if (suite_selected_results(filter, ktest_suites[i]))
			run_suite(ktest_suites[i], filter, ++num, &all);
	printk_raw("# Totals: pass:%u fail:%u skip:%u total:%u\n", all.pass, all.fail, all.skip,
		   all.pass + all.fail + all.skip);
	return (int)all.fail;
}
