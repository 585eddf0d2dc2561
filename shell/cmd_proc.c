// SPDX-License-Identifier: MIT
/*
 * `maps PID` and `status PID`: a live process's /proc/PID/maps and the
 * lines of /proc/PID/status that strata has (Name, State, Tgid, Pid, the
 * Vm lines, and the minor faults of /proc/PID/stat). The process may run on
 * another CPU, exit or be killed meanwhile: the command holds a reference
 * on its mm (process_get_mm(), Linux's get_task_mm()), so what it reads
 * stays whole until its mmput(), and mm/proc_maps.c copies under mmap_lock
 * before it prints. `run -m` prints the same two at exit through the same
 * functions.
 */
#include "shell/shell_internal.h"
#include "kernel/process.h"
#include "lib/errno.h"
#include "mm/mmap.h"

/* Linux's words for the states (fs/proc/array.c task_state_array). */
static const char *status_state(unsigned int state)
{
	switch (state) {
	case TASK_RUNNING:
		return "R (running)";
	case TASK_INTERRUPTIBLE:
		return "S (sleeping)";
	case TASK_UNINTERRUPTIBLE:
		return "D (disk sleep)";
	case TASK_NEW:
		return "N (new: created, not yet run)"; /* Linux shows a new task as R */
	default:
		return "Z (zombie)";
	}
}

/* Process argv[1]'s mm with a reference, or NULL after one line saying why. */
static struct mm_struct *proc_mm(const char *cmd, const char *arg, int *pid, char *comm,
				 unsigned int *state)
{
	struct mm_struct *mm;
	u64 v;

	if (!shell_arg_u64(cmd, arg, &v))
		return NULL;
	*pid = (int)MIN(v, (u64)0x7fffffff);
	mm = process_get_mm(*pid, comm, state);
	if (!mm)
		shell_printf("%s: (%s) - No such process (no process has that pid, or it has "
			     "exited and its memory is gone)\n",
			     cmd, arg);
	return mm;
}

int cmd_maps(int argc, char **argv)
{
	char comm[TASK_COMM_LEN];
	unsigned int state;
	struct mm_struct *mm;
	int pid;

	(void)argc;
	mm = proc_mm("maps", argv[1], &pid, comm, &state);
	if (!mm)
		return -ESRCH;
	mm_print_maps(mm, comm);
	mmput(mm);
	return 0;
}

int cmd_status(int argc, char **argv)
{
	char comm[TASK_COMM_LEN];
	unsigned int state;
	struct mm_struct *mm;
	int pid;

	(void)argc;
	mm = proc_mm("status", argv[1], &pid, comm, &state);
	if (!mm)
		return -ESRCH;
	shell_printf("Name:\t%s\nState:\t%s\nTgid:\t%d\nPid:\t%d\n", comm, status_state(state), pid,
		     pid);
	mm_print_status(mm);
	mmput(mm);
	return 0;
}
