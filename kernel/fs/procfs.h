/*
 * procfs.h - /proc: one directory per process, /proc/PID, holding `stat`
 * in the format of Linux's proc(5) (`pid (comm) state ppid pgrp session
 * ...`), generated when it is read. Enough for ps(1).
 */
#ifndef MINOS_FS_PROCFS_H
#define MINOS_FS_PROCFS_H

struct task;

void procfs_init(void);
void procfs_add(struct task *t);
void procfs_remove(int pid);

#endif
