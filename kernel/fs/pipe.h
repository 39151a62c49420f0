/*
 * pipe.h - pipes: a bounded buffer between a read end and a write end,
 * with Linux's semantics (pipe(7)): 65536 bytes of capacity; writes of up
 * to PIPE_BUF bytes are atomic; a read of an empty pipe waits while a
 * writer exists and returns 0 (end of file) once none is left; a write
 * with no reader left fails with -EPIPE and SIGPIPE; O_NONBLOCK turns
 * waiting into -EAGAIN.
 */
#ifndef MINOS_FS_PIPE_H
#define MINOS_FS_PIPE_H

#include "types.h"

#define PIPE_CAPACITY 65536
#define PIPE_BUF 4096

struct file;
struct inode;

/* Makes a pipe: ends[0] reads, ends[1] writes; flags may hold O_NONBLOCK. */
int pipe_create(struct file *ends[2], u32 flags);
/* Another end of the pipe behind ino (an open of /proc/PID/fd/N): a read
 * end, a write end, or both for O_RDWR, as Linux's FIFO open; -ENXIO when
 * the pipe is gone. */
int pipe_open_inode(struct inode *ino, u32 flags, struct file **out);

#endif
