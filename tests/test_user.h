/* SPDX-License-Identifier: MIT */
/*
 * The user suite's helpers (tests/test_user.c), shared with the suites of
 * other user-space cases (tests/test_user_mm.c).
 */
#ifndef STRATA_TEST_USER_H
#define STRATA_TEST_USER_H

#include "kernel/process.h"
#include "kernel/workqueue.h"
#include "tests/ktest.h"

#define OUT_SIZE 2048

/* The last program's console output, NUL-terminated, and its pid. */
extern char out[OUT_SIZE];
extern int out_pid;
/* Run the program argv[0] to its end; returns its wait status. Skips if it is not there. */
int run(struct ktest *t, char *const argv[]);

/* A process run by another CPU's worker (static storage: the work outlives no frame). */
struct remote_run {
	struct work_struct work;
	struct task_struct *p;
	struct output_capture cap;
	int status;
};
extern struct remote_run remote;
extern char remote_out[256];
/*
 * Start argv[0] on CPU 1's worker (remote; killed, waited for and freed
 * when the case ends). Skips without a second CPU or the program.
 */
void start_remote(struct ktest *t, char *const argv[]);
/* Wait (at most 5 s) until remote's captured output is len bytes long. */
void wait_remote_output(size_t len);
/*
 * The OOM story both OOM cases play: oom 2 hold on CPU 1, biased with
 * oom_score_adj 1000, memory held short, then grow[] run here until it is
 * killed; checks that the OOM killer killed the biased one first, then the
 * grower. Returns the log mark from before grow[] ran (remote is released
 * by the caller).
 */
u64 oom_story(struct ktest *t, char *const grow[]);

#endif /* STRATA_TEST_USER_H */
