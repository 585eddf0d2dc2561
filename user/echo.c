// SPDX-License-Identifier: MIT
/*
 * Print argc, each argument and each environment string, one a line: what
 * the kernel put on the initial stack (argc, argv[], envp[]).
 */
#include <stdio.h>

int main(int argc, char **argv, char **envp)
{
	printf("argc=%d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	for (char **e = envp; *e; e++)
		printf("env %s\n", *e);
	return 0;
}
