/*
 * proc_sys.h - what the system-wide /proc files (proc_sys.c,
 * proc_cpuinfo.c) share with each other and with statfs(2).
 * Invariant: a proc_text never holds more than size - 1 bytes and is
 * always NUL-terminated; a line that does not fit is cut, never overrun.
 */
#ifndef MINOS_FS_PROC_SYS_H
#define MINOS_FS_PROC_SYS_H

#include "types.h"

struct inode;

/* A text being written into a show() buffer. */
struct proc_text {
	char *buf;
	size_t size, len;
};
__printf(2, 3) void proc_printf(struct proc_text *t, const char *fmt, ...);

/* /proc/cpuinfo's text (proc_cpuinfo.c); proc_cpuinfo_init() reads
 * CPUID and the microcode revision once, at boot. */
void proc_cpuinfo_init(void);
int proc_cpuinfo_show(char *buf, size_t size);

/* /proc/PID/mounts: the mount table, the same for every process. */
extern const struct file_ops proc_mounts_fops;

/* True when ino is a file or directory of /proc, for statfs(2). */
bool procfs_holds(const struct inode *ino);

#endif
