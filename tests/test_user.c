// SPDX-License-Identifier: MIT
/*
 * User space: the programs run and their output is checked; the faulting
 * and hostile ones are killed or refused with the right result (hello and
 * fault are built in; the cases of the others skip unless the boot brought
 * them as modules, as tools/test-all.sh's user boot does);
 * bad ELF images are refused with -ENOEXEC; demand paging is counted exactly
 * on an address space driven from here. The framework's baseline case then
 * checks that every page, page table, slab object and vmalloc area a
 * process had came back.
 */
#include "tests/suites.h"
#include "tests/ktest.h"
#include "tests/test_user.h"
#include "kernel/binfmt_elf.h"
#include "kernel/cpumask.h"
#include "kernel/delay.h"
#include "kernel/elf.h"
#include "kernel/process.h"
#include "kernel/programs.h"
#include "kernel/workqueue.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "mm/gfp.h"
#include "mm/mmap.h"
#include "mm/page.h"

char out[OUT_SIZE];
int out_pid;
static char *const test_envp[] = {"HOME=/", "TERM=linux", NULL};

int run(struct ktest *t, char *const argv[])
{
	struct output_capture cap = {out, sizeof(out) - 1, 0};
	struct task_struct *p;
	const u8 *image;
	size_t size;
	int err, status;

	image = program_find(argv[0], &size);
	if (!image)
		ktest_skip(t, "a program this boot lacks (make run PROGRAMS=build/user/NAME)");
	p = process_create(image, size, argv, test_envp, &err);
	KTEST_ASSERT_NOT_NULL(t, p);
	out_pid = p->pid;
	status = process_run(p, &cap, false);
	out[MIN(cap.len, sizeof(out) - 1)] = '\0';
	process_free(p);
	return status;
}

static void test_hello(struct ktest *t)
{
	char *argv[] = {"hello", NULL};

	KTEST_EXPECT_EQ(t, run(t, argv), 0);
	KTEST_EXPECT_STREQ(t, out, "hello from user space\n");
}

static const char echo_expected[] = "argc=3\nargv[0]=%s\nargv[1]=one\nargv[2]=two words\n"
				    "env HOME=/\nenv TERM=linux\n";

/* argv and envp reach main intact: an ET_EXEC and a static PIE (ET_DYN). */
static void test_echo(struct ktest *t)
{
	const char *const names[] = {"echo", "echo-pie"};
	struct mm_struct *mm = mm_alloc();
	const char *why = NULL;
	struct elf_info info;
	const u8 *pie;
	char want[256];
	size_t size;

	/* The PIE's break: Linux's ELF_ET_DYN_BASE (2/3 of 0x7ffffffff000) rounded up a page. */
	KTEST_ASSERT_NOT_NULL(t, mm);
	ktest_defer(t, (void (*)(void *))mmput, mm);
	pie = program_find("echo-pie", &size);
	if (pie) {
		KTEST_EXPECT_EQ(t, elf_load(mm, pie, size, &info, &why), 0);
		KTEST_EXPECT_EQ(t, info.brk, 0x555555555000UL);
	}
	ktest_release(t, mm);

	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		char *argv[] = {(char *)names[i], "one", "two words", NULL};

		KTEST_EXPECT_EQ(t, run(t, argv), 0);
		snprintf(want, sizeof(want), echo_expected, names[i]);
		KTEST_EXPECT_STREQ(t, out, want);
	}
}

/* malloc (brk and mmap underneath), touching, munmap, free, getpid. */
static void test_heap(struct ktest *t)
{
	char *argv[] = {"heap", "512", NULL};

	KTEST_EXPECT_EQ(t, run(t, argv), 0);
	KTEST_EXPECT_CONTAINS(t, out, "heap: malloc(512 KiB)");
	KTEST_EXPECT_CONTAINS(t, out, "128 pages touched");
	KTEST_EXPECT_CONTAINS(t, out, "heap: mmap of 4 pages touched and unmapped\n");
	KTEST_EXPECT_CONTAINS(t, out, " done\n");
}

/* getrusage after each touch: one minor fault and 4 KiB of ru_maxrss per page (user/rss.c). */
static void test_getrusage(struct ktest *t)
{
	char *argv[] = {"rss", "4", NULL};

	KTEST_EXPECT_EQ(t, run(t, argv), 0);
	KTEST_EXPECT_CONTAINS(t, out, "rss: page 4 touched: ");
	KTEST_EXPECT_CONTAINS(t, out, "4 pages touched; one minor fault and 4 KiB each: yes\n");
}

