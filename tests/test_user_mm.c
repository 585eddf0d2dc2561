// SPDX-License-Identifier: MIT
/*
 * A process's address space seen and changed while it lives: status and
 * maps of a process created and not yet run, and of one running on CPU 1
 * (the figures checked against its page tables), a reader's mm reference
 * across the process's exit, MAP_POPULATE (RSS at mmap time; under memory
 * pressure the OOM killer, as for a fault; under overcommit "never" the
 * mmap refused first), and the stack growing down (guard gap, RLIMIT_STACK,
 * VmStk, the overflow's SIGSEGV). The cases that need a boot module
 * (spin, oom, heap) or a second CPU skip without them, as the user suite's.
 */
#include "tests/suites.h"
#include "tests/test_user.h"
#include "kernel/cpumask.h"
#include "kernel/delay.h"
#include "kernel/programs.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/mmap.h"
#include "mm/page.h"

/* Present pages of mm in [start, end), by its page tables; mmap_lock held. */
static unsigned long present_pages(struct mm_struct *mm, u64 start, u64 end)
{
	unsigned long n = 0;
	phys_addr_t pa;

	for (struct vm_area_struct *v = find_vma(mm, start); v && v->vm_start < end;
	     v = find_vma(mm, v->vm_end))
		for (u64 a = MAX(v->vm_start, start); a < MIN(v->vm_end, end); a += PAGE_SIZE)
			n += pt_translate(mm->pgd, a, &pa);
	return n;
}

/* A process created, not run: its figures exactly; bad pids; its mm outlives its exit. */
static void test_status_new(struct ktest *t)
{
	char *argv[] = {"hello", NULL}, comm[TASK_COMM_LEN];
	char buf[64];
	struct output_capture cap = {buf, sizeof(buf) - 1, 0};
	const u8 *image;
	struct task_struct *p;
	struct mm_struct *mm;
	struct mm_status st;
	unsigned int state;
	size_t size;
	int err, pid;

	image = program_find("hello", &size);
	KTEST_ASSERT_NOT_NULL(t, image);
	p = process_create(image, size, argv, NULL, &err);
	KTEST_ASSERT_NOT_NULL(t, p);
	ktest_defer(t, (void (*)(void *))process_free, p);
	pid = p->pid;
	mm = process_get_mm(pid, comm, &state);
	KTEST_ASSERT_NOT_NULL(t, mm);
	ktest_defer(t, (void (*)(void *))mmput, mm);
	KTEST_EXPECT_STREQ(t, comm, "hello");
	KTEST_EXPECT_EQ(t, state, TASK_NEW);
	mm_status_snapshot(mm, &st);
	/* exec wrote the initial stack into its top page: one fault, one page */
	KTEST_EXPECT_EQ(t, st.rss, 1);
	KTEST_EXPECT_EQ(t, st.hwm, 1);
	KTEST_EXPECT_EQ(t, st.min_flt, 1);
	KTEST_EXPECT_EQ(t, st.stk, (STACK_EXPAND >> PAGE_SHIFT) + 1);
	KTEST_EXPECT_EQ(t, st.pte, 3); /* the stack's pud, pmd and pte tables (no pgd) */
	KTEST_EXPECT_EQ(t, st.peak, st.size);
	KTEST_EXPECT_EQ(t, present_pages(mm, 0, TASK_SIZE), 1);
	KTEST_EXPECT_NULL(t, process_get_mm(-1, comm, &state));
	KTEST_EXPECT_NULL(t, process_get_mm(0, comm, &state)); /* kernel tasks are no process */
	/* Run it to its end while this reference holds the mm. */
	KTEST_EXPECT_EQ(t, process_run(p, &cap, false), 0);
	KTEST_EXPECT_NULL(t, process_get_mm(pid, comm, &state)); /* exited: no mm to give */
	/* Its exit gave the memory back although the mm is still held. */
	KTEST_EXPECT_EQ(t, mm->rss, 0);
	KTEST_EXPECT_EQ(t, mm->total_vm, 0);
	KTEST_EXPECT_EQ(t, mm_pgtables_pages(mm), 0);
}

