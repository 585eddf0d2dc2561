// SPDX-License-Identifier: MIT
/*
 * Making a process from a program image (Linux's execve path, without a
 * file system): its mm with the ELF segments (kernel/binfmt_elf.c), the
 * stack VMA with the initial stack Linux's create_elf_tables() builds, its
 * kernel stack, and the register frame its first IRETQ enters ring 3 with.
 *
 * The initial stack, from the top (System V x86_64 ABI, 3.4.1):
 *
 *   environment strings, argument strings, 16 random bytes (AT_RANDOM)
 *   padding to 16 bytes
 *   auxv pairs ... AT_NULL | envp[] NULL | argv[] NULL | argc   <- rsp
 *
 * with rsp 16-byte aligned at the entry point. The stack VMA (VM_GROWSDOWN)
 * covers these pages and STACK_EXPAND below them; a fault below grows it,
 * up to STACK_RLIMIT (mm/mmap.c's expand_stack).
 */
#include "kernel/process.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/smpboot.h"
#include "arch/x86_64/syscall.h"
#include "kernel/binfmt_elf.h"
#include "kernel/elf.h"
#include "kernel/printk.h"
#include "kernel/tsc.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/mmap.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

/* Auxiliary vector types (Linux's include/uapi/linux/auxvec.h). */
#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_BASE 7
#define AT_FLAGS 8
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_EXECFN 31
#define NR_AUXV 16 /* pairs written, AT_NULL included */

#define X86_EFLAGS_FIXED 0x2UL

/* Copy len bytes to the user address addr of mm, faulting pages in. */
static int put_user_bytes(struct mm_struct *mm, u64 addr, const void *src, size_t len)
{
	const u8 *s = src;

	while (len) {
		u8 *page = mm_page_for_kernel(mm, addr);
		size_t n = MIN(len, PAGE_SIZE - (addr & ~PAGE_MASK));

		if (!page)
			return -ENOMEM;
		memcpy(page + (addr & ~PAGE_MASK), s, n);
		addr += n;
		s += n;
		len -= n;
	}
	return 0;
}

static int count_strings(char *const v[], size_t *bytes)
{
	int n = 0;

	for (; v && v[n]; n++) {
		if (n == MAX_ARG_STRINGS)
			return -E2BIG;
		*bytes += strlen(v[n]) + 1;
	}
	return *bytes > MAX_ARG_BYTES ? -E2BIG : n;
}

/* Copy the strings of v below *top, storing their user addresses in ptrs[]. */
static int push_strings(struct mm_struct *mm, u64 *top, char *const v[], int n, u64 *ptrs)
{
	for (int i = n - 1; i >= 0; i--) {
		size_t len = strlen(v[i]) + 1;

		*top -= len;
		ptrs[i] = *top;
		if (put_user_bytes(mm, *top, v[i], len))
			return -ENOMEM;
	}
	return 0;
}

/* 16 bytes for AT_RANDOM: from the TSC, not cryptographic (strata has no entropy pool). */
static void random_bytes(u64 out[2])
{
	u64 x = tsc_since_boot() | 1;

	for (int i = 0; i < 2; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		out[i] = x * 0x2545f4914f6cdd1dUL;
	}
}