/* Each wrong access kills the program with SIGSEGV before its next line. */
static void test_fault(struct ktest *t)
{
	const char *const how[] = {"null", "rodata", "kernel", "step"};
	const int sig[] = {SIGSEGV, SIGSEGV, SIGSEGV, SIGTRAP}; /* Linux 6.1's #DB is SIGTRAP */
	char want[64];

	for (unsigned int i = 0; i < ARRAY_SIZE(how); i++) {
		char *argv[] = {"fault", (char *)how[i], NULL};

		KTEST_EXPECT_EQ(t, run(t, argv), sig[i]);
		snprintf(want, sizeof(want), "fault: %s\n", how[i]);
		KTEST_EXPECT_STREQ(t, out, want);
	}
}

/* Bad pointers and requests to every call are refused; a jump into the kernel kills. */
static void test_hostile(struct ktest *t)
{
	char *argv[] = {"hostile", NULL};

	KTEST_EXPECT_EQ(t, run(t, argv), SIGSEGV);
	KTEST_EXPECT_CONTAINS(t, out, "brk of 64 TiB: ok\nhostile: 0 wrong\n");
}

struct remote_run remote;
char remote_out[256];

static void remote_fn(struct work_struct *work)
{
	(void)work;
	remote.status = process_run(remote.p, &remote.cap, false);
}

/* End the remote process (it may spin forever), wait for it, free it: however the case ends. */
static void remote_finish(void *arg)
{
	(void)arg;
	process_kill(remote.p->pid, SIGKILL); /* -ESRCH if it ended already */
	flush_work(&remote.work);
	process_free(remote.p);
}

void start_remote(struct ktest *t, char *const argv[])
{
	const u8 *image;
	size_t size;
	int err;

	if (num_online_cpus() < 2 || !cpu_online(1))
		ktest_skip(t, "needs a second CPU (-smp 2)");
	image = program_find(argv[0], &size);
	if (!image)
		ktest_skip(t, "a program this boot lacks (make run PROGRAMS=build/user/NAME)");
	remote.p = process_create(image, size, argv, test_envp, &err);
	KTEST_ASSERT_NOT_NULL(t, remote.p);
	remote.cap = (struct output_capture){remote_out, sizeof(remote_out) - 1, 0};
	remote.status = -1;
	INIT_WORK(&remote.work, remote_fn);
	KTEST_EXPECT_TRUE(t, schedule_work_on(1, &remote.work));
	ktest_defer(t, remote_finish, &remote);
}

void wait_remote_output(size_t len)
{
	for (unsigned int ms = 0; READ_ONCE(remote.cap.len) < len && ms < 5000; ms++)
		msleep(1);
}

/* kill PID ends a process that never enters the kernel (it spins in user mode). */
static void test_kill(struct ktest *t)
{
	char *spin[] = {"spin", NULL};
	unsigned int waited = 0;

	start_remote(t, spin);
	/* Up to 5 s for it to run its write (TCG may give CPU 1 little time). */
	while (!READ_ONCE(remote.cap.len) && waited++ < 5000)
		msleep(1);
	KTEST_EXPECT_GT(t, READ_ONCE(remote.cap.len), 0);
	KTEST_EXPECT_EQ(t, process_kill(remote.p->pid, SIGKILL), 0);
	flush_work(&remote.work);
	KTEST_EXPECT_EQ(t, remote.status, SIGKILL);
	KTEST_EXPECT_EQ(t, process_kill(remote.p->pid, SIGKILL), -ESRCH); /* dead: no target */
	KTEST_EXPECT_EQ(t, process_kill(-1, SIGKILL), -ESRCH);
	ktest_release(t, &remote);
}

/* Two processes at once: hello on CPU 1 (its worker) while CPU 0 runs fault. */
static void test_two_cpus(struct ktest *t)
{
	char *hello[] = {"hello", NULL}, *fault[] = {"fault", "rodata", NULL};

	start_remote(t, hello);
	KTEST_EXPECT_EQ(t, run(t, fault), SIGSEGV);
	flush_work(&remote.work);
	remote_out[MIN(remote.cap.len, sizeof(remote_out) - 1)] = '\0';
	KTEST_EXPECT_EQ(t, remote.status, 0);
	KTEST_EXPECT_EQ(t, remote.p->cpu, 1);
	KTEST_EXPECT_STREQ(t, remote_out, "hello from user space\n");
	ktest_release(t, &remote);
}

