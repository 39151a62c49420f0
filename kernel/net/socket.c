/*
 * socket.c - the socket layer's file side (socket.h): the family table,
 * struct socket's life, the open file that wraps it (read and write as
 * recvmsg and sendmsg, poll, ioctl, close) and the payload copies.
 * Invariants: a socket belongs to exactly one file and dies with it; the
 * file's inode is S_IFSOCK with one link, so fstat answers as Linux's
 * sockfs does, and the link is dropped at release so the inode goes too.
 * Written once at boot, before other CPUs run tasks (families[]); read-only
 * after. Every socket is under the kernel lock (arch/x86_64/klock.h).
 */
#include "net/socket.h"
#include "mm/heap.h"
#include "mm/uaccess.h"
#include "proc/signal.h"
#include "uapi/fcntl.h"
#include "uapi/stat.h"
#include "lib/string.h"
#include "errno.h"

/* net.core.wmem_default and rmem_default, Linux 6.1's defaults
 * (net/core/sock.c, SK_WMEM_MAX and SK_RMEM_MAX). */
#define SOCK_DEFAULT_BUF 212992

/* ioctl(2) on any file: sets or clears O_NONBLOCK
 * (include/uapi/asm-generic/ioctls.h). */
#define FIONBIO 0x5421

static const struct net_family *families[AF_MAX];

void net_family_register(const struct net_family *f)
{
	if (f->family > AF_UNSPEC && f->family < AF_MAX)
		families[f->family] = f;
}

const struct net_family *net_family_find(int family)
{
	if (family <= AF_UNSPEC || family >= AF_MAX)
		return NULL;
	return families[family];
}

struct socket *socket_alloc(void)
{
	struct socket *s = kzalloc(sizeof(*s));
	if (!s)
		return NULL;
	s->rcvbuf = SOCK_DEFAULT_BUF;
	s->sndbuf = SOCK_DEFAULT_BUF;
	return s;
}

/* ---- payload --------------------------------------------------------- */

/* Moves len bytes between kernel memory and the iovecs, front to back. */
static long msg_copy(struct sock_msg *m, void *kbuf, u64 len, bool to_user)
{
	u8 *k = kbuf;
	u64 done = 0;

	while (done < len && m->iovlen) {
		struct iovec *v = m->iov;
		if (v->iov_len == 0) {
			m->iov++;
			m->iovlen--;
			continue;
		}
		u64 n = MIN(len - done, (u64)v->iov_len);
		u64 left = to_user ? copy_to_user(v->iov_base, k + done, n)
				   : copy_from_user(k + done, v->iov_base, n);
		if (left)
			return -EFAULT;
		v->iov_base = (u8 *)v->iov_base + n;
		v->iov_len -= n;
		m->resid -= n;
		done += n;
	}
	return (long)done;
}

long msg_copy_in(struct sock_msg *m, void *dst, u64 len)
{
	return msg_copy(m, dst, len, false);
}

long msg_copy_out(struct sock_msg *m, const void *src, u64 len)
{
	return msg_copy(m, (void *)src, len, true);
}

/* ---- the open file --------------------------------------------------- */

static const struct file_ops socket_fops;

struct socket *socket_of(struct file *f)
{
	return f && f->ops == &socket_fops ? f->private : NULL;
}

/* read(2) and write(2): one message of one buffer, as recv and send with
 * no flags (O_NONBLOCK turns into MSG_DONTWAIT). -EPIPE on a stream
 * socket raises SIGPIPE; Linux's datagram and seqpacket sockets return
 * it without a signal. */
static long socket_rw(struct file *f, char __user *buf, u64 count, bool write)
{
	struct socket *s = f->private;
	struct iovec iov = { .iov_base = buf, .iov_len = count };
	struct sock_msg m = { .iov = &iov, .iovlen = 1, .resid = count };
	int flags = (f->flags & O_NONBLOCK) ? MSG_DONTWAIT : 0;

	if (!write)
		return s->ops->recvmsg(s, &m, flags);
	long r = s->ops->sendmsg(s, &m, flags);
	if (r == -EPIPE && s->type == SOCK_STREAM)
		signal_send_current(SIGPIPE);
	return r;
}

static long socket_read(struct file *f, char __user *buf, u64 count, u64 *pos)
{
	(void)pos;
	return socket_rw(f, buf, count, false);
}

static long socket_write(struct file *f, const char __user *buf, u64 count, u64 *pos)
{
	(void)pos;
	return socket_rw(f, (char __user *)buf, count, true);
}

static int socket_poll(struct file *f)
{
	struct socket *s = f->private;
	return s->ops->poll ? s->ops->poll(s) : 0;
}

static struct poll_source *socket_poll_source(struct file *f)
{
	struct socket *s = f->private;
	return &s->poll;
}

static long socket_ioctl(struct file *f, u32 cmd, u64 arg)
{
	struct socket *s = f->private;

	if (cmd == FIONBIO) {
		int on;
		if (get_user_bytes(&on, (const void *)arg, sizeof(on)))
			return -EFAULT;
		f->flags = on ? f->flags | O_NONBLOCK : f->flags & ~(u32)O_NONBLOCK;
		return 0;
	}
	return s->ops->ioctl ? s->ops->ioctl(s, cmd, arg) : -ENOTTY;
}

static void socket_release(struct file *f)
{
	struct socket *s = f->private;

	if (s->ops && s->ops->release)
		s->ops->release(s);
	poll_notify(&s->poll);
	kfree(s);
	if (f->inode)
		f->inode->nlink = 0; /* file_put's inode_put frees it */
}

static const struct file_ops socket_fops = {
	.read = socket_read,
	.write = socket_write,
	.ioctl = socket_ioctl,
	.poll = socket_poll,
	.poll_source = socket_poll_source,
	.release = socket_release,
	.seekable = false,
};

/* Sockets' permission bits: everyone may (Linux's sock_alloc). */
#define SOCK_INODE_MODE (S_IFSOCK | 0777)

struct file *socket_file(struct socket *s, u32 flags)
{
	struct inode *ino = inode_new(SOCK_INODE_MODE);
	if (!ino)
		return NULL;
	ino->nlink = 1; /* as sockfs shows it; dropped at release */
	inode_get(ino); /* held while the file is made */
	struct file *f = file_open_inode(ino, O_RDWR | (flags & O_NONBLOCK), &socket_fops);
	if (!f) {
		ino->nlink = 0;
		inode_put(ino); /* frees it */
		return NULL;
	}
	inode_put(ino);
	f->private = s;
	s->file = f;
	return f;
}
