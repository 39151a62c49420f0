/*
 * unix_io.c - AF_UNIX data (unix.h): sending and receiving on stream,
 * datagram and seqpacket sockets, and their ancillary data: SCM_RIGHTS
 * (descriptors) and SCM_CREDENTIALS, parsed and written as Linux's
 * net/core/scm.c does.
 * Invariants: a message is in exactly one receive queue, or being read;
 * its descriptors are referenced until installed in the receiver's table
 * or dropped; a stream read never glues data across a message that carried
 * descriptors, nor (with SO_PASSCRED) across different senders.
 * Locking: dropping and draining under the kernel lock (arch/x86_64/klock.h).
 */
#include "net/unix.h"
#include "fs/file.h"
#include "mm/heap.h"
#include "mm/uaccess.h"
#include "proc/task.h"
#include "lib/string.h"
#include "errno.h"

/* What a message costs its sender beyond its payload: roughly Linux's
 * sk_buff overhead, so that many tiny messages cannot pin unbounded
 * kernel memory under a sndbuf meant for bytes. */
#define UNIX_MSG_OVERHEAD 256
/* The largest piece of a stream write queued as one message. */
#define UNIX_STREAM_CHUNK 32768
/* A datagram must fit in the send buffer less this (af_unix.c). */
#define UNIX_DGRAM_SLACK 32
/* Credentials shown when none were sent (Linux's overflow ids). */
#define UNIX_OVERFLOW_ID 65534

/* ---- messages -------------------------------------------------------- */

void unix_queue(struct unix_sock *u, struct unix_msg *msg)
{
	msg->next = NULL;
	if (u->rq_tail)
		u->rq_tail->next = msg;
	else
		u->rq_head = msg;
	u->rq_tail = msg;
	u->rq_len++;
}

static void unix_dequeue(struct unix_sock *u, struct unix_msg *msg)
{
	/* Only ever the head: queues are read in order. */
	u->rq_head = msg->next;
	if (!u->rq_head)
		u->rq_tail = NULL;
	u->rq_len--;
	unix_wake(u); /* room for senders and connectors */
}

static void files_put(struct file **files, u32 n)
{
	for (u32 i = 0; i < n; i++)
		file_put(files[i]);
	kfree(files);
}

/* Messages whose descriptors are being closed. Closing one may close a
 * socket whose queue holds more (a chain of sockets, each in flight in
 * the previous one's queue, as long as a program likes): they join this
 * list and the outermost unix_msg_free closes them one after another, so
 * the kernel stack stays flat however long the chain. */
static struct unix_msg *dropping;
static bool draining;

void unix_msg_free(struct unix_msg *msg)
{
	if (msg->sender) {
		msg->sender->wmem -= msg->charge;
		unix_wake(msg->sender);
		unix_sock_put(msg->sender);
		msg->sender = NULL;
	}
	if (!msg->files) {
		kfree(msg);
		return;
	}
	unix_gc_in_flight(-(long)msg->nfiles);
	msg->next = dropping;
	dropping = msg;
	if (draining)
		return;
	draining = true;
	while (dropping) {
		struct unix_msg *m = dropping;
		dropping = m->next;
		files_put(m->files, m->nfiles);
		kfree(m);
	}
	draining = false;
}

/* ---- ancillary data in ----------------------------------------------- */

/* What sendmsg's control messages asked for. */
struct scm {
	struct file **files; /* SCM_RIGHTS: up to SCM_MAX_FD, referenced */
	u32 nfiles;
	struct ucred cred;   /* the sender, or what SCM_CREDENTIALS claims */
};

static void scm_destroy(struct scm *scm)
{
	if (scm->files)
		files_put(scm->files, scm->nfiles);
	scm->files = NULL;
	scm->nfiles = 0;
}

static int scm_rights(struct scm *scm, const struct cmsghdr *c)
{
	const int *fds = (const int *)(c + 1);
	long num = (long)(c->cmsg_len - sizeof(*c)) / (long)sizeof(int);

	if (num <= 0)
		return 0;
	if (num > SCM_MAX_FD || scm->nfiles + num > SCM_MAX_FD)
		return -EINVAL;
	if (!scm->files) {
		scm->files = kmalloc(SCM_MAX_FD * sizeof(struct file *));
		if (!scm->files)
			return -ENOMEM;
	}
	for (long i = 0; i < num; i++) {
		struct file *f = fd_file(current_task()->files, fds[i]);
		if (!f)
			return -EBADF;
		scm->files[scm->nfiles++] = file_get(f);
	}
	return 0;
}

