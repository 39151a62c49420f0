/*
 * dirent.h - getdents64(2), as glibc declares it: the raw call, filling buf
 * with struct linux_dirent64 records (Linux's layout, shared with the
 * kernel); walk them by d_reclen. Returns the bytes filled, 0 at the end of
 * the directory, or -1 and errno. There is no opendir/readdir.
 */
#ifndef MINC_DIRENT_H
#define MINC_DIRENT_H

#include <sys/types.h>

#include <uapi/dirent.h>

ssize_t getdents64(int fd, void *buf, size_t count);

#endif
