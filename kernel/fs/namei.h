/*
 * namei.h - the operations on names, with Linux's rules and error numbers:
 * open(2)'s lookup-or-create, mkdir, rmdir, unlink, rename, symlink, and
 * the path of a directory (getcwd). Paths are kernel strings resolved from
 * `base` when relative (vfs_lookup's rules, vfs.h); modes are final (the
 * caller applied the umask). The system calls (sys_file.c, sys_dir.c) add
 * the user copies, descriptors and the task's current directory.
 * Invariant: on failure nothing in the tree has changed.
 */
#ifndef MINOS_FS_NAMEI_H
#define MINOS_FS_NAMEI_H

#include "types.h"
#include "fs/vfs.h"
#include "syscall/syscall.h"

/* The inode open(2) opens for path and flags (O_CREAT, O_EXCL, O_TRUNC,
 * O_DIRECTORY, O_NOFOLLOW, O_PATH...), creating a regular file of `mode`
 * with O_CREAT; referenced in *out. */
int vfs_open_path(struct inode *base, const char *path, u32 flags, u32 mode, struct inode **out);
/* The same, and where the file was found or made (w may be NULL; else its
 * name buffer holds NAME_MAX + 1 bytes, and w->dir is set, referenced,
 * when the last step named the file). */
int vfs_open_path_where(struct inode *base, const char *path, u32 flags, u32 mode,
			struct inode **out, struct vfs_where *w);

int vfs_mkdir(struct inode *base, const char *path, u32 mode);
int vfs_rmdir(struct inode *base, const char *path);
int vfs_unlink(struct inode *base, const char *path);
int vfs_rename(struct inode *oldbase, const char *oldpath, struct inode *newbase,
	       const char *newpath);
int vfs_symlink(const char *target, struct inode *base, const char *path);

/* The absolute path of directory dir into buf (size bytes, NUL included);
 * returns its length, -ENOENT if dir was removed, -ENAMETOOLONG. */
long vfs_path_of(struct inode *dir, char *buf, size_t size);

/* Moves the entry oldname of olddir to newname in newdir, replacing what
 * newname named (vfs.c; the caller checked every rule of rename(2)). */
int dir_rename(struct inode *olddir, const char *oldname, size_t oldlen, struct inode *newdir,
	       const char *newname, size_t newlen);

/* For the system calls: a user path copied into a fresh PATH_MAX buffer
 * (-EFAULT, -ENAMETOOLONG, -ENOMEM), freed with putname(). An empty path
 * is -ENOENT unless allow_empty. */
int getname(const char __user *upath, bool allow_empty, char **out);
void putname(char *name);

/* Where a path given with a *at(2) directory descriptor starts: the root
 * for an absolute path, the task's current directory for AT_FDCWD, else
 * the directory open as dirfd (-EBADF, -ENOTDIR). Borrowed, not
 * referenced: valid until the task changes its descriptors or directory. */
int at_base(int dirfd, const char *path, struct inode **base);

/* The inode a *at(2) call names: path from dirfd (at_base), the last
 * symbolic link followed unless at_flags has AT_SYMLINK_NOFOLLOW; with
 * AT_EMPTY_PATH an empty path names the file open as dirfd, of any kind
 * (O_PATH included), or the current directory for AT_FDCWD. Referenced in
 * *out; *empty (when not NULL) tells whether the path was empty. */
int at_lookup(int dirfd, const char __user *upath, int at_flags, struct inode **out, bool *empty);

/* The current task's directory (the root before any task exists). */
struct inode *current_cwd(void);

#endif
