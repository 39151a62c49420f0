/*
 * lock.h - advisory file locks, the table behind fcntl(2)'s record locks
 * and flock(2) (lock.c; the calls themselves are syscall/sys_lock.c).
 *
 * Three kinds of lock, each held by an owner:
 *  - POSIX record locks (F_SETLK): byte ranges owned by a descriptor
 *    table (the process, all its threads); closing ANY descriptor of the
 *    file drops the owner's locks on it, as POSIX says;
 *  - open-file-description locks (F_OFD_SETLK): the same byte ranges,
 *    owned by the open file; dropped at its last close;
 *  - flock(2) locks: the whole file, owned by the open file.
 * POSIX and OFD locks conflict with each other (different owners);
 * flock locks only with flock locks, as on Linux. Two locks conflict when
 * their owners differ, their ranges meet and one of them is a write
 * (exclusive) lock; an owner's own locks never conflict: a new one
 * replaces what it held of the range, splitting and merging ranges.
 *
 * Invariants: an owner's POSIX/OFD ranges on one inode never overlap and
 * adjacent ranges of one type are merged; every lock's inode is held open
 * by its owner (a lock never outlives the descriptors or file that made
 * it); every change that may free a range wakes the waiters.
 */
#ifndef MINOS_FS_LOCK_H
#define MINOS_FS_LOCK_H

#include "types.h"

struct file;
struct fdtable;
struct inode;

/* Linux's F_RDLCK, F_WRLCK, F_UNLCK (include/uapi/asm-generic/fcntl.h). */
#define LOCK_READ 0
#define LOCK_WRITE 1
#define LOCK_NONE 2

#define LOCK_OFFSET_MAX ((u64)INT64_MAX) /* a range "to the end of file" ends here */

/* A byte range [start, end] of a POSIX or OFD lock request. */
struct lock_range {
	int type; /* LOCK_READ, LOCK_WRITE or LOCK_NONE */
	u64 start, end;
};

/* F_SETLK/F_SETLKW (ofd false: owned by the caller's descriptor table)
 * and F_OFD_SETLK/SETLKW (owned by f): sets, changes or removes the
 * caller's lock on r. -EAGAIN when another owner's lock stands in the way
 * and wait is false; with wait, sleeps until it is gone (-ERESTARTSYS for
 * a signal; -EDEADLK when, for POSIX locks, the other owner waits for
 * one of the caller's). -ENOLCK when memory runs out. */
int lock_set(struct file *f, bool ofd, const struct lock_range *r, bool wait);

/* F_GETLK/F_OFD_GETLK: the first lock of another owner that conflicts
 * with r, in *r (type, start, end) and *pid (the process that set it, or
 * -1 for an OFD lock); r->type = LOCK_NONE when none does. */
void lock_test(struct file *f, bool ofd, struct lock_range *r, int *pid);

/* flock(2): type LOCK_READ (LOCK_SH), LOCK_WRITE (LOCK_EX) or LOCK_NONE
 * (LOCK_UN) for the open file f; wait as lock_set's. */
int lock_flock(struct file *f, int type, bool wait);

/* A descriptor of f in table t is closing: t's POSIX locks on f's file
 * go. */
void lock_close_posix(struct file *f, struct fdtable *t);
/* f's last reference is going: its OFD and flock locks go. */
void lock_release_file(struct file *f);

/* Locks held now (for leak checks). */
u64 lock_count(void);

#endif