/* status and maps of spin running on CPU 1, against its page tables; then it is killed. */
static void test_status_running(struct ktest *t)
{
	char *spin[] = {"spin", NULL}, comm[TASK_COMM_LEN], want[64];
	unsigned int state;
	struct mm_struct *mm;
	struct mm_status st;
	unsigned long present;
	u64 mark;

	start_remote(t, spin);
	wait_remote_output(sizeof("spin: spinning\n") - 1);
	mm = process_get_mm(remote.p->pid, comm, &state);
	KTEST_ASSERT_NOT_NULL(t, mm);
	ktest_defer(t, (void (*)(void *))mmput, mm);
	KTEST_EXPECT_EQ(t, state, TASK_RUNNING);
	mm_status_snapshot(mm, &st);
	mmap_read_lock(mm);
	present = present_pages(mm, 0, TASK_SIZE);
	mmap_read_unlock(mm);
	KTEST_EXPECT_EQ(t, st.rss, present);
	KTEST_EXPECT_EQ(t, st.min_flt, st.rss); /* every fault mapped a page, none was freed */
	KTEST_EXPECT_GT(t, st.rss, 1);		/* it ran: text, data, more stack */
	KTEST_EXPECT_EQ(t, st.stk, (STACK_EXPAND >> PAGE_SHIFT) + 1);
	mark = ktest_log_mark();
	mm_print_maps(mm, comm);
	mm_print_status(mm);
	KTEST_EXPECT_LOG(t, mark, "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0");
	KTEST_EXPECT_LOG(t, mark, "[stack]\n");
	snprintf(want, sizeof(want), "VmRSS:\t%8lu kB\n", st.rss << (PAGE_SHIFT - 10));
	KTEST_EXPECT_LOG(t, mark, want);
	KTEST_EXPECT_EQ(t, process_kill(remote.p->pid, SIGKILL), 0);
	flush_work(&remote.work);
	KTEST_EXPECT_EQ(t, remote.status, SIGKILL);
	KTEST_EXPECT_EQ(t, mm->rss, 0); /* killed while held: its pages came back all the same */
	KTEST_EXPECT_NULL(t, process_get_mm(remote.p->pid, comm, &state));
	ktest_release(t, &remote);
}

/* MAP_POPULATE: two 1 MiB mappings are resident when mmap returns; nothing touched them. */
static void test_populate(struct ktest *t)
{
	char *argv[] = {"oom", "2", "populate", "hold", NULL}, comm[TASK_COMM_LEN];
	unsigned int full = 0;
	unsigned int state;
	struct mm_struct *mm;
	struct mm_status st;

	start_remote(t, argv);
	wait_remote_output(sizeof("oom: 2 MiB populated\n") - 1);
	remote_out[MIN(READ_ONCE(remote.cap.len), sizeof(remote_out) - 1)] = '\0';
	KTEST_EXPECT_STREQ(t, remote_out, "oom: 2 MiB populated\n");
	mm = process_get_mm(remote.p->pid, comm, &state);
	KTEST_ASSERT_NOT_NULL(t, mm);
	ktest_defer(t, (void (*)(void *))mmput, mm);
	mm_status_snapshot(mm, &st);
	mmap_read_lock(mm);
	for (struct vm_area_struct *v = find_vma(mm, 0); v; v = find_vma(mm, v->vm_end))
		if (v->kind == VMA_ANON && v->vm_end - v->vm_start == MiB &&
		    present_pages(mm, v->vm_start, v->vm_end) == MiB / PAGE_SIZE)
			full++;
	KTEST_EXPECT_EQ(t, st.rss, present_pages(mm, 0, TASK_SIZE));
	mmap_read_unlock(mm);
	KTEST_EXPECT_EQ(t, full, 2);
	KTEST_EXPECT_GE(t, st.min_flt, 2 * MiB / PAGE_SIZE); /* populating counts as faults */
	ktest_release(t, &remote);
}

