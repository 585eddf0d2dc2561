// SPDX-License-Identifier: MIT
/*
 * Fault on purpose, one way per argument: "null" reads address 0 (outside
 * every VMA), "rodata" writes a string constant (a read-only VMA), "kernel"
 * reads a kernel address. The kernel must kill only this process and say
 * why; the line after the fault must never print.
 */
#include <stdio.h>
#include <string.h>

static const char constant[] = "read-only";

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "null";
	volatile char *p;

	printf("fault: %s\n", how);
	fflush(stdout); /* the console is no tty: stdout is fully buffered */
	if (!strcmp(how, "rodata"))
		p = (volatile char *)constant;
	else if (!strcmp(how, "kernel"))
		p = (volatile char *)0xffffffff80100000UL;
	else
		p = NULL;
	if (!strcmp(how, "rodata"))
		*p = 'X';
	else
		(void)*p;
	printf("fault: survived, which is a bug\n");
	return 1;
}