u64 oom_story(struct ktest *t, char *const grow[])
{
	char *hold[] = {"oom", "2", "hold", NULL};
	char want[64];
	u64 mark;

	start_remote(t, hold);
	wait_remote_output(sizeof("oom: 2 MiB touched\n") -
			   1); /* it holds its memory from then on */
	KTEST_ASSERT_EQ(t, process_set_oom_score_adj(remote.p->pid, 1000), 0);
	ktest_hold_free_pages(t, 1024);
	mark = ktest_log_mark();
	KTEST_EXPECT_EQ(t, run(t, grow), SIGKILL);
	/* Were the victim still alive (a wrong choice), this ends it: the log check fails. */
	process_kill(remote.p->pid, SIGKILL);
	flush_work(&remote.work);
	KTEST_EXPECT_EQ(t, remote.status, SIGKILL);
	snprintf(want, sizeof(want), "Out of memory: Killed process %d (oom)", remote.p->pid);
	KTEST_EXPECT_LOG(t, mark, want);
	snprintf(want, sizeof(want), "Out of memory: Killed process %d (oom)", out_pid);
	KTEST_EXPECT_LOG(t, mark, want);
	return mark;
}

/*
 * The chapter 9 story with page faults: oom 0 grows, touching each page,
 * until the OOM killer runs; it kills the process biased with oom_score_adj 1000
 * first, the grower goes on, and the next report kills the grower.
 */
static void test_oom(struct ktest *t)
{
	char *grow[] = {"oom", "0", NULL};
	u64 mark = oom_story(t, grow);

	KTEST_EXPECT_LOG(t, mark, "oom invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL)");
	ktest_release(t, &remote);
}

/* A copy of hello with one change; refused with -ENOEXEC and nothing kept. */
static void expect_refused(struct ktest *t, const u8 *image, size_t size, const char *what)
{
	char *argv[] = {"bad", NULL};
	const char *why = NULL;
	int err = 0;

	KTEST_EXPECT_EQ(t, elf_check(image, size, &why), -ENOEXEC);
	KTEST_EXPECT_NULL(t, process_create(image, size, argv, test_envp, &err));
	KTEST_EXPECT_EQ(t, err, -ENOEXEC);
	if (why)
		ktest_note("%s: %s", what, why);
}

static void test_bad_elf(struct ktest *t)
{
	size_t size;
	const u8 *hello = program_find("hello", &size);
	u8 *copy = ktest_kmalloc(t, size, GFP_KERNEL);
	struct elf64_hdr *eh = (struct elf64_hdr *)copy;
	struct elf64_phdr *ph;

	KTEST_ASSERT_NOT_NULL(t, hello);
	KTEST_ASSERT_NOT_NULL(t, copy);
	ph = (struct elf64_phdr *)(copy + ((const struct elf64_hdr *)hello)->e_phoff);
	memcpy(copy, hello, size);
	copy[0] = 'X';
	expect_refused(t, copy, size, "bad magic");
	expect_refused(t, hello, 40, "truncated header");
	memcpy(copy, hello, size);
	eh->e_phnum = 0xffff;
	expect_refused(t, copy, size, "too many program headers");
	memcpy(copy, hello, size);
	ph[0].p_type = PT_INTERP;
	expect_refused(t, copy, size, "an interpreter");
	memcpy(copy, hello, size);
	ph[1].p_filesz = ph[1].p_memsz = size;
	expect_refused(t, copy, size, "a segment past the file");
	memcpy(copy, hello, size);
	ph[1].p_vaddr = 0xffffffff80000000UL | (ph[1].p_vaddr & 0xfff);
	expect_refused(t, copy, size, "a segment in the kernel half");
	memcpy(copy, hello, size);
	eh->e_entry = 0xffffffff80100000UL;
	expect_refused(t, copy, size, "an entry point in the kernel");
	memcpy(copy, hello, size);
	eh->e_machine = 3; /* EM_386 */
	expect_refused(t, copy, size, "an i386 program");
}

