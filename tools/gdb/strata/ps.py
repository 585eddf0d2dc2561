# SPDX-License-Identifier: MIT
"""strata-ps: the user processes, as the shell's ps prints them (Linux's
ps -o pid,psr,stat,vsz,rss,min_flt,comm, sizes in KiB):

      PID PSR STAT       VSZ      RSS   MINFLT COMMAND
      100   1 R         8212       24        6 spin
    1 process (the shell and the workers are kernel tasks, not listed)

read from kernel/process.c's list (process_list, newest first, linked by
proc_next) of struct task_struct (kernel/task.h) and each one's struct
mm_struct (mm/mmap.h: total_vm, rss and min_flt, in pages). A process that
has exited holds no mm any more: its sizes are 0, as ps shows them.
find_process() is strata-pt's way to a process's address space.
"""

import gdb

from strata import kmem

HEADER = '  PID PSR STAT       VSZ      RSS   MINFLT COMMAND'
# enum task_state -> ps's STAT, as shell/cmd_user.c's state_name() spells it.
STATES = {'TASK_STATE_NEW': 'new', 'TASK_STATE_RUNNING': 'R'}


def processes(command='strata-ps'):
    """The struct task_struct Values on process_list, newest first; a
    GdbError naming COMMAND before process_init() has run."""
    kmem.require_setup(command, 'task_struct_cachep != 0', 'the process list',
                       'process_init', 'interrupts_init')
    tasks, task = [], kmem.value('process_list')
    while int(task) and len(tasks) < 100000:
        tasks.append(task.dereference())
        task = task['proc_next']
    return tasks


def find_process(pid, command):
    """The task_struct of process PID; GdbError (naming COMMAND) if none."""
    for task in processes(command):
        if int(task['pid']) == pid:
            return task
    raise gdb.GdbError('%s: no process %d (strata-ps lists them)' % (command, pid))


def state_name(task):
    """ps's STAT for TASK: new, R, or Z (dead, not yet freed: a zombie)."""
    state = task['state']
    for f in state.type.strip_typedefs().fields():
        if f.enumval == int(state):
            return STATES.get(f.name, 'Z')
    return 'Z'


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
        lines.append('%5d %3d %-5s %8d %8d %8d %s'
                     % (int(task['pid']), int(task['cpu']), state_name(task),
                        vsz, rss, minflt, kmem.c_string(task['comm'])))
    count = len(lines) - 1
    lines.append('%d process%s (the shell and the workers are kernel tasks, not listed)'
                 % (count, '' if count == 1 else 'es'))
    return lines


class StrataPs(gdb.Command):
    """List the user processes (as the shell's ps).

Usage: strata-ps
One line per process on kernel/process.c's list, newest first: pid, the CPU
it runs on (PSR), its state (R running, new, Z dead), VmSize and RSS in KiB,
its minor faults and its name. strata-pt PID shows a process's address
space."""

    def __init__(self):
        super().__init__('strata-ps', gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if arg.strip():
            raise gdb.GdbError('strata-ps takes no arguments')
        gdb.write('\n'.join(ps_lines()) + '\n')


def register():
    StrataPs()
