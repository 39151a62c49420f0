/*
 * procfs.h - /proc: one directory per process, /proc/PID, holding `stat`
 * in the format of Linux's proc(5) (`pid (comm) state ppid pgrp session
 * ...`), generated when it is read. Enough for ps(1).
 */
#ifndef MINOS_FS_PROCFS_H
#define MINOS_FS_PROCFS_H

#include "types.h"

struct task;

void procfs_init(void);
void procfs_add(struct task *t);
void procfs_remove(int pid);

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