/* SCM_CREDENTIALS: root may claim any live process and any valid ids
 * (Linux's scm_check_creds with every capability). */
static int scm_creds(struct scm *scm, const struct cmsghdr *c)
{
	struct ucred cr;

	if (c->cmsg_len != CMSG_LEN(sizeof(cr)))
		return -EINVAL;
	memcpy(&cr, c + 1, sizeof(cr));
	if (cr.uid == (u32)-1 || cr.gid == (u32)-1)
		return -EINVAL;
	if (!task_by_pid(cr.pid))
		return -ESRCH;
	scm->cred = cr;
	return 0;
}

/* Linux's __scm_send: walks the control messages (CMSG_FIRSTHDR and
 * CMSG_NXTHDR), each of a sane length, taking SOL_SOCKET's SCM_RIGHTS and
 * SCM_CREDENTIALS and refusing any other SOL_SOCKET type. */
static int scm_send(const struct sock_msg *m, struct scm *scm)
{
	scm->cred = unix_current_cred();
	if (m->controllen == 0)
		return 0;
	u8 *buf = kmalloc(m->controllen);
	if (!buf)
		return -ENOBUFS;
	int err = get_user_bytes(buf, m->control, m->controllen);
	for (u64 off = 0; !err && m->controllen - off >= sizeof(struct cmsghdr);) {
		const struct cmsghdr *c = (const struct cmsghdr *)(buf + off);
		if (c->cmsg_len < sizeof(*c) || c->cmsg_len > m->controllen - off) {
			err = -EINVAL;
			break;
		}
		if (c->cmsg_level == SOL_SOCKET) {
			if (c->cmsg_type == SCM_RIGHTS)
				err = scm_rights(scm, c);
			else if (c->cmsg_type == SCM_CREDENTIALS)
				err = scm_creds(scm, c);
			else
				err = -EINVAL;
		}
		off += CMSG_ALIGN(c->cmsg_len);
		if (off + sizeof(struct cmsghdr) > m->controllen)
			break;
	}
	kfree(buf);
	if (err)
		scm_destroy(scm);
	return err;
}

/* A message of len payload bytes from u, charged to it. */
static struct unix_msg *msg_new(struct unix_sock *u, u32 len, struct scm *scm)
{
	struct unix_msg *msg = kmalloc(sizeof(*msg) + len);
	if (!msg)
		return NULL;
	memset(msg, 0, sizeof(*msg));
	msg->len = len;
	msg->cred = scm->cred;
	msg->charge = len + UNIX_MSG_OVERHEAD;
	msg->sender = unix_sock_get(u);
	u->wmem += msg->charge;
	return msg;
}

/* The descriptors ride on the first message only. */
static void msg_take_files(struct unix_msg *msg, struct scm *scm)
{
	unix_gc_in_flight(scm->nfiles);
	msg->files = scm->files;
	msg->nfiles = scm->nfiles;
	scm->files = NULL;
	scm->nfiles = 0;
}

/* Waits until u may queue more (Linux's sock_alloc_send_pskb): a pending
 * error or a shut sending side ends the wait. */
static int wait_for_wmem(struct socket *s, struct unix_sock *u, int flags, u64 deadline)
{
	for (;;) {
		if (u->err) {
			int e = u->err;
			u->err = 0;
			return -e;
		}
		if (u->shutdown & UNIX_SHUT_SEND)
			return -EPIPE;
		if (u->wmem < s->sndbuf)
			return 0;
		int err = unix_wait(&s->wait, flags & MSG_DONTWAIT, deadline);
		if (err)
			return err;
	}
}

/* ---- sending --------------------------------------------------------- */

static long stream_send(struct socket *s, struct sock_msg *m, int flags, struct scm *scm)
{
	struct unix_sock *u = s->sk;
	struct unix_sock *other = u->peer;
	u64 deadline = unix_deadline(s->sndtimeo_ns);
	u64 total = m->resid, sent = 0;
	long err = 0;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (m->namelen)
		return u->state == UNIX_CONNECTED ? -EISCONN : -EOPNOTSUPP;
	if (!other)
		return -ENOTCONN;
	if (u->shutdown & UNIX_SHUT_SEND)
		return -EPIPE;
	while (sent < total) {
		u32 size = (u32)MIN(total - sent, (u64)UNIX_STREAM_CHUNK);
		size = MIN(size, s->sndbuf / 2 - 64);
		if ((err = wait_for_wmem(s, u, flags, deadline)) != 0)
			break;
		struct unix_msg *msg = msg_new(u, size, scm);
		if (!msg) {
			err = -ENOMEM;
			break;
		}
		if (msg_copy_in(m, msg->data, size) < 0) {
			unix_msg_free(msg);
			err = -EFAULT;
			break;
		}
		if (other->dead || (other->shutdown & UNIX_SHUT_RCV)) {
			unix_msg_free(msg);
			err = -EPIPE;
			break;
		}
		msg_take_files(msg, scm);
		unix_queue(other, msg);
		unix_wake(other);
		sent += size;
	}
	return sent ? (long)sent : err;
}

