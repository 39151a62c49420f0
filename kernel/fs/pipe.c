/*
 * pipe.c - pipes (pipe.h). The buffer is a ring of PIPE_CAPACITY bytes.
 * Data crosses to and from user memory in chunks of at most a page, the
 * unit Linux's pipes work in: a chunk that cannot be copied whole is not
 * written (or, for a read, stays in the pipe), and the call returns what
 * earlier chunks moved, or -EFAULT.
 * Readiness (fs/poll.h): each end has a poll_source, notified when its
 * poll answer may change: the read end when data comes in, the write end
 * when a read makes room where there was less than PIPE_BUF (Linux wakes
 * writers only when the pipe was full), both when an end closes.
 * Invariant: 0 <= count <= PIPE_CAPACITY; the pipe is freed when both
 * ends are closed. Its inode's `private` points at it while it lives, so
 * that open("/proc/PID/fd/N") can open another end (pipe_open_inode).
 * Locking: every pipe, and the scratch chunk[], under the kernel lock
 * (arch/x86_64/klock.h); chunk is filled and copied out with no sleep
 * between.
 */
#include "fs/pipe.h"
#include "fs/file.h"
#include "mm/heap.h"
#include "mm/uaccess.h"
#include "proc/task.h"
#include "proc/signal.h"
#include "proc/wait.h"
#include "fs/poll.h"
#include "uapi/fcntl.h"
#include "uapi/misc.h"
#include "lib/string.h"
#include "errno.h"

struct pipe {
	u8 *buf;
	u32 head;  /* next byte to read */
	u32 count; /* bytes in the buffer */
	u32 readers, writers;
	struct wait_queue readable, writable;
	struct poll_source read_end, write_end;
};

static u8 chunk[PIPE_BUF];

static u32 space(const struct pipe *p) { return PIPE_CAPACITY - p->count; }

/* Copies the first n buffered bytes out without consuming them. */
static void ring_peek(const struct pipe *p, u8 *dst, u32 n)
{
	u32 first = MIN(n, PIPE_CAPACITY - p->head);
	memcpy(dst, p->buf + p->head, first);
	memcpy(dst + first, p->buf, n - first);
}

static void ring_consume(struct pipe *p, u32 n)
{
	p->head = (p->head + n) % PIPE_CAPACITY;
	p->count -= n;
}

static void ring_put(struct pipe *p, const u8 *src, u32 n)
{
	u32 tail = (p->head + p->count) % PIPE_CAPACITY;
	u32 first = MIN(n, PIPE_CAPACITY - tail);
	memcpy(p->buf + tail, src, first);
	memcpy(p->buf, src + first, n - first);
	p->count += n;
}

static long pipe_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	struct pipe *p = f->private;
	(void)pos;

	while (p->count == 0) {
		if (p->writers == 0)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (signal_pending())
			return -ERESTARTSYS;
		wait_sleep(&p->readable);
	}
	long done = 0;
	bool was_short = space(p) < PIPE_BUF; /* the write end not ready */
	while ((u64)done < count && p->count) {
		u32 n = (u32)MIN(MIN(count - (u64)done, (u64)p->count), (u64)PIPE_BUF);
		ring_peek(p, chunk, n);
		/* A chunk that cannot be copied whole stays in the pipe, and the
		 * read returns what earlier chunks gave, or -EFAULT (Linux's
		 * pipe_read()). */
		if (copy_to_user(buf + done, chunk, n))
			break;
		ring_consume(p, n);
		done += n;
	}
	wake_up(&p->writable);
	if (done && was_short)
		poll_notify(&p->write_end);
	return done ? done : -EFAULT;
}


