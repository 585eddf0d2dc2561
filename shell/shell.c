// SPDX-License-Identifier: MIT
/*
 * The shell loop: prompt, read a line (readline.c), split it into words,
 * look the first word up in the command table (commands.c), check the
 * argument count, run the command.
 *
 * The rule for bad input: one line saying what is wrong, then the prompt.
 * The dispatcher answers unknown commands and wrong argument counts; the
 * commands answer bad values, numbers through shell_arg_u64(). Commands run
 * directly (not under catch_fault(), which does not nest, so `test` and the
 * demos can use it themselves): a command must validate everything it
 * is given before acting on it.
 *
 * Shell output goes to the console with shell_printf(), not into the kernel
 * log: `dmesg` shows what the kernel said, not the session.
 */
#include <stdarg.h>
#include "shell/shell.h"
#include "shell/shell_internal.h"
#include "shell/readline.h"
#include "kernel/cmdline.h"
#include "kernel/lockdep.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"

#define SHELL_PROMPT "strata> "

void shell_printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_write(buf, MIN((size_t)n, sizeof(buf) - 1));
}

/* A hex digit's value, or 16 if c is none. */
static unsigned int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 16;
}

bool shell_arg_u64(const char *cmd, const char *arg, u64 *val)
{
	const char *digits = arg;
	unsigned int base = 10;

	if (parse_u64(arg, val))
		return true;
	/* parse_u64 refuses bad syntax and overflow alike: tell them apart. */
	if (arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X')) {
		digits += 2;
		base = 16;
	}
	for (const char *p = digits; *p; p++) {
		if (hex_digit(*p) >= base) {
			shell_printf("%s: '%s' is not a number (decimal, or hex with 0x)\n", cmd,
				     arg);
			return false;
		}
	}
	if (!*digits)
		shell_printf("%s: '%s' has no digits after 0x\n", cmd, arg);
	else
		shell_printf("%s: %s does not fit in 64 bits\n", cmd, arg);
	return false;
}

/* Split line in place at spaces; returns the word count, or -1 past max. */
static int split_words(char *line, char **argv, int max)
{
	int argc = 0;

	for (char *p = line; *p;) {
		if (*p == ' ') {
			*p++ = '\0';
			continue;
		}
		if (argc == max)
			return -1;
		argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
	}
	return argc;
}

/* Run one line. Returns the command's result, or -EINVAL for bad input. */
static int shell_execute(char *line)
{
	char *argv[SHELL_MAX_ARGS];
	int argc = split_words(line, argv, SHELL_MAX_ARGS);
	const struct shell_cmd *cmd;
	unsigned int nargs;

	if (argc == 0)
		return 0;
	cmd = shell_find_command(argv[0]);
	if (!cmd) {
		shell_printf("unknown command '%s'; 'help' lists the commands\n", argv[0]);
		return -EINVAL;
	}
	nargs = argc < 0 ? SHELL_MAX_ARGS : (unsigned int)argc - 1;
	if (nargs < cmd->min_args || nargs > cmd->max_args) {
		shell_printf("%s: %s (usage: %s%s%s)\n", cmd->name,
			     nargs < cmd->min_args ? "missing argument" : "too many arguments",
			     cmd->name, *cmd->usage ? " " : "", cmd->usage);
		return -EINVAL;
	}
	return cmd->run(argc, argv);
}

/*
 * shell.run=LINES on the command line: run each line, as if typed, before
 * the first prompt. ',' separates lines and '+' stands for a space, since
 * the command line splits at spaces: shell.run=demo+buddy,memmap,poweroff.
 * `make memmap` boots with shell.run=memmap,poweroff.
 */
static void shell_run_cmdline(char *line)
{
	char lines[READLINE_MAX + 1];
	char *p = lines;

	if (!cmdline_get("shell.run", lines, sizeof(lines)))
		return;
	while (*p) {
		size_t n = 0;

		for (; *p && *p != ','; p++)
			line[n++] =
				(char)(*p == '+' ? ' '
						 : *p); /* n < READLINE_MAX: lines is that short */
		line[n] = '\0';
		if (*p == ',')
			p++;
		lockdep_check_no_locks_held("the shell prompt");
		shell_printf("%s%s\n", SHELL_PROMPT, line);
		shell_execute(line);
	}
}

void shell_run(void)
{
	/* static: the boot stack is small, and there is one shell. */
	static char line[READLINE_MAX + 1];

	shell_printf("\nstrata shell: 'help' lists the commands, 'poweroff' ends the session.\n");
	shell_run_cmdline(line);
	for (;;) {
		/* lockdebug=1: a command must not leave a spinlock held. */
		lockdep_check_no_locks_held("the shell prompt");
		readline(SHELL_PROMPT, line);
		shell_execute(line);
	}
}
