// SPDX-License-Identifier: MIT
/*
 * The user half of this process's address space as seen from inside, in
 * the spirit of the book's show_uservas (chapter 7): one real address in
 * each part, text, rodata, data, bss, the program break (brk, sbrk(0)), a
 * small malloc, an anonymous mmap, the stack, argv and envp, printed high
 * to low with the top of the user half above them; then whether the kernel
 * mapped a vDSO (auxv's AT_SYSINFO_EHDR). The linker's __executable_start,
 * etext, edata and end mark the image's segment boundaries.
 * Usage: uservas [ARGS] (the arguments show where argv lands).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

/* The top of the user half: 47 bits of address with 4-level paging. */
#define USER_END 0x00007fffffffffffUL

extern char __executable_start[], etext[], edata[], end[];

struct place {
	unsigned long addr;
	const char *segment, *what;
};

static const char rodata_sample[] = "a constant string";
static int data_sample = 42;
static int bss_sample;

static int by_address_down(const void *a, const void *b)
{
	unsigned long x = ((const struct place *)a)->addr, y = ((const struct place *)b)->addr;

	return x < y ? 1 : x > y ? -1 : 0;
}

int main(int argc, char **argv, char **envp)
{
	int local = argc;
	void *small = malloc(64);
	void *anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long vdso = getauxval(AT_SYSINFO_EHDR);
	struct place places[] = {
		{USER_END, "(top)", "the last byte of the user half (128 TiB)"},
		{(unsigned long)envp[0], "stack", "envp[0], the first environment string"},
		{(unsigned long)argv[0], "stack", "argv[0], the program's name"},
		{(unsigned long)&local, "stack", "a local variable of main"},
		{(unsigned long)anon, "mmap", "an anonymous mmap of one page"},
		{(unsigned long)small, "malloc", "malloc(64)"},
		{(unsigned long)sbrk(0), "heap", "the program break, sbrk(0)"},
		{(unsigned long)end, "bss", "end: the end of bss, where the heap may start"},
		{(unsigned long)&bss_sample, "bss", "an uninitialised global"},
		{(unsigned long)&data_sample, "data", "an initialised global"},
		{(unsigned long)edata, "data", "edata: the end of data"},
		{(unsigned long)rodata_sample, "rodata", "a constant string"},
		{(unsigned long)etext, "text", "etext: the end of text"},
		{(unsigned long)main, "text", "main()"},
		{(unsigned long)__executable_start, "text", "__executable_start: the image"},
	};
	size_t n = sizeof(places) / sizeof(places[0]);

	if (!small || anon == MAP_FAILED) {
		printf("uservas: %s failed: out of memory\n", small ? "mmap" : "malloc");
		return 1;
	}
	qsort(places, n, sizeof(places[0]), by_address_down);
	printf("uservas: my user address space, high to low (pid %d):\n", getpid());
	for (size_t i = 0; i < n; i++)
		printf("  %016lx  %-7s %s\n", places[i].addr, places[i].segment, places[i].what);
	if (vdso)
		printf("uservas: a vDSO at %016lx (auxv AT_SYSINFO_EHDR)\n", vdso);
	else
		printf("uservas: no vDSO: auxv has no AT_SYSINFO_EHDR\n");
	fflush(stdout);
	return 0;
}
