// SPDX-License-Identifier: MIT
/*
 * The heap walker: malloc a block (musl takes it from brk or, for big
 * sizes, mmap), touch one byte per page so each page is faulted in, check
 * what was written, and free it. Arguments: the KiB to allocate (default
 * 256), and STACK_KIB: that much stack is then used below main's frame,
 * touched a page at a time from the top down, so the kernel grows the
 * stack VMA at each fault below it (past the 8 MiB RLIMIT_STACK the
 * process dies of SIGSEGV). Prints what it did; exits 1 if a byte read
 * back is wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

static int touch(unsigned char *p, size_t size)
{
	for (size_t off = 0; off < size; off += PAGE)
		p[off] = (unsigned char)(off / PAGE);
	for (size_t off = 0; off < size; off += PAGE)
		if (p[off] != (unsigned char)(off / PAGE))
			return -1;
	return 0;
}

/* Use kib KiB of stack below this frame, top page first; the lowest address touched. */
static __attribute__((noinline)) unsigned long use_stack(size_t kib)
{
	volatile unsigned char *buf = __builtin_alloca(kib * 1024);

	for (size_t off = kib * 1024; off >= PAGE; off -= PAGE)
		buf[off - 1] = 1;
	buf[0] = 1;
	return (unsigned long)buf;
}

int main(int argc, char **argv)
{
	size_t kib = argc > 1 ? strtoul(argv[1], NULL, 0) : 256;
	size_t stack_kib = argc > 2 ? strtoul(argv[2], NULL, 0) : 0;
	size_t size = kib * 1024;
	unsigned char *small = malloc(100), *big = malloc(size), *map;

	if (!small || !big) {
		printf("heap: malloc failed\n");
		return 1;
	}
	if (touch(big, size)) {
		printf("heap: read back the wrong byte\n");
		return 1;
	}
	printf("heap: malloc(%zu KiB) at %p, %zu pages touched\n", kib, (void *)big, size / PAGE);
	map = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED || touch(map, 4 * PAGE) || munmap(map, 4 * PAGE)) {
		printf("heap: mmap/munmap failed\n");
		return 1;
	}
	printf("heap: mmap of 4 pages touched and unmapped\n");
	free(big);
	free(small);
	if (stack_kib)
		printf("heap: %zu KiB of stack used, down to %#lx\n", stack_kib,
		       use_stack(stack_kib));
	printf("heap: pid %d done\n", (int)getpid());
	return 0;
}
