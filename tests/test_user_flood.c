// SPDX-License-Identifier: MIT
/*
 * More processes than memory allows: with all free memory but a little
 * held by the case, hello is created again and again until process_create()
 * refuses with -ENOMEM and its one-line report names what it lacked; the
 * kernel goes on, a process created before the flood still runs to its
 * output and exit status, and the processes of the flood are freed. The
 * framework's baseline case then checks that free pages, page tables, slab
 * objects and vmalloc areas are all back.
 */
#include "tests/suites.h"
#include "tests/ktest.h"
#include "kernel/process.h"
#include "kernel/programs.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Free pages the case leaves for the flood: a few dozen processes' worth. */
#define FLOOD_FREE_PAGES 256
/* The most processes the flood may create before it must have been refused. */
#define FLOOD_MAX 128

static char *const flood_envp[] = {"HOME=/", "TERM=linux", NULL};
static char *hello_argv[] = {"hello", NULL};

/* The processes of the flood, freed however the case ends (static: they outlive its frame). */
static struct task_struct *flood[FLOOD_MAX];
static unsigned int nr_flood;

static void free_flood(void *arg)
{
	(void)arg;
	while (nr_flood)
		process_free(flood[--nr_flood]);
}

/* A process freed when the case ends. */
static void free_process(void *p)
{
	process_free(p);
}

static struct task_struct *create_hello(int *err)
{
	const u8 *image;
	size_t size;

	image = program_find("hello", &size);
	return image ? process_create(image, size, hello_argv, flood_envp, err) : NULL;
}

static void test_flood(struct ktest *t)
{
	char out[64];
	struct output_capture cap = {out, sizeof(out) - 1, 0};
	struct task_struct *first, *p;
	void *held;
	int err = 0;
	u64 mark;

	first = create_hello(&err);
	KTEST_ASSERT_NOT_NULL(t, first);
	ktest_defer(t, free_process, first);
	ktest_defer(t, free_flood, flood);
	ktest_set_min_free_kbytes(t, 0); /* GFP_KERNEL may take every page, down to keep */
	held = ktest_hold_free_pages(t, FLOOD_FREE_PAGES);
	mark = ktest_log_mark();
	while (nr_flood < FLOOD_MAX && (p = create_hello(&err)))
		flood[nr_flood++] = p;
	ktest_note("%u processes created before the flood was refused", nr_flood);
	KTEST_EXPECT_LT(t, nr_flood, FLOOD_MAX);
	KTEST_EXPECT_GE(t, nr_flood, 2);
	KTEST_EXPECT_EQ(t, err, -ENOMEM);
	KTEST_EXPECT_LOG(t, mark, "exec: hello: cannot start it: no memory for its ");
	/* The memory the case held back goes; the flood's processes stay while first runs. */
	if (held)
		ktest_release(t, held);
	KTEST_EXPECT_EQ(t, process_run(first, &cap, false), 0);
	out[MIN(cap.len, sizeof(out) - 1)] = '\0';
	KTEST_EXPECT_STREQ(t, out, "hello from user space\n");
	ktest_release(t, flood);
	KTEST_EXPECT_EQ(t, nr_flood, 0);
}

static const struct ktest_case user_flood_cases[] = {
	KTEST_CASE(test_flood),
};

KTEST_SUITE(user_flood_suite, "user_flood", user_flood_cases);
