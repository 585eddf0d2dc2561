// SPDX-License-Identifier: MIT
/*
 * Fault on purpose, one way per argument: "null" reads address 0 (outside
 * every VMA), "rodata" writes a string constant (a read-only VMA), "kernel"
 * reads a kernel address (all three SIGSEGV), "step" sets the trap flag, so
 * the next instruction raises a debug exception (SIGTRAP in Linux 6.1). The
 * kernel must kill only this process and say
 * why; the line after the fault must never print. write() rather than
 * stdio keeps it small: it is built into the kernel image.
 */
#include <string.h>
#include <unistd.h>

static const char constant[] = "read-only";

static void say(const char *a, const char *b)
{
	write(1, a, strlen(a));
	write(1, b, strlen(b));
	write(1, "\n", 1);
}

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "null";
	volatile char *p = NULL;

	say("fault: ", how);
	if (!strcmp(how, "step"))
		__asm__ volatile("pushfq; orq $0x100, (%%rsp); popfq; nop" : : : "cc", "memory");
	if (!strcmp(how, "rodata"))
		p = (volatile char *)constant;
	else if (!strcmp(how, "kernel"))
		p = (volatile char *)0xffffffff80100000UL;
	if (!strcmp(how, "rodata"))
		*p = 'X';
	else
		(void)*p;
	say("fault: survived, which is a bug", "");
	return 1;
}