/*
 * MAP_POPULATE with memory short: the OOM killer runs as for a fault. It
 * kills the process biased with oom_score_adj 1000 first (oom 2 hold on
 * CPU 1); the populating process gets its pages and goes on until the next
 * report chooses it, and it dies of SIGKILL on its way out of mmap.
 */
static void test_populate_oom(struct ktest *t)
{
	char *grow[] = {"oom", "0", "populate", NULL};
	char want[64];
	u64 mark = oom_story(t, grow);

	snprintf(want, sizeof(want), "oom[%d]: killed by SIGKILL (kill)", out_pid);
	KTEST_EXPECT_LOG(t, mark, want);
	ktest_release(t, &remote);
}

static int saved_overcommit;

static void restore_overcommit(void *arg)
{
	(void)arg;
	sysctl_overcommit_memory = saved_overcommit;
}

/* Under overcommit "never", mmap(MAP_POPULATE) is refused before any page is taken. */
static void test_populate_never(struct ktest *t)
{
	char *argv[] = {"oom", "0", "populate", NULL};
	/* What stays below CommitLimit: the program's own ~40 pages and one MiB, not two. */
	const long room = 448;
	const u64 base = 0x100000000UL;
	struct mm_struct *mm;
	long fill;
	u64 mark;

	size_t size;

	if (!program_find("oom", &size))
		ktest_skip(t, "a program this boot lacks (make run PROGRAMS=build/user/oom)");
	mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, mm);
	ktest_defer(t, (void (*)(void *))mmput, mm);
	saved_overcommit = sysctl_overcommit_memory;
	ktest_defer(t, restore_overcommit, NULL);
	sysctl_overcommit_memory = OVERCOMMIT_NEVER;
	fill = (long)vm_commit_limit() - vm_committed_pages() - room;
	KTEST_ASSERT_GE(t, fill, 1);
	KTEST_ASSERT_EQ(t, mm_add_vma(mm, base, base + (u64)fill * PAGE_SIZE, VM_WRITE, VMA_ANON),
			0);
	mark = ktest_log_mark();
	KTEST_EXPECT_EQ(t, run(t, argv), 1 << 8);
	KTEST_EXPECT_CONTAINS(t, out, "oom: mmap failed after 1 MiB\n");
	KTEST_EXPECT_FALSE(t, ktest_log_contains(mark, "invoked oom-killer"));
}