/* A connected datagram peer has closed (Linux: ECONNREFUSED, and the
 * socket is no longer connected; what the peer had sent is dropped). */
static void dgram_peer_gone(struct unix_sock *u, struct unix_sock *other)
{
	u->peer = NULL;
	u->state = UNIX_CLOSE;
	while (u->rq_head) {
		struct unix_msg *msg = u->rq_head;
		unix_dequeue(u, msg);
		unix_msg_free(msg);
	}
	unix_sock_put(other); /* the peer reference */
}

static long dgram_send(struct socket *s, struct sock_msg *m, int flags, struct scm *scm)
{
	struct unix_sock *u = s->sk, *other = NULL;
	u64 deadline = unix_deadline(s->sndtimeo_ns);
	u64 len = m->resid;
	long err;

	if (u->type == SOCK_SEQPACKET) {
		if (u->err) {
			int e = u->err;
			u->err = 0;
			return -e;
		}
		if (u->state != UNIX_CONNECTED)
			return -ENOTCONN;
		m->namelen = 0; /* a seqpacket socket ignores the address */
	}
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (m->namelen) {
		if ((err = unix_check_addr(&m->name, m->namelen)) != 0)
			return err;
	} else {
		if (!u->peer)
			return -ENOTCONN;
		other = unix_sock_get(u->peer);
	}
	if (s->passcred && !u->addrlen && (err = unix_autobind(u)) != 0)
		goto out;
	err = -EMSGSIZE;
	if (len > s->sndbuf - UNIX_DGRAM_SLACK)
		goto out;
	if ((err = wait_for_wmem(s, u, flags, deadline)) != 0)
		goto out;
	struct unix_msg *msg = msg_new(u, (u32)len, scm);
	err = -ENOMEM;
	if (!msg)
		goto out;
	err = -EFAULT;
	if (msg_copy_in(m, msg->data, len) < 0)
		goto out_free;
	for (;;) {
		if (!other && (err = unix_find(&m->name, m->namelen, u->type, &other)) != 0)
			goto out_free;
		err = -EPERM;
		if (other->peer && other->peer != u)
			goto out_free;
		if (other->dead) {
			/* Only a connected peer can be found dead. */
			err = u->type == SOCK_SEQPACKET ? -EPIPE : -ECONNREFUSED;
			if (u->type != SOCK_SEQPACKET && u->peer == other)
				dgram_peer_gone(u, other);
			goto out_free;
		}
		err = -EPIPE;
		if (other->shutdown & UNIX_SHUT_RCV)
			goto out_free;
		if (other == u || other->peer == u || other->rq_len <= (u32)other->backlog)
			break;
		/* Its queue is full: wait for room (Linux's unix_wait_for_peer). */
		err = unix_wait(&other->peer_wait, flags & MSG_DONTWAIT, deadline);
		if (err)
			goto out_free;
	}
	msg_take_files(msg, scm);
	unix_queue(other, msg);
	unix_wake(other);
	unix_sock_put(other);
	return (long)len;
out_free:
	unix_msg_free(msg);
out:
	if (other)
		unix_sock_put(other);
	return err;
}

long unix_sendmsg(struct socket *s, struct sock_msg *m, int flags)
{
	struct unix_sock *u = s->sk;
	struct scm scm = { 0 };

	long err = scm_send(m, &scm);
	if (err)
		return err;
	if (u->type == SOCK_STREAM)
		err = stream_send(s, m, flags, &scm);
	else
		err = dgram_send(s, m, flags, &scm);
	scm_destroy(&scm);
	return err;
}

/* ---- ancillary data out ---------------------------------------------- */

/* Where recvmsg writes control messages: a cursor in the user's buffer. */
struct cmsg_out {
	u8 __user *at;
	u64 left;
};

