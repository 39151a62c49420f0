/*
 * sys_process.c - the process calls: exit(2), exit_group(2), getpid(2).
 * With one thread per process, exit and exit_group are the same: the low
 * 8 bits of the status become the exit code, as on Linux.
 */
#include "syscall/syscall.h"
#include "proc/task.h"

long sys_exit(int status) { task_exit(status); }

long sys_exit_group(int status) { task_exit(status); }

long sys_getpid(void) { return current_task()->pid; }