/* Stack growth on an address space driven from here: the guard gap and the rlimit. */
static void test_stack_growth(struct ktest *t)
{
	struct mm_struct *mm = mm_alloc();
	const u64 top = 0x40000000UL, lo = top - STACK_EXPAND, prev_end = lo - 2 * MiB;
	const u64 top2 = 0x60000000UL; /* a second stack with nothing below it */
	long committed = vm_committed_pages();
	struct mm_status st;

	KTEST_ASSERT_NOT_NULL(t, mm);
	ktest_defer(t, (void (*)(void *))mmput, mm);
	KTEST_ASSERT_EQ(t, mm_add_vma(mm, lo, top, VM_READ | VM_WRITE | VM_GROWSDOWN, VMA_STACK),
			0);
	KTEST_ASSERT_EQ(t, mm_add_vma(mm, prev_end - MiB, prev_end, VM_READ, VMA_ANON), 0);
	KTEST_EXPECT_EQ(t, handle_mm_fault(mm, lo - 8, FAULT_FLAG_WRITE), FAULT_MAPPED);
	KTEST_EXPECT_EQ(t, find_vma(mm, lo - 8)->vm_start, lo - PAGE_SIZE);
	/* both VMAs' pages are accounted (the stack is writable), and the new page */
	KTEST_EXPECT_EQ(t, vm_committed_pages(),
			committed + (long)(STACK_EXPAND >> PAGE_SHIFT) + 1);
	/* Within STACK_GUARD_GAP of the mapping below: refused, the VMA unchanged. */
	KTEST_EXPECT_EQ(t, handle_mm_fault(mm, prev_end + STACK_GUARD_GAP - 1, FAULT_FLAG_WRITE),
			FAULT_NO_VMA);
	KTEST_EXPECT_EQ(t, find_vma(mm, lo - 8)->vm_start, lo - PAGE_SIZE);
	KTEST_EXPECT_EQ(t, handle_mm_fault(mm, prev_end + STACK_GUARD_GAP, FAULT_FLAG_WRITE),
			FAULT_MAPPED);
	/* A mapping no access may touch (PROT_NONE) keeps no gap: Linux's vma_is_accessible(). */
	KTEST_EXPECT_EQ(t, mm_protect_range(mm, prev_end - MiB, prev_end, 0), 0);
	KTEST_EXPECT_EQ(t, handle_mm_fault(mm, prev_end, FAULT_FLAG_WRITE), FAULT_MAPPED);
	KTEST_EXPECT_EQ(t, find_vma(mm, prev_end)->vm_start, prev_end);
	/* RLIMIT_STACK: exactly 8 MiB is allowed, a byte more is not. */
	KTEST_ASSERT_EQ(t,
			mm_add_vma(mm, top2 - STACK_EXPAND, top2, VM_READ | VM_WRITE | VM_GROWSDOWN,
				   VMA_STACK),
			0);
	KTEST_EXPECT_EQ(t, handle_mm_fault(mm, top2 - STACK_RLIMIT - 1, FAULT_FLAG_WRITE),
			FAULT_NO_VMA);
	KTEST_EXPECT_EQ(t, handle_mm_fault(mm, top2 - STACK_RLIMIT, FAULT_FLAG_WRITE),
			FAULT_MAPPED);
	mm_status_snapshot(mm, &st);
	KTEST_EXPECT_EQ(t, st.stk, (top - prev_end + STACK_RLIMIT) >> PAGE_SHIFT);
	KTEST_EXPECT_EQ(t, st.rss, 4);
	KTEST_EXPECT_EQ(t, vm_committed_pages(), committed + (long)st.stk);
	ktest_release(t, mm);
	KTEST_EXPECT_EQ(t, vm_committed_pages(), committed);
}

/* A fault taken by CPU 1's worker on lock_mm (static: the work outlives no frame). */
static struct mm_struct *lock_mm;
static struct work_struct lock_work;
static int lock_fault_result = -1;

static void lock_fault_fn(struct work_struct *work)
{
	(void)work;
	WRITE_ONCE(lock_fault_result,
		   (int)handle_mm_fault(lock_mm, 0x10000000UL, FAULT_FLAG_WRITE));
}

/*
 * mmap_lock: readers share it; a fault (a writer) on another CPU waits for
 * every reader to leave, then goes ahead.
 */
static void test_mmap_lock(struct ktest *t)
{
	struct mm_struct *mm;
	int result;

	if (num_online_cpus() < 2 || !cpu_online(1))
		ktest_skip(t, "needs a second CPU (-smp 2)");
	mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, mm);
	ktest_defer(t, (void (*)(void *))mmput, mm);
	KTEST_ASSERT_EQ(t, mm_add_vma(mm, 0x10000000UL, 0x10001000UL, VM_READ | VM_WRITE, VMA_ANON),
			0);
	lock_mm = mm;
	lock_fault_result = -1;
	INIT_WORK(&lock_work, lock_fault_fn);
	mmap_read_lock(mm);
	mmap_read_lock(mm); /* a second reader gets in at once */
	KTEST_EXPECT_TRUE(t, schedule_work_on(1, &lock_work));
	msleep(20);
	result = READ_ONCE(lock_fault_result);
	KTEST_EXPECT_EQ(t, result, -1); /* the writer waits ... */
	mmap_read_unlock(mm);
	msleep(20);
	result = READ_ONCE(lock_fault_result);
	KTEST_EXPECT_EQ(t, result, -1); /* ... for every reader */
	mmap_read_unlock(mm);
	flush_work(&lock_work);
	KTEST_EXPECT_EQ(t, lock_fault_result, FAULT_MAPPED);
	KTEST_EXPECT_EQ(t, mm->rss, 1);
}