/* Linux's put_cmsg: what does not fit is cut, with MSG_CTRUNC. */
static void put_cmsg(struct sock_msg *m, struct cmsg_out *o, int type, const void *data, u32 len)
{
	struct cmsghdr h = { .cmsg_len = CMSG_LEN(len), .cmsg_level = SOL_SOCKET, .cmsg_type = type };

	if (o->left < sizeof(h)) {
		m->flags |= MSG_CTRUNC;
		return;
	}
	if (o->left < h.cmsg_len) {
		m->flags |= MSG_CTRUNC;
		h.cmsg_len = o->left;
	}
	if (put_user_bytes(o->at, &h, sizeof(h)) ||
	    put_user_bytes(o->at + sizeof(h), data, h.cmsg_len - sizeof(h)))
		return;
	u64 adv = MIN((u64)CMSG_SPACE(len), o->left);
	o->at += adv;
	o->left -= adv;
}

/* Linux's scm_detach_fds: installs as many descriptors as the buffer has
 * room for; the rest are closed, with MSG_CTRUNC. */
static void put_fds(struct sock_msg *m, struct cmsg_out *o, struct scm *scm, int flags)
{
	struct fdtable *t = current_task()->files;
	u64 room = o->left > sizeof(struct cmsghdr) ? (o->left - sizeof(struct cmsghdr)) / sizeof(int) : 0;
	u32 max = (u32)MIN(room, (u64)scm->nfiles);
	int __user *data = (int __user *)(o->at + sizeof(struct cmsghdr));
	u32 i;

	for (i = 0; i < max; i++) {
		int fd = fd_install(t, scm->files[i], 0, flags & MSG_CMSG_CLOEXEC);
		if (fd < 0)
			break;
		if (put_user_bytes(data + i, &fd, sizeof(fd))) {
			t->fd[fd] = NULL; /* not installed after all: still ours */
			t->cloexec[fd] = 0;
			break;
		}
		scm->files[i] = NULL; /* the table holds it now */
	}
	if (i > 0) {
		struct cmsghdr h = { .cmsg_len = CMSG_LEN(i * sizeof(int)), .cmsg_level = SOL_SOCKET,
				     .cmsg_type = SCM_RIGHTS };
		if (put_user_bytes(o->at, &h, sizeof(h)) == 0) {
			u64 adv = MIN((u64)CMSG_SPACE(i * sizeof(int)), o->left);
			o->at += adv;
			o->left -= adv;
		}
	}
	if (i < scm->nfiles)
		m->flags |= MSG_CTRUNC;
	for (; i < scm->nfiles; i++)
		file_put(scm->files[i]);
	kfree(scm->files);
	scm->files = NULL;
	scm->nfiles = 0;
}

/* Linux's scm_recv: credentials (with SO_PASSCRED), then descriptors. */
static void scm_recv(struct socket *s, struct sock_msg *m, struct scm *scm, int flags)
{
	if (!m->control) {
		if (s->passcred || scm->nfiles)
			m->flags |= MSG_CTRUNC;
		scm_destroy(scm);
		return;
	}
	struct cmsg_out o = { .at = m->control, .left = m->controllen };
	if (s->passcred)
		put_cmsg(m, &o, SCM_CREDENTIALS, &scm->cred, sizeof(scm->cred));
	if (scm->nfiles)
		put_fds(m, &o, scm, flags);
	m->control_used = m->controllen - o.left;
}

/* The receiver's share of a message's descriptors: the message's own
 * references, or (MSG_PEEK) new ones. */
static int scm_take_files(struct scm *scm, struct unix_msg *msg, bool peek)
{
	if (!msg->files)
		return 0;
	if (!peek) {
		unix_gc_in_flight(-(long)msg->nfiles);
		scm->files = msg->files;
		scm->nfiles = msg->nfiles;
		msg->files = NULL;
		msg->nfiles = 0;
		return 0;
	}
	scm->files = kmalloc(SCM_MAX_FD * sizeof(struct file *));
	if (!scm->files)
		return -ENOMEM;
	for (u32 i = 0; i < msg->nfiles; i++)
		scm->files[i] = file_get(msg->files[i]);
	scm->nfiles = msg->nfiles;
	return 0;
}

/* The sender's name, as recvfrom and recvmsg report it. */
static void put_name(struct sock_msg *m, const struct unix_msg *msg)
{
	const struct unix_sock *from = msg->sender;
	if (from && from->addrlen) {
		memcpy(&m->name, &from->addr, from->addrlen);
		m->namelen = from->addrlen;
	}
}

/* ---- receiving ------------------------------------------------------- */

static bool same_cred(const struct ucred *a, const struct ucred *b)
{
	return a->pid == b->pid && a->uid == b->uid && a->gid == b->gid;
}

