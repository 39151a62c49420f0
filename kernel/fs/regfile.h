/*
 * regfile.h - the tree's inodes as open files: regular files (page-backed,
 * vfs.c), directories (read by getdents64, never by read) and O_PATH
 * handles, plus the user-memory variants of inode_read/inode_write.
 * Invariant: a file's ops match its inode's type for the file's lifetime.
 */
#ifndef MINOS_FS_REGFILE_H
#define MINOS_FS_REGFILE_H

#include "types.h"
#include "fs/vfs.h"
#include "syscall/syscall.h"

/* The largest regular file: writes past it fail with -EFBIG (Linux's
 * tmpfs allows far more; MinOS keeps its page index small). */
#define VFS_FILE_MAX GiB(1)

/* A directory's st_size: this much per entry, "." and ".." included, as
 * tmpfs reports it (Linux mm/shmem.c, BOGO_DIRENT_SIZE). */
#define VFS_DIRENT_SIZE 20

extern const struct file_ops regfile_fops;
extern const struct file_ops dir_fops;
extern const struct file_ops path_fops; /* O_PATH: no read, no write */

/* An open file for ino (any type in the tree) with open(2)'s flags:
 * -EISDIR for a directory opened for writing, -ENXIO for an inode no
 * driver serves (a FIFO, a socket, a device without file_ops), -ENOMEM. */
int vfs_open_file(struct inode *ino, u32 flags, struct file **out);

/* inode_read/inode_write on user buffers: a fault ends the copy, giving
 * the count so far, or -EFAULT when nothing moved (vfs.c). */
long inode_read_user(struct inode *ino, char __user *buf, u64 count, u64 pos);
long inode_write_user(struct inode *ino, const char __user *buf, u64 count, u64 pos);

/* Data pages a regular file holds now (for tests and statistics). */
u64 inode_pages(const struct inode *ino);

#endif
