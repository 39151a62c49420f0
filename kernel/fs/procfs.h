/*
 * procfs.h - /proc, as Linux 6.1's is for the programs that read it:
 *
 *   /proc/self            a link to the caller's /proc/PID
 *   /proc/PID/            dr-xr-xr-x, one per process (zombies included)
 *     stat status statm   text made at each read (proc(5)'s formats)
 *     maps cmdline        -r--r--r--
 *     environ             -r--------
 *     mem                 -rw-------: the address space, offset = address
 *     exe cwd root        "magic" links: readlink gives a path, following
 *                         one reaches the inode itself
 *     fd/ fdinfo/         generated when looked up or listed: one link
 *                         (one text file) per open descriptor
 *     task/TID/           the same for each thread
 *   /proc/net/..., ...    text files other subsystems add
 *
 * The directories are RAM directories made and removed with the tasks
 * (procfs.c), read-only to system calls; fd/ and fdinfo/ have lookup and
 * iterate operations (vfs.h's inode_ops) instead of entries. docs/procfs.md
 * tells the whole story.
 */
#ifndef MINOS_FS_PROCFS_H
#define MINOS_FS_PROCFS_H

#include "types.h"
#include "syscall/syscall.h"

struct task;
struct inode;
struct inode_ops;
struct file_ops;
struct file;

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

/* A directory name in dir (a /proc one) with Linux's mode bits, its
 * operations (NULL: a read-only RAM directory) and key (inode.gen_key);
 * NULL when memory runs out. */
struct inode *procfs_mkdir(struct inode *dir, const char *name, u32 mode,
			   const struct inode_ops *iops, u64 key);
/* Copies the part of text[0, len) at *pos to the reader, moving *pos. */
long procfs_read_text(const char *text, u64 len, char __user *buf, u64 count, u64 *pos);

/* The write operation of /proc's read-only files: Linux opens them for
 * writing (everyone is root) and fails each write with -EINVAL. */
long procfs_no_write(struct file *f, const char __user *buf, u64 count, u64 *pos);

/* The per-process files; their inode's `private` is the pid. */
extern const struct file_ops proc_stat_fops, proc_status_fops, proc_statm_fops,
	proc_cmdline_fops, proc_environ_fops; /* proc_pid.c */
extern const struct file_ops proc_maps_fops; /* proc_maps.c */
extern const struct file_ops proc_mem_fops;  /* proc_mem.c */
/* fd/ and fdinfo/ (gen_key: the pid), and the magic links (proc_fd.c). */
extern const struct inode_ops proc_fd_iops, proc_fdinfo_iops;
extern const struct inode_ops proc_exe_iops, proc_cwd_iops, proc_root_iops;
extern const struct file_ops proc_fdinfo_fops;
/* A path that names ino, found by searching the tree from the root (for
 * an inode nothing recorded a path for: a mapped file, a device); its
 * length, or -ENOENT. */
long procfs_path_search(struct inode *ino, char *buf, size_t size);
/* The read-only RAM directories of /proc (procfs.c). */
extern const struct inode_ops proc_dir_iops;

/* /proc/PID/maps's text for t into buf (proc_maps.c): its length, cut
 * at a whole line when size is too small. */
long proc_maps_text(struct task *t, char *buf, u64 size);

/* A read-only file of text that show() writes afresh at every read (at
 * most max bytes; it returns the length). The caller keeps *t alive. */
struct procfs_text {
	int (*show)(char *buf, size_t size);
	size_t max;
};
/* Makes dir (under /proc, each missing level) if needed, then dir/name;
 * 0 or a negative errno. */
int procfs_add_text(const char *dir, const char *name, const struct procfs_text *t);

#endif
