// SPDX-License-Identifier: MIT
/*
 * Spin in user mode forever, never entering the kernel: only a timer
 * interrupt takes the CPU from it, and only `kill PID` ends it. For the
 * background run, ps and kill.
 */
#include <unistd.h>

int main(void)
{
	volatile unsigned long n = 0;

	write(1, "spin: spinning\n", 15);
	for (;;)
		n++;
}