static int setup_stack(struct mm_struct *mm, const struct elf_info *info, char *const argv[],
		       char *const envp[], u64 *sp)
{
	u64 argp[MAX_ARG_STRINGS + 1] = {0}, envpp[MAX_ARG_STRINGS + 1] = {0};
	u64 top = STACK_TOP, rnd[2], words[2 * NR_AUXV], random_at;
	size_t bytes = 0;
	int argc = count_strings(argv, &bytes), envc = count_strings(envp, &bytes), nw = 0;
	int err = argc < 0 ? argc : envc < 0 ? envc : 0;

	if (err)
		return err;
	/* STACK_EXPAND holds the strings and tables with room to spare (MAX_ARG_BYTES). */
	err = mm_add_vma(mm, STACK_TOP - STACK_EXPAND, STACK_TOP, VM_READ | VM_WRITE | VM_GROWSDOWN,
			 VMA_STACK);
	if (err || push_strings(mm, &top, envp, envc, envpp) ||
	    push_strings(mm, &top, argv, argc, argp))
		return -ENOMEM;
	random_bytes(rnd);
	top = ALIGN_DOWN(top - sizeof(rnd), 16);
	random_at = top;
	if (put_user_bytes(mm, random_at, rnd, sizeof(rnd)))
		return -ENOMEM;
	/* The auxiliary vector, as Linux's create_elf_tables() orders the ones it has. */
	const u64 aux[][2] = {
		{AT_PAGESZ, PAGE_SIZE},
		{AT_CLKTCK, 100},
		{AT_PHDR, info->phdr},
		{AT_PHENT, sizeof(struct elf64_phdr)},
		{AT_PHNUM, info->phnum},
		{AT_BASE, 0},
		{AT_FLAGS, 0},
		{AT_ENTRY, info->entry},
		{AT_UID, 0},
		{AT_EUID, 0},
		{AT_GID, 0},
		{AT_EGID, 0},
		{AT_SECURE, 0},
		{AT_RANDOM, random_at},
		{AT_EXECFN, argp[0]},
		{AT_NULL, 0},
	};
	_Static_assert(ARRAY_SIZE(aux) == NR_AUXV, "NR_AUXV counts aux[]");
	for (unsigned int i = 0; i < NR_AUXV; i++) {
		words[nw++] = aux[i][0];
		words[nw++] = aux[i][1];
	}
	/* argc + argv[] + NULL + envp[] + NULL + auxv, ending 16-byte aligned at argc. */
	top = ALIGN_DOWN(top - (u64)(1 + argc + 1 + envc + 1 + nw) * 8, 16);
	*sp = top;
	u64 argc64 = (u64)argc;

	if (put_user_bytes(mm, top, &argc64, 8) ||
	    put_user_bytes(mm, top + 8, argp, (u64)(argc + 1) * 8) ||
	    put_user_bytes(mm, top + 8 + (u64)(argc + 1) * 8, envpp, (u64)(envc + 1) * 8) ||
	    put_user_bytes(mm, top + 8 + (u64)(argc + envc + 2) * 8, words, (u64)nw * 8))
		return -ENOMEM;
	mm->start_stack = top;
	/* As Linux's setup_arg_pages(): STACK_EXPAND more below the pages in use; faults grow it. */
	return expand_stack(mm, find_vma(mm, top), (top & PAGE_MASK) - STACK_EXPAND) ? -ENOMEM : 0;
}

/*
 * The kernel stack of a new process: its user registers in the trap_frame
 * at the top (what IRETQ loads), under it the frame __switch_to_asm pops
 * (six callee-saved registers, then ret_from_fork as the return address).
 */
static void setup_kernel_stack(struct task_struct *p, u64 entry, u64 user_sp)
{
	struct trap_frame *regs = (struct trap_frame *)((u8 *)p->stack + THREAD_SIZE) - 1;
	u64 *frame = (u64 *)regs - 7;

	memset(regs, 0, sizeof(*regs));
	regs->rip = entry;
	regs->cs = GDT_USER_CS;
	regs->rflags = X86_EFLAGS_IF | X86_EFLAGS_FIXED;
	regs->rsp = user_sp;
	regs->ss = GDT_USER_DS;
	memset(frame, 0, 6 * sizeof(u64));
	frame[6] = (u64)ret_from_fork;
	p->sp = (u64)frame;
}

struct task_struct *process_create(const u8 *image, size_t size, char *const argv[],
				   char *const envp[], int *err)
{
	struct task_struct *p = alloc_task_struct();
	struct elf_info info;
	const char *why = NULL, *what = "task_struct";
	u64 user_sp;

	*err = -ENOMEM;
	if (!p)
		goto fail;
	p->pid = alloc_pid();
	strlcpy(p->comm, argv[0], sizeof(p->comm));
	p->mm = mm_alloc();
	p->stack = vmalloc(THREAD_SIZE);
	what = !p->mm ? "mm_struct and page-table root" : "kernel stack (vmalloc)";
	if (!p->mm || !p->stack)
		goto fail;
	what = "program's segments";
	*err = elf_load(p->mm, image, size, &info, &why);
	if (*err) {
		if (why)
			pr_err("exec: %s: %s\n", argv[0], why);
		goto fail;
	}
	p->mm->start_brk = p->mm->brk = info.brk;
	what = "initial stack";
	*err = setup_stack(p->mm, &info, argv, envp, &user_sp);
	if (*err)
		goto fail;
	setup_kernel_stack(p, info.entry, user_sp);
	process_list_add(p);
	return p;
fail:
	/* One line for a process that memory cannot hold: what it lacked. */
	if (*err == -ENOMEM)
		pr_warn("exec: %s: cannot start it: no memory for its %s (-ENOMEM)\n", argv[0],
			what);
	if (p)
		process_free(p);
	return NULL;
}