static long stream_recv(struct socket *s, struct sock_msg *m, int flags)
{
	struct unix_sock *u = s->sk;
	bool peek = flags & MSG_PEEK;
	u64 size = m->resid;
	u64 target = (flags & MSG_WAITALL) ? size : 1;
	u64 deadline = unix_deadline(s->rcvtimeo_ns);
	struct scm scm = { .cred = { 0, UNIX_OVERFLOW_ID, UNIX_OVERFLOW_ID } };
	bool have_cred = false, named = false;
	u64 copied = 0;
	long err = 0;

	if (u->state != UNIX_CONNECTED)
		return -EINVAL;
	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (target == 0)
		target = 1;
	struct unix_msg *msg = NULL; /* MSG_PEEK walks the queue without taking */
	for (;;) {
		if (!peek || !msg)
			msg = u->rq_head;
		if (!msg) {
			if (copied >= target)
				break;
			if (u->err) {
				err = -u->err;
				u->err = 0;
				break;
			}
			if (u->shutdown & UNIX_SHUT_RCV)
				break;
			err = unix_wait(&s->wait, flags & MSG_DONTWAIT, deadline);
			if (err == -EAGAIN)
				break;
			if (err) {
				scm_destroy(&scm);
				return copied ? (long)copied : err;
			}
			continue;
		}
		if (have_cred && s->passcred && !same_cred(&scm.cred, &msg->cred))
			break; /* never glue data from different writers */
		if (!have_cred) {
			scm.cred = msg->cred;
			have_cred = true;
		}
		u32 avail = msg->len - msg->off;
		u32 chunk = (u32)MIN((u64)avail, size - copied);
		if (msg_copy_out(m, msg->data + msg->off, chunk) < 0) {
			if (!copied)
				err = -EFAULT;
			break;
		}
		copied += chunk;
		if (!named) {
			put_name(m, msg);
			named = true;
		}
		if (!peek) {
			msg->off += chunk;
			if (msg->files && !scm.files)
				scm_take_files(&scm, msg, false);
			if (msg->off < msg->len)
				break; /* the caller's buffer is full */
			unix_dequeue(u, msg);
			unix_msg_free(msg);
			msg = NULL;
			if (scm.files)
				break;
		} else {
			if (msg->files && !scm.files)
				scm_take_files(&scm, msg, true);
			if (scm.files || chunk < avail)
				break;
			msg = msg->next;
			if (!msg)
				break;
		}
		if (copied >= size)
			break;
	}
	scm_recv(s, m, &scm, flags);
	return copied ? (long)copied : err;
}

static long dgram_recv(struct socket *s, struct sock_msg *m, int flags)
{
	struct unix_sock *u = s->sk;
	bool peek = flags & MSG_PEEK;
	bool nonblock = flags & MSG_DONTWAIT;
	u64 deadline = unix_deadline(s->rcvtimeo_ns);
	struct unix_msg *msg;
	struct scm scm = { 0 };

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	for (;;) {
		if (u->err) {
			int e = u->err;
			u->err = 0;
			return -e;
		}
		if ((msg = u->rq_head) != NULL)
			break;
		if (nonblock) {
			/* EOF for a nonblocking seqpacket socket whose peer left */
			if (u->type == SOCK_SEQPACKET && (u->shutdown & UNIX_SHUT_RCV))
				return 0;
			return -EAGAIN;
		}
		if (u->shutdown & UNIX_SHUT_RCV)
			return 0;
		if (u->type == SOCK_SEQPACKET && u->state != UNIX_CONNECTED)
			return -ENOTCONN;
		int err = unix_wait(&s->wait, false, deadline);
		if (err)
			return err;
	}
	if (!peek)
		unix_dequeue(u, msg);
	put_name(m, msg);
	u64 n = MIN(m->resid, (u64)msg->len);
	if (n < msg->len)
		m->flags |= MSG_TRUNC;
	long err = msg_copy_out(m, msg->data, n) < 0 ? -EFAULT : 0;
	if (!err) {
		scm.cred = msg->cred;
		scm_take_files(&scm, msg, peek);
		scm_recv(s, m, &scm, flags);
	}
	u32 len = msg->len;
	if (!peek)
		unix_msg_free(msg);
	if (err)
		return err;
	return (flags & MSG_TRUNC) ? (long)len : (long)n;
}

long unix_recvmsg(struct socket *s, struct sock_msg *m, int flags)
{
	struct unix_sock *u = s->sk;

	if (u->type == SOCK_STREAM)
		return stream_recv(s, m, flags);
	if (u->type == SOCK_SEQPACKET && u->state != UNIX_CONNECTED)
		return -ENOTCONN;
	return dgram_recv(s, m, flags);
}