/* The hex number right after needle in s, or 0 if needle is not there. */
static u64 hex_after(const char *s, const char *needle)
{
	size_t n = strlen(needle);
	u64 v = 0;

	while (*s && strncmp(s, needle, n) != 0)
		s++;
	if (!*s)
		return 0;
	for (s += n;; s++) {
		if (*s >= '0' && *s <= '9')
			v = v * 16 + (u64)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			v = v * 16 + (u64)(*s - 'a' + 10);
		else
			return v;
	}
}

/* heap uses 256 KiB of stack: the VMA grew down to the lowest page it touched (maps at exit). */
static void test_stack_program(struct ktest *t)
{
	char *argv[] = {"heap", "4", "256", NULL};
	char buf[256], want[80];
	struct output_capture cap = {buf, sizeof(buf) - 1, 0};
	struct task_struct *p;
	const u8 *image;
	size_t size;
	u64 mark, low;
	int err;

	image = program_find("heap", &size);
	if (!image)
		ktest_skip(t, "a program this boot lacks (make run PROGRAMS=build/user/heap)");
	p = process_create(image, size, argv, NULL, &err);
	KTEST_ASSERT_NOT_NULL(t, p);
	ktest_defer(t, (void (*)(void *))process_free, p);
	mark = ktest_log_mark();
	KTEST_EXPECT_EQ(t, process_run(p, &cap, true), 0);
	buf[MIN(cap.len, sizeof(buf) - 1)] = '\0';
	low = hex_after(buf, "256 KiB of stack used, down to 0x");
	KTEST_ASSERT_GE(t, low, STACK_TOP - STACK_RLIMIT);
	KTEST_EXPECT_LT(t, low, STACK_TOP - 256 * KiB);
	snprintf(want, sizeof(want), "%08llx-%08llx rw-p", (unsigned long long)(low & PAGE_MASK),
		 (unsigned long long)STACK_TOP);
	KTEST_EXPECT_LOG(t, mark, want);
	snprintf(want, sizeof(want), "VmStk:\t%8llu kB\n",
		 (unsigned long long)(STACK_TOP - (low & PAGE_MASK)) >> 10);
	KTEST_EXPECT_LOG(t, mark, want);
}

/* Past RLIMIT_STACK: SIGSEGV at the first page below 8 MiB, with the usual report. */
static void test_stack_overflow(struct ktest *t)
{
	char *argv[] = {"heap", "4", "9000", NULL};
	char want[80];
	u64 mark = ktest_log_mark();

	KTEST_EXPECT_EQ(t, run(t, argv), SIGSEGV);
	/* the address's page number: the byte within the page depends on the program's frame */
	snprintf(want, sizeof(want), "heap[%d]: SIGSEGV: segfault: no mapping at %llx", out_pid,
		 (unsigned long long)(STACK_TOP - STACK_RLIMIT - PAGE_SIZE) >> 12);
	KTEST_EXPECT_LOG(t, mark, want);
	snprintf(want, sizeof(want), "heap[%d]: no VMA holds the address", out_pid);
	KTEST_EXPECT_LOG(t, mark, want);
}

static const struct ktest_case user_mm_cases[] = {
	KTEST_CASE(test_status_new),	 KTEST_CASE(test_status_running),
	KTEST_CASE(test_populate),	 KTEST_CASE(test_populate_oom),
	KTEST_CASE(test_populate_never), KTEST_CASE(test_stack_growth),
	KTEST_CASE(test_stack_program),	 KTEST_CASE(test_stack_overflow),
	KTEST_CASE(test_mmap_lock),
};

KTEST_SUITE(user_mm_suite, "user_mm", user_mm_cases);
