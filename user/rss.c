// SPDX-License-Identifier: MIT
/*
 * Demand paging watched from inside: malloc PAGES pages (address space
 * only), then touch them one at a time, and after each touch ask the
 * kernel (getrusage(RUSAGE_SELF)) for the most RSS so far (ru_maxrss, KiB)
 * and the minor faults (ru_minflt). Each touch must cost exactly one fault
 * and 4 KiB, measured around the touch alone: the last line says whether
 * every one did. After the first line (whose printf takes stdout's buffer
 * page) nothing else faults either: the buffer is a page of its own and no
 * conversion is padded (musl pads in a deeper stack frame, which can take
 * a stack page). The block is kept and
 * the program leaves by _exit(), whose path touches no page, so the
 * kernel's figures at exit (VmRSS, minflt) equal the last line's. With
 * "hold" it spins in user mode instead, keeping all, for ps to read (kill
 * ends it).
 * Usage: rss [PAGES [hold]] (PAGES: default 8, at most 1024).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define PAGE 4096UL
#define MAX_PAGES 1024

/* stdout's buffer, one page of its own: after the first line, printf touches no new page there. */
static char out_buf[PAGE] __attribute__((aligned(PAGE)));

static void usage_now(long *maxrss, long *minflt)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	*maxrss = ru.ru_maxrss;
	*minflt = ru.ru_minflt;
}

int main(int argc, char **argv)
{
	unsigned long pages = argc > 1 ? strtoul(argv[1], NULL, 0) : 8;
	long rss0, flt0, rss, flt;
	int exact = 1, hold = argc > 2 && !strcmp(argv[2], "hold");
	volatile unsigned long spin = 0;
	char *block, *first;

	setvbuf(stdout, out_buf, _IOFBF, sizeof(out_buf));
	if (!pages || pages > MAX_PAGES) {
		printf("rss: PAGES must be 1 to %d\n", MAX_PAGES);
		return 2;
	}
	/*
	 * Two pages more: whole pages start at the first page boundary inside
	 * the block, and the pages touched stay clear of malloc's own words at
	 * the block's start and end (musl writes a footer there).
	 */
	block = malloc((pages + 2) * PAGE);
	if (!block) {
		printf("rss: malloc of %lu pages failed\n", pages + 2);
		return 1;
	}
	first = (char *)(((unsigned long)block + PAGE - 1) & ~(PAGE - 1));
	usage_now(&rss0, &flt0);
	printf("rss: malloc(%lu pages) at %p: ru_maxrss %ld KiB, ru_minflt %ld\n", pages + 2,
	       (void *)block, rss0, flt0);
	fflush(stdout);
	for (unsigned long i = 0; i < pages; i++) {
		/* Measured around the touch alone: printf may fault in a page of its own. */
		usage_now(&rss0, &flt0);
		first[i * PAGE] = 1;
		usage_now(&rss, &flt);
		printf("rss: page %lu touched: ru_maxrss %ld KiB (+%ld), ru_minflt %ld (+%ld)\n",
		       i + 1, rss, rss - rss0, flt, flt - flt0);
		fflush(stdout);
		exact &= rss - rss0 == PAGE / 1024 && flt - flt0 == 1;
	}
	printf("rss: %lu pages touched; one minor fault and %lu KiB each: %s\n", pages, PAGE / 1024,
	       exact ? "yes" : "no");
	fflush(stdout);
	while (hold)
		spin++;
	_exit(0); /* not exit(): its handlers could fault in a page after the last line */
}
