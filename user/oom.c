// SPDX-License-Identifier: MIT
/*
 * In the spirit of the book's oom_killer_try: malloc 1 MiB at a time and
 * touch every page of it, so each page costs a frame, until MB megabytes
 * (0: until the OOM killer ends it). "hold" then spins, keeping what it
 * has (a victim for another process's OOM); "notouch" mallocs without
 * touching, which costs address space only: no frame, no OOM; "populate"
 * takes each MiB with mmap(MAP_POPULATE) instead, so the kernel faults its
 * pages in before mmap returns, and the program touches nothing.
 * Usage: oom MB [hold] [notouch|populate]. Prints at 16 MiB and at each
 * doubling, then the total; as it ends, its RSS (getrusage's ru_maxrss):
 * what the reservations really cost in frames.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#define MIB (1024 * 1024)
#define PAGE 4096

/* Is word one of the arguments after MB? */
static int has(int argc, char **argv, const char *word)
{
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], word))
			return 1;
	return 0;
}

/* 1 MiB from malloc, or from mmap with MAP_POPULATE; NULL if refused. */
static char *take_mib(int populate)
{
	char *p;

	if (!populate)
		return malloc(MIB);
	p = mmap(NULL, MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1,
		 0);
	return p == MAP_FAILED ? NULL : p;
}

/* Printed on the way: 16 MiB, then each doubling (32, 64, ...), so a big machine gets few lines. */
static int milestone(unsigned long mb)
{
	return mb >= 16 && !(mb & (mb - 1));
}

/* The frames behind what was reserved: the most RSS so far, in KiB. */
static void print_rss(void)
{
	struct rusage ru;

	if (!getrusage(RUSAGE_SELF, &ru))
		printf("oom: ru_maxrss %ld KiB\n", ru.ru_maxrss);
}

int main(int argc, char **argv)
{
	unsigned long max = argc > 1 ? strtoul(argv[1], NULL, 0) : 0, mb;
	int populate = has(argc, argv, "populate");
	int touch = !populate && !has(argc, argv, "notouch");
	const char *done = populate ? "populated" : touch ? "touched" : "reserved";
	volatile unsigned long spin = 0;

	for (mb = 0; !max || mb < max; mb++) {
		char *p = take_mib(populate);

		if (!p) {
			printf("oom: %s failed after %lu MiB\n", populate ? "mmap" : "malloc", mb);
			print_rss();
			return 1;
		}
		for (unsigned long off = 0; touch && off < MIB; off += PAGE)
			p[off] = 1;
		if (milestone(mb + 1)) {
			printf("oom: %lu MiB %s\n", mb + 1, done);
			fflush(stdout);
		}
	}
	if (!milestone(mb))
		printf("oom: %lu MiB %s\n", mb, done);
	fflush(stdout);
	if (has(argc, argv, "hold"))
		for (;;)
			spin++;
	print_rss();
	return 0;
}
