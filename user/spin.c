// SPDX-License-Identifier: MIT
/*
 * A CPU-bound program for the scheduler (docs/user.md), for ps and kill:
 *
 *   spin           spin in user mode forever, never entering the kernel:
 *                  only a timer interrupt takes the CPU from it
 *   spin yield     call sched_yield() forever
 *   spin sleep     sleep 10 s at a time in nanosleep, forever
 *   spin fpu M     add 1.0 to a double M million times, in registers, and
 *                  check the sum: wrong if a switch lost its SSE registers
 *
 * Each writes one line first. Only `kill PID` ends the first three.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int fpu(long millions)
{
	double sum = 0.0;
	long n = millions * 1000000;

	for (long i = 0; i < n; i++)
		sum += 1.0;
	if (sum != (double)n) {
		printf("spin: fpu wrong: %.1f, not %ld\n", sum, n);
		return 1;
	}
	printf("spin: fpu ok\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	volatile unsigned long n = 0;

	if (!strcmp(mode, "fpu"))
		return fpu(argc > 2 ? atol(argv[2]) : 1);
	if (!strcmp(mode, "yield")) {
		write(1, "spin: yielding\n", 15);
		for (;;)
			sched_yield();
	}
	if (!strcmp(mode, "sleep")) {
		struct timespec ts = {10, 0};

		write(1, "spin: sleeping\n", 15);
		for (;;)
			nanosleep(&ts, NULL);
	}
	write(1, "spin: spinning\n", 15);
	for (;;)
		n++;
}
