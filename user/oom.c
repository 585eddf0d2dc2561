// SPDX-License-Identifier: MIT
/*
 * In the spirit of the book's oom_killer_try: malloc 1 MiB at a time and
 * touch every page of it, so each page costs a frame, until MB megabytes
 * (0: until the OOM killer ends it). "hold" then spins, keeping what it
 * has (a victim for another process's OOM); "notouch" mallocs without
 * touching, which costs address space only: no frame, no OOM.
 * Usage: oom MB [hold|notouch]. Prints at 16 MiB and at each doubling,
 * then the total; as it ends, its RSS (getrusage's ru_maxrss): what the
 * reservations really cost in frames.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define MIB (1024 * 1024)
#define PAGE 4096

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
	const char *mode = argc > 2 ? argv[2] : "";
	int touch = strcmp(mode, "notouch") != 0;
	volatile unsigned long spin = 0;

	for (mb = 0; !max || mb < max; mb++) {
		char *p = malloc(MIB);

		if (!p) {
			printf("oom: malloc failed after %lu MiB\n", mb);
			print_rss();
			return 1;
		}
		for (unsigned long off = 0; touch && off < MIB; off += PAGE)
			p[off] = 1;
		if (milestone(mb + 1)) {
			printf("oom: %lu MiB %s\n", mb + 1, touch ? "touched" : "reserved");
			fflush(stdout);
		}
	}
	if (!milestone(mb))
		printf("oom: %lu MiB %s\n", mb, touch ? "touched" : "reserved");
	fflush(stdout);
	if (!strcmp(mode, "hold"))
		for (;;)
			spin++;
	print_rss();
	return 0;
}
