# SPDX-License-Identifier: MIT
"""strata-ps: the user processes, as the shell's ps prints them (Linux's
ps -o pid,psr,stat,time,vsz,rss,min_flt,comm; TIME in ticks, sizes in KiB):

      PID PSR STAT    TICKS      VSZ      RSS   MINFLT COMMAND
      100   1 S           1      168       32        8 spin
    1 process (the shell and the workers are kernel tasks, not listed)

read from kernel/process.c's list (process_list, newest first, a
lib/list.h list through each task's tasks member) of struct task_struct (kernel/task.h: state, one of its TASK_*
values, and ticks) and each one's struct mm_struct (mm/mmap.h: total_vm,
rss and min_flt, in pages). A process that has exited holds no mm any more:
its sizes are 0, as ps shows them. find_process() is strata-pt's way to a
process's address space.
"""

import gdb

from strata import kmem

HEADER = '  PID PSR STAT    TICKS      VSZ      RSS   MINFLT COMMAND'
# kernel/task.h's TASK_* -> ps's STAT, as shell/cmd_user.c's state_letter() spells it.
STATES = (('TASK_RUNNING', 'R'), ('TASK_INTERRUPTIBLE', 'S'), ('TASK_UNINTERRUPTIBLE', 'D'),
          ('TASK_DEAD', 'Z'))


def processes(command='strata-ps'):
    """The struct task_struct Values on process_list, newest first; a
    GdbError naming COMMAND before process_init() has run."""
    kmem.require_setup(command, 'task_struct_cachep != 0', 'the process list',
                       'process_init', 'interrupts_init')
    return kmem.list_entries(kmem.value('process_list'), 'struct task_struct', 'tasks')


def find_process(pid, command):
    """The task_struct of process PID; GdbError (naming COMMAND) if none."""
    for task in processes(command):
        if int(task['pid']) == pid:
            return task
    raise gdb.GdbError('%s: no process %d (strata-ps lists them)' % (command, pid))


def state_letter(task):
    """ps's STAT for TASK: R, S, D, Z, or - (TASK_NEW: not yet started)."""
    state = int(task['state'])
    for name, letter in STATES:
        if state == kmem.const('kernel/task.h', name):
            return letter
    return '-'


def ps_lines():
    """strata-ps's lines, as cmd_ps() prints them."""
    lines = [HEADER]
    page_kib = kmem.const('lib/types.h', 'PAGE_SIZE') // 1024
    for task in processes():
        mm = task['mm']
        vsz = rss = minflt = 0
        if int(mm):
            vsz = int(mm['total_vm']) * page_kib
            rss = int(mm['rss']) * page_kib
            minflt = int(mm['min_flt'])
        lines.append('%5d %3d %s    %8d %8d %8d %8d %s'
                     % (int(task['pid']), int(task['cpu']), state_letter(task),
                        int(task['ticks']), vsz, rss, minflt, kmem.c_string(task['comm'])))
    count = len(lines) - 1
    lines.append('%d process%s (the shell and the workers are kernel tasks, not listed)'
                 % (count, '' if count == 1 else 'es'))
    return lines


class StrataPs(gdb.Command):
    """List the user processes (as the shell's ps).

Usage: strata-ps
One line per process on kernel/process.c's list, newest first: pid, the CPU
it runs on (PSR), its state (R running or runnable, S or D asleep, Z dead,
- not started), the ticks it ran, VmSize and RSS in KiB, its minor faults
and its name. strata-pt PID shows a process's address
space."""

    def __init__(self):
        super().__init__('strata-ps', gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if arg.strip():
            raise gdb.GdbError('strata-ps takes no arguments')
        gdb.write('\n'.join(ps_lines()) + '\n')


def register():
    StrataPs()
