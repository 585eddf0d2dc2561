// SPDX-License-Identifier: MIT
/*
 * The smallest user program: printf through musl's stdio, which probes the
 * terminal with ioctl(TIOCGWINSZ) and writes with writev.
 */
#include <stdio.h>

int main(void)
{
	printf("hello from user space\n");
	return 0;
}
