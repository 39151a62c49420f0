/*
 * procfs.h - /proc: one directory per process, /proc/PID, holding `stat`
 * in the format of Linux's proc(5) (`pid (comm) state ppid pgrp session
 * ...`) and `status` (`Name:`, `Tgid:`, `Pid:`, `Threads:`...), generated
 * when read; and one per thread, /proc/PID/task/TID, with the same two
 * files (the leader's among them). Enough for ps(1).
 */
#ifndef MINOS_FS_PROCFS_H
#define MINOS_FS_PROCFS_H

#include "types.h"

struct task;
struct inode;

void procfs_init(void);
/* The system-wide files: /proc/meminfo, /proc/uptime... (proc_sys.c). */
void procfs_sys_init(void);
/* /proc/self is a symlink to the caller's /proc/PID: namei calls this for
 * every symlink it meets, before reading its target. */
void procfs_refresh_link(struct inode *ino);
void procfs_add(struct task *t);
/* t's entries: /proc/PID for a group leader, /proc/TGID/task/TID for
 * every task. */
void procfs_remove(int tgid, int pid);

/* /proc/PID/maps's text for t into buf (proc_maps.c): its length, cut
 * at a whole line when size is too small. */
long proc_maps_text(struct task *t, char *buf, u64 size);

/* A read-only file of text that show() writes afresh at every read (at
 * most max bytes; it returns the length). The caller keeps *t alive. */
struct procfs_text {
	int (*show)(char *buf, size_t size);
	size_t max;
};
/* Makes dir (one level below an existing one) if needed, then dir/name;
 * 0 or a negative errno. */
int procfs_add_text(const char *dir, const char *name, const struct procfs_text *t);

#endif
