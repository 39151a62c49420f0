/*
 * sys_ids.c - who the caller is: getuid(2), geteuid(2), getgid(2),
 * getegid(2) and set_tid_address(2). MinOS has no users: every task runs
 * as root, uid and gid 0, real and effective alike. None of these fail.
 */
#include "syscall/syscall.h"
#include "proc/task.h"

#define ROOT_ID 0

long sys_getuid(void) { return ROOT_ID; }

long sys_geteuid(void) { return ROOT_ID; }

long sys_getgid(void) { return ROOT_ID; }

long sys_getegid(void) { return ROOT_ID; }

/* Remembers where the thread's id lives (C libraries pass their thread
 * block's tid field) and returns the caller's thread id, which is its pid
 * with one thread per process. The pointer is not checked, as on Linux,
 * which uses it only when the thread exits (to clear the id and wake a
 * futex) and ignores a bad address then. MinOS only keeps it: with no
 * threads and no futexes, no one waits on it yet. */
long sys_set_tid_address(int __user *tidptr)
{
	struct task *t = current_task();

	t->clear_child_tid = (u64)tidptr;
	return t->pid;
}
