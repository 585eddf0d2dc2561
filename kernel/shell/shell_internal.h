/* SPDX-License-Identifier: MIT */
/*
 * What the shell's files share: the command table (commands.c), the output
 * and argument helpers (shell.c), and the commands, one group per file
 * (cmd_mm.c, cmd_sys.c).
 *
 * Adding a command: write `int cmd_NAME(int argc, char **argv)` in the file
 * of its group, declare it below, add one row to shell_commands[]. The
 * dispatcher has already checked the argument count against the row, so a
 * command only validates the values (shell_arg_u64 for numbers).
 */
#ifndef STRATA_SHELL_INTERNAL_H
#define STRATA_SHELL_INTERNAL_H

#include "../types.h"

/* Most words on a line, the command name included. */
#define SHELL_MAX_ARGS 8

/* One row of the command table. */
struct shell_cmd {
	const char *name;
	const char *usage; /* the arguments as help shows them: "ADDR", "[GLOB]", "" */
	unsigned int min_args; /* required arguments, the name not counted */
	unsigned int max_args; /* allowed arguments, <= SHELL_MAX_ARGS - 1 */
	const char *help; /* one line */
	/*
	 * argv[0] is the name, argv[1 .. argc) the arguments. Returns 0, or
	 * -Exxx after printing one line that says what was wrong.
	 */
	int (*run)(int argc, char **argv);
};

/* The commands in the order `help` lists them (commands.c). */
extern const struct shell_cmd shell_commands[];
extern const unsigned int nr_shell_commands;

/* The row for name, or NULL. */
const struct shell_cmd *shell_find_command(const char *name);

/* printf to the console only: shell output is not kernel log material. */
void shell_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Parse arg (decimal, or hex with 0x) into *val. On bad input print one line
 * "cmd: 'arg' is not a number ..." or "... does not fit in 64 bits" and
 * return false.
 */
bool shell_arg_u64(const char *cmd, const char *arg, u64 *val);

/*
 * The commands. Each returns 0, or -Exxx after its one line of error; what
 * each does is the help text of its row in shell_commands[].
 */
/* commands.c */
int cmd_help(int argc, char **argv);
/* cmd_mm.c: memory */
int cmd_meminfo(int argc, char **argv);
int cmd_layout(int argc, char **argv);
int cmd_vmallocinfo(int argc, char **argv);
int cmd_pt(int argc, char **argv);
/* cmd_sys.c: the machine and the kernel */
int cmd_test(int argc, char **argv);
int cmd_dmesg(int argc, char **argv);
int cmd_clear(int argc, char **argv);
int cmd_poweroff(int argc, char **argv);

#endif /* STRATA_SHELL_INTERNAL_H */