/* The counts of demand paging, exact, on an address space driven from here. */
static void test_demand_paging(struct ktest *t)
{
	struct mm_struct *mm = mm_alloc();
	const u64 base = 0x10000000UL;
	u64 mark;

	KTEST_ASSERT_NOT_NULL(t, mm);
	ktest_defer(t, (void (*)(void *))mmput, mm);
	KTEST_ASSERT_EQ(
		t, mm_add_vma(mm, base, base + 16 * PAGE_SIZE, VM_READ | VM_WRITE, VMA_ANON), 0);
	KTEST_EXPECT_EQ(t,
			mm_add_vma(mm, base + PAGE_SIZE, base + 2 * PAGE_SIZE, VM_READ, VMA_ANON),
			-EEXIST);
	KTEST_EXPECT_EQ(t, mm->total_vm, 16);
	KTEST_EXPECT_EQ(t, mm->rss, 0); /* reserved only: no frame yet */
	for (int i = 0; i < 3; i++)
		KTEST_EXPECT_EQ(t, handle_mm_fault(mm, base + i * PAGE_SIZE + 8, FAULT_FLAG_WRITE),
				FAULT_MAPPED);
	KTEST_EXPECT_EQ(t, handle_mm_fault(mm, base + 8, 0), FAULT_MAPPED); /* present already */
	KTEST_EXPECT_EQ(t, mm->rss, 3);
	KTEST_EXPECT_EQ(t, mm->min_flt, 3);
	KTEST_EXPECT_EQ(t, handle_mm_fault(mm, base + 16 * PAGE_SIZE, 0), FAULT_NO_VMA);
	KTEST_EXPECT_EQ(t, handle_mm_fault(mm, base, FAULT_FLAG_INSTR), FAULT_ACCESS);
	/* munmap of page 1 splits the VMA and frees its frame. */
	KTEST_EXPECT_EQ(t, mm_unmap_range(mm, base + PAGE_SIZE, base + 2 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, mm->map_count, 2);
	KTEST_EXPECT_EQ(t, mm->total_vm, 15);
	KTEST_EXPECT_EQ(t, mm->rss, 2);
	/* mprotect read-only: a write is refused now, a read is not. */
	KTEST_EXPECT_EQ(t, mm_protect_range(mm, base, base + PAGE_SIZE, VM_READ), 0);
	KTEST_EXPECT_EQ(t, handle_mm_fault(mm, base + 4 * PAGE_SIZE, FAULT_FLAG_WRITE),
			FAULT_MAPPED);
	KTEST_EXPECT_EQ(t, handle_mm_fault(mm, base, FAULT_FLAG_WRITE), FAULT_ACCESS);
	KTEST_EXPECT_EQ(t, mm_protect_range(mm, base, base + 2 * PAGE_SIZE, VM_READ), -ENOMEM);
	/* brk reserves and releases. */
	mm->start_brk = mm->brk = 0x20000000UL;
	KTEST_EXPECT_EQ(t, mm_brk(mm, 0x20000000UL + 3 * PAGE_SIZE + 1),
			0x20000000UL + 3 * PAGE_SIZE + 1);
	KTEST_EXPECT_EQ(t, mm->total_vm, 15 + 4);
	/* A PROT_NONE page over the heap's first (musl's guard): Linux's maps calls it [heap] too. */
	KTEST_EXPECT_EQ(t, mm_unmap_range(mm, 0x20000000UL, 0x20001000UL), 0);
	KTEST_EXPECT_EQ(t, mm_add_vma(mm, 0x20000000UL, 0x20001000UL, 0, VMA_ANON), 0);
	mark = ktest_log_mark();
	mm_print_maps(mm, "test");
	KTEST_EXPECT_LOG(t, mark,
			 "20000000-20001000 ---p 00000000 00:00 0                                  "
			 "[heap]\n");
	KTEST_EXPECT_EQ(t, mm_brk(mm, 0x20000000UL), 0x20000000UL);
	KTEST_EXPECT_EQ(t, mm->total_vm, 15);
	KTEST_EXPECT_EQ(t, mm->rss, 3);
	KTEST_EXPECT_EQ(t, mm_pgtables_pages(mm), 3); /* pud, pmd, pte: the pgd is not counted */
}

static int saved_overcommit;

static void restore_overcommit(void *arg)
{
	(void)arg;
	sysctl_overcommit_memory = saved_overcommit;
}

/* Committed_AS follows writable VMAs exactly; each policy refuses what Linux's would. */
static void test_overcommit(struct ktest *t)
{
	struct mm_struct *mm = mm_alloc();
	const u64 rw = 0x10000000UL, ro = 0x20000000UL, big = 0x100000000UL;
	long before = vm_committed_pages(), room;

	KTEST_ASSERT_NOT_NULL(t, mm);
	ktest_defer(t, (void (*)(void *))mmput, mm);
	saved_overcommit = sysctl_overcommit_memory;
	ktest_defer(t, restore_overcommit, NULL);
	KTEST_EXPECT_EQ(t, mm_add_vma(mm, rw, rw + 16 * PAGE_SIZE, VM_READ | VM_WRITE, VMA_ANON),
			0);
	KTEST_EXPECT_EQ(t, mm_add_vma(mm, ro, ro + 16 * PAGE_SIZE, VM_READ, VMA_ANON), 0);
	KTEST_EXPECT_EQ(t, vm_committed_pages(), before + 16); /* only writable memory counts */
	KTEST_EXPECT_EQ(t, mm_protect_range(mm, ro, ro + 4 * PAGE_SIZE, VM_READ | VM_WRITE), 0);
	KTEST_EXPECT_EQ(t, vm_committed_pages(), before + 20);
	KTEST_EXPECT_EQ(t, mm_unmap_range(mm, rw + 8 * PAGE_SIZE, rw + 12 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, vm_committed_pages(), before + 16);
	/* never: CommitLimit holds; what is not writable is not accounted. */
	sysctl_overcommit_memory = OVERCOMMIT_NEVER;
	room = (long)vm_commit_limit() - vm_committed_pages();
	/* Reaching CommitLimit exactly is refused, as Linux's "committed < allowed". */
	KTEST_EXPECT_EQ(t, mm_add_vma(mm, big, big + (u64)room * PAGE_SIZE, VM_WRITE, VMA_ANON),
			-ENOMEM);
	KTEST_EXPECT_EQ(
		t, mm_add_vma(mm, big, big + (u64)(room - 1) * PAGE_SIZE, VM_WRITE, VMA_ANON), 0);
	KTEST_EXPECT_EQ(t, mm_unmap_range(mm, big, big + (u64)(room - 1) * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t,
			mm_add_vma(mm, big, big + (u64)(room + 1) * PAGE_SIZE, VM_WRITE, VMA_ANON),
			-ENOMEM);
	KTEST_EXPECT_EQ(
		t, mm_add_vma(mm, big, big + (u64)(room + 1) * PAGE_SIZE, VM_READ, VMA_ANON), 0);
	KTEST_EXPECT_EQ(t, mm_unmap_range(mm, big, big + (u64)(room + 1) * PAGE_SIZE), 0);
	/* heuristic: one request larger than RAM; always: nothing refused. */
	sysctl_overcommit_memory = OVERCOMMIT_GUESS;
	KTEST_EXPECT_EQ(
		t, mm_add_vma(mm, big, big + (totalram_pages + 1) * PAGE_SIZE, VM_WRITE, VMA_ANON),
		-ENOMEM);
	sysctl_overcommit_memory = OVERCOMMIT_ALWAYS;
	KTEST_EXPECT_EQ(
		t, mm_add_vma(mm, big, big + (totalram_pages + 1) * PAGE_SIZE, VM_WRITE, VMA_ANON),
		0);
	ktest_release(t, mm);
	KTEST_EXPECT_EQ(t, vm_committed_pages(), before);
}

static const struct ktest_case user_cases[] = {
	KTEST_CASE(test_hello),		KTEST_CASE(test_echo),	     KTEST_CASE(test_heap),
	KTEST_CASE(test_fault),		KTEST_CASE(test_hostile),    KTEST_CASE(test_bad_elf),
	KTEST_CASE(test_demand_paging), KTEST_CASE(test_two_cpus),   KTEST_CASE(test_kill),
	KTEST_CASE(test_oom),		KTEST_CASE(test_overcommit), KTEST_CASE(test_getrusage),
};

KTEST_SUITE(user_suite, "user", user_cases);