/* write(2) on a pipe. */
static long pipe_write(struct file *f, const char __user *buf, u64 count, u64 *pos)
{
	struct pipe *p = f->private;
	long done = 0;

	(void)pos;
	while ((u64)done < count) {
		if (p->readers == 0) {
			/* SIGPIPE ends the writer by default; one that ignores
			 * or blocks it gets -EPIPE (or what it wrote so far). */
			signal_send_current(SIGPIPE);
			return done ? done : -EPIPE;
		}
		u64 want = MIN(count - (u64)done, (u64)PIPE_BUF);
		/* A write of at most PIPE_BUF bytes goes in whole or waits. */
		u64 need = count <= PIPE_BUF ? want : 1;
		if (space(p) < need) {
			if (f->flags & O_NONBLOCK)
				return done ? done : -EAGAIN;
			if (signal_pending())
				return done ? done : -ERESTARTSYS;
			wait_sleep(&p->writable);
			continue;
		}
		u32 n = (u32)MIN(want, (u64)space(p));
		if (copy_from_user(chunk, buf + done, n))
			return done ? done : -EFAULT;
		ring_put(p, chunk, n);
		done += n;
		wake_up(&p->readable);
		poll_notify(&p->read_end);
	}
	return done;
}

static int pipe_poll(struct file *f)
{
	struct pipe *p = f->private;
	int events = 0;

	if ((f->flags & O_ACCMODE) == O_RDONLY) {
		if (p->count)
			events |= POLLIN | POLLRDNORM;
		if (p->writers == 0)
			events |= POLLHUP;
	} else {
		if (space(p) >= PIPE_BUF)
			events |= POLLOUT | POLLWRNORM;
		if (p->readers == 0)
			events |= POLLERR;
	}
	return events;
}

static struct poll_source *pipe_poll_source(struct file *f)
{
	struct pipe *p = f->private;
	return (f->flags & O_ACCMODE) == O_RDONLY ? &p->read_end : &p->write_end;
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->private;

	u32 acc = f->flags & O_ACCMODE;
	if (acc != O_WRONLY)
		p->readers--;
	if (acc != O_RDONLY)
		p->writers--;
	wake_up(&p->readable);
	wake_up(&p->writable);
	poll_notify(&p->read_end);
	poll_notify(&p->write_end);
	if (p->readers == 0 && p->writers == 0) {
		if (f->inode)
			f->inode->private = NULL;
		kfree(p->buf);
		kfree(p);
	}
}

static const struct file_ops pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.poll_source = pipe_poll_source,
	.release = pipe_release,
	.seekable = false,
};

int pipe_create(struct file *ends[2], u32 flags)
{
	struct pipe *p = kzalloc(sizeof(*p));
	struct inode *ino = inode_new(S_IFIFO | 0600);
	if (p)
		p->buf = kmalloc(PIPE_CAPACITY);
	if (!p || !p->buf || !ino)
		goto fail;
	inode_get(ino); /* held while the ends are made */
	ends[0] = file_open_inode(ino, O_RDONLY | (flags & O_NONBLOCK), &pipe_fops);
	ends[1] = file_open_inode(ino, O_WRONLY | (flags & O_NONBLOCK), &pipe_fops);
	inode_put(ino);
	if (!ends[0] || !ends[1]) {
		/* Without its private data a half-made end needs no release. */
		if (ends[0]) {
			ends[0]->ops = NULL;
			file_put(ends[0]);
		}
		if (ends[1]) {
			ends[1]->ops = NULL;
			file_put(ends[1]);
		}
		kfree(p->buf);
		kfree(p);
		return -ENOMEM;
	}
	ends[0]->private = ends[1]->private = p;
	p->readers = p->writers = 1;
	ino->private = p;
	return 0;
fail:
	if (p)
		kfree(p->buf);
	kfree(p);
	if (ino) {
		inode_get(ino);
		inode_put(ino);
	}
	return -ENOMEM;
}

int pipe_open_inode(struct inode *ino, u32 flags, struct file **out)
{
	struct pipe *p = ino->private;
	if (!p)
		return -ENXIO; /* no pipe behind it any more */
	struct file *f = file_open_inode(ino, flags, &pipe_fops);
	if (!f)
		return -ENOMEM;
	f->private = p;
	u32 acc = flags & O_ACCMODE;
	if (acc != O_WRONLY)
		p->readers++;
	if (acc != O_RDONLY)
		p->writers++;
	*out = f;
	return 0;
}
