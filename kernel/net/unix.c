/*
 * unix.c - AF_UNIX sockets (unix.h): creation, names (a path's S_IFSOCK
 * node, an abstract name, an automatic one), listen, connect, accept,
 * socketpair, shutdown, close, poll, SO_PEERCRED and FIONREAD, with
 * Linux's rules and errors (net/unix/af_unix.c is the reference read).
 * Invariants: a node's inode->private points at the live socket bound to
 * it, and is cleared when that socket closes; the abstract list holds
 * only live sockets; a listening socket's queue holds only connections.
 * Locking: abstract_names, autobind_next and every socket under the kernel
 * lock (arch/x86_64/klock.h).
 */
#include "net/unix.h"
#include "fs/namei.h"
#include "fs/file.h"
#include "mm/heap.h"
#include "mm/uaccess.h"
#include "proc/task.h"
#include "time/clock.h"
#include "uapi/fcntl.h"
#include "lib/string.h"
#include "errno.h"

#define PF_UNIX AF_UNIX
/* net.unix.max_dgram_qlen: a datagram socket's queue limit (Linux 6.1). */
#define UNIX_MAX_DGRAM_QLEN 10
/* Where sun_path starts (offsetof(struct sockaddr_un, sun_path)). */
#define UNIX_PATH_OFF 2
/* Automatic names: "\0" and five hex digits (Linux's unix_autobind). */
#define UNIX_AUTOBIND_LEN (UNIX_PATH_OFF + 6)

/* poll bits beyond uapi/misc.h (include/uapi/asm-generic/poll.h). */
#define POLLWRBAND 0x0200
#define POLLRDHUP 0x2000
/* ioctl(2) requests (include/uapi/linux/sockios.h): unread bytes, and
 * bytes sent but not yet read. */
#define SIOCINQ 0x541B
#define SIOCOUTQ 0x5411

/* Everyone is root in MinOS (sys_ids.c). */
#define UNIX_ROOT_ID 0

static struct unix_sock *abstract_names;
static u32 autobind_next;
static const struct proto_ops unix_ops;

/* ---- lifetime -------------------------------------------------------- */

static struct unix_sock *unix_sock_new(int type)
{
	struct unix_sock *u = kzalloc(sizeof(*u));
	if (!u)
		return NULL;
	u->type = type;
	u->refs = 1;
	u->backlog = UNIX_MAX_DGRAM_QLEN;
	unix_gc_track(u);
	return u;
}

struct unix_sock *unix_sock_get(struct unix_sock *u)
{
	u->refs++;
	return u;
}

void unix_sock_put(struct unix_sock *u)
{
	if (--u->refs)
		return;
	unix_gc_untrack(u);
	kfree(u);
}

void unix_wake(struct unix_sock *u)
{
	wake_up(&u->peer_wait);
	if (u->sock) {
		wake_up(&u->sock->wait);
		poll_notify(&u->sock->poll);
	}
}

struct ucred unix_current_cred(void)
{
	struct ucred c = { .pid = current_task()->pid, .uid = UNIX_ROOT_ID, .gid = UNIX_ROOT_ID };
	return c;
}

u64 unix_deadline(u64 timeo_ns)
{
	if (!timeo_ns)
		return 0;
	struct timespec now = clock_monotonic();
	return (u64)now.tv_sec * 1000000000ULL + (u64)now.tv_nsec + timeo_ns;
}

int unix_wait(struct wait_queue *wq, bool nonblock, u64 deadline_ns)
{
	if (nonblock)
		return -EAGAIN;
	if (signal_pending())
		return deadline_ns ? -EINTR : -ERESTARTSYS;
	if (deadline_ns) {
		struct timespec now = clock_monotonic();
		if ((u64)now.tv_sec * 1000000000ULL + (u64)now.tv_nsec >= deadline_ns)
			return -EAGAIN;
		wait_sleep(&tick_queue); /* re-checked every tick */
	} else {
		wait_sleep(wq);
	}
	return 0;
}

/* ---- names ----------------------------------------------------------- */

int unix_check_addr(const struct sockaddr_storage *addr, u32 len)
{
	if (len <= UNIX_PATH_OFF || len > sizeof(struct sockaddr_un))
		return -EINVAL;
	if (addr->ss_family != AF_UNIX)
		return -EINVAL;
	return 0;
}

/* A path name ends at its first NUL or at len; Linux stores it with the
 * NUL counted (unix_mkname_bsd), so getsockname reports strlen + 3. */
static u32 unix_path_len(struct sockaddr_storage *addr, u32 len)
{
	char *b = (char *)addr;
	b[len] = 0; /* sockaddr_storage has room past sockaddr_un */
	return (u32)strlen(b + UNIX_PATH_OFF) + UNIX_PATH_OFF + 1;
}

static struct unix_sock *abstract_find(const struct sockaddr_storage *addr, u32 len)
{
	for (struct unix_sock *u = abstract_names; u; u = u->next_abstract)
		if (u->addrlen == len && !memcmp(&u->addr, addr, len))
			return u;
	return NULL;
}

static void abstract_add(struct unix_sock *u)
{
	u->next_abstract = abstract_names;
	abstract_names = u;
}

static void abstract_remove(struct unix_sock *u)
{
	for (struct unix_sock **p = &abstract_names; *p; p = &(*p)->next_abstract) {
		if (*p == u) {
			*p = u->next_abstract;
			return;
		}
	}
}

int unix_autobind(struct unix_sock *u)
{
	struct sockaddr_storage a;
	static const char hex[] = "0123456789abcdef";

	if (u->addrlen)
		return 0;
	for (u32 tries = 0; tries < 0x100000; tries++) {
		u32 n = autobind_next++ & 0xfffff;
		memset(&a, 0, sizeof(a));
		a.ss_family = AF_UNIX;
		char *p = (char *)&a + UNIX_PATH_OFF;
		for (int i = 5; i >= 1; i--, n >>= 4)
			p[i] = hex[n & 0xf];
		if (!abstract_find(&a, UNIX_AUTOBIND_LEN)) {
			u->addr = a;
			u->addrlen = UNIX_AUTOBIND_LEN;
			abstract_add(u);
			return 0;
		}
	}
	return -ENOSPC;
}

/* bind(2) to a path: a new S_IFSOCK node with the umask applied;
 * -EADDRINUSE when the name exists (Linux maps mknod's -EEXIST). */
static int bind_path(struct unix_sock *u, struct sockaddr_storage *addr, u32 len)
{
	struct inode *dir, *ino;
	const char *name;
	size_t nlen;
	const char *path = (const char *)addr + UNIX_PATH_OFF;

	int err = vfs_lookup_parent(current_cwd(), path, &dir, &name, &nlen);
	if (err)
		return err;
	if (nlen == 0 || dir_lookup(dir, name, nlen, &ino) == 0) {
		inode_put(dir);
		return -EADDRINUSE;
	}
	if (u->addrlen) {
		inode_put(dir);
		return -EINVAL;
	}
	ino = inode_new(S_IFSOCK | (0777 & ~current_task()->umask));
	if (!ino) {
		inode_put(dir);
		return -ENOMEM;
	}
	inode_get(ino);
	err = dir_link(dir, name, nlen, ino);
	inode_put(dir);
	if (err) {
		inode_put(ino); /* frees it */
		return err == -EEXIST ? -EADDRINUSE : err;
	}
	ino->private = u;
	u->node = ino; /* the reference taken above */
	u->addr = *addr;
	u->addrlen = len;
	return 0;
}

static int unix_bind(struct socket *s, const struct sockaddr_storage *uaddr, u32 len)
{
	struct unix_sock *u = s->sk;
	struct sockaddr_storage a = *uaddr;

	if (len == UNIX_PATH_OFF && a.ss_family == AF_UNIX)
		return unix_autobind(u);
	int err = unix_check_addr(&a, len);
	if (err)
		return err;
	if (((char *)&a)[UNIX_PATH_OFF])
		return bind_path(u, &a, unix_path_len(&a, len));
	if (u->addrlen)
		return -EINVAL;
	if (abstract_find(&a, len))
		return -EADDRINUSE;
	u->addr = a;
	u->addrlen = len;
	abstract_add(u);
	return 0;
}

int unix_find(const struct sockaddr_storage *addr, u32 len, int type, struct unix_sock **out)
{
	struct unix_sock *u;

	if (((const char *)addr)[UNIX_PATH_OFF]) {
		struct sockaddr_storage a = *addr;
		struct inode *ino;
		unix_path_len(&a, len); /* terminates the path */
		int err = vfs_lookup(current_cwd(), (const char *)&a + UNIX_PATH_OFF, LOOKUP_FOLLOW,
				     &ino);
		if (err)
			return err;
		u = (ino->mode & S_IFMT) == S_IFSOCK && !ino->fops ? ino->private : NULL;
		if (u && u->node != ino)
			u = NULL;
		inode_put(ino);
	} else {
		u = abstract_find(addr, len);
	}
	if (!u)
		return -ECONNREFUSED;
	if (u->type != type)
		return -EPROTOTYPE;
	*out = unix_sock_get(u);
	return 0;
}

static int unix_getname(struct socket *s, struct sockaddr_storage *addr, int peer)
{
	struct unix_sock *u = s->sk;

	if (peer) {
		u = u->peer;
		if (!u)
			return -ENOTCONN;
	}
	if (!u->addrlen) {
		memset(addr, 0, sizeof(*addr));
		addr->ss_family = AF_UNIX;
		return UNIX_PATH_OFF;
	}
	memcpy(addr, &u->addr, u->addrlen);
	return (int)u->addrlen;
}

/* ---- connections ----------------------------------------------------- */

static bool connection_based(const struct unix_sock *u)
{
	return u->type == SOCK_STREAM || u->type == SOCK_SEQPACKET;
}

static int unix_listen(struct socket *s, int backlog)
{
	struct unix_sock *u = s->sk;

	if (!connection_based(u))
		return -EOPNOTSUPP;
	if (!u->addrlen)
		return -EINVAL; /* no listening without a name */
	if (u->state != UNIX_CLOSE && u->state != UNIX_LISTEN)
		return -EINVAL;
	u->backlog = backlog;
	u->state = UNIX_LISTEN;
	u->cred = unix_current_cred();
	s->acceptconn = true;
	unix_wake(u); /* a bigger backlog may let connectors in */
	return 0;
}

/* A queue holds more than the backlog (Linux's unix_recvq_full). */
static bool queue_full(const struct unix_sock *u)
{
	return u->rq_len > (u32)u->backlog;
}

static int stream_connect(struct socket *s, const struct sockaddr_storage *addr, u32 len,
			  u32 flags)
{
	struct unix_sock *u = s->sk, *other;
	u64 deadline = unix_deadline(s->sndtimeo_ns);

	int err = unix_check_addr(addr, len);
	if (err)
		return err;
	if (s->passcred && !u->addrlen && (err = unix_autobind(u)) != 0)
		return err;
	for (;;) {
		err = unix_find(addr, len, u->type, &other);
		if (err)
			return err;
		if (other->state != UNIX_LISTEN || (other->shutdown & UNIX_SHUT_RCV)) {
			unix_sock_put(other);
			return -ECONNREFUSED;
		}
		if (!queue_full(other))
			break;
		err = unix_wait(&other->peer_wait, flags & O_NONBLOCK, deadline);
		unix_sock_put(other);
		if (err)
			return err;
	}
	if (u->state != UNIX_CLOSE) {
		unix_sock_put(other);
		return u->state == UNIX_CONNECTED ? -EISCONN : -EINVAL;
	}
	struct unix_sock *n = unix_sock_new(u->type);
	struct unix_msg *msg = kzalloc(sizeof(*msg));
	if (!n || !msg) {
		kfree(n);
		kfree(msg);
		unix_sock_put(other);
		return -ENOMEM;
	}
	/* The server's end: named as the listener, knowing who connected. */
	n->state = UNIX_CONNECTED;
	n->peer = unix_sock_get(u);
	n->addr = other->addr;
	n->addrlen = other->addrlen;
	n->peercred = unix_current_cred();
	n->has_peercred = true;
	u->state = UNIX_CONNECTED;
	u->peer = unix_sock_get(n);
	u->peercred = other->cred;
	u->has_peercred = true;
	msg->conn = n;
	unix_queue(other, msg);
	unix_wake(other);
	unix_wake(u);
	unix_sock_put(other);
	return 0;
}

/* Drops every message queued on u (a connection: closed unaccepted). */
static void unix_release_sock(struct unix_sock *u, bool embryo);

void unix_msg_drop(struct unix_msg *msg)
{
	if (msg->conn)
		unix_release_sock(msg->conn, true);
	unix_msg_free(msg);
}

static void queue_purge(struct unix_sock *u)
{
	while (u->rq_head) {
		struct unix_msg *msg = u->rq_head;
		u->rq_head = msg->next;
		unix_msg_drop(msg);
	}
	u->rq_tail = NULL;
	u->rq_len = 0;
}

static int dgram_connect(struct socket *s, const struct sockaddr_storage *addr, u32 len)
{
	struct unix_sock *u = s->sk, *other = NULL;

	if (len < sizeof(sa_family_t))
		return -EINVAL;
	if (addr->ss_family != AF_UNSPEC) {
		int err = unix_check_addr(addr, len);
		if (err)
			return err;
		if (s->passcred && !u->addrlen && (err = unix_autobind(u)) != 0)
			return err;
		err = unix_find(addr, len, u->type, &other);
		if (err)
			return err;
		if (other->peer && other->peer != u) {
			unix_sock_put(other);
			return -EPERM; /* it talks only to its own peer */
		}
		u->state = UNIX_CONNECTED;
		other->state = UNIX_CONNECTED;
	}
	struct unix_sock *old = u->peer;
	u->peer = other;
	if (!other)
		u->state = UNIX_CLOSE;
	if (old) {
		if (old != other && u->rq_head) {
			/* Leaving a peer loses what it sent (Linux's
			 * unix_dgram_disconnected); a peer talking back hears
			 * of it. */
			queue_purge(u);
			unix_wake(u);
			if (!old->dead && old->peer == u) {
				old->err = ECONNRESET;
				unix_wake(old);
			}
		}
		unix_sock_put(old);
	}
	unix_wake(u);
	return 0;
}

static int unix_connect(struct socket *s, const struct sockaddr_storage *addr, u32 len, u32 flags)
{
	struct unix_sock *u = s->sk;
	if (connection_based(u))
		return stream_connect(s, addr, len, flags);
	return dgram_connect(s, addr, len);
}

static int unix_accept(struct socket *s, struct socket *n, u32 flags)
{
	struct unix_sock *u = s->sk;
	u64 deadline = unix_deadline(s->rcvtimeo_ns);

	if (!connection_based(u))
		return -EOPNOTSUPP;
	if (u->state != UNIX_LISTEN)
		return -EINVAL;
	while (!u->rq_head) {
		if (u->err) {
			int e = u->err;
			u->err = 0;
			return -e;
		}
		if (u->shutdown & UNIX_SHUT_RCV)
			return -EINVAL;
		int err = unix_wait(&s->wait, flags & O_NONBLOCK, deadline);
		if (err)
			return err;
	}
	struct unix_msg *msg = u->rq_head;
	u->rq_head = msg->next;
	if (!u->rq_head)
		u->rq_tail = NULL;
	u->rq_len--;
	struct unix_sock *c = msg->conn;
	msg->conn = NULL;
	unix_msg_free(msg);
	c->sock = n;
	n->sk = c;
	n->passcred = s->passcred;
	unix_wake(u); /* room for one more connector */
	return 0;
}

static int unix_pair(struct socket *a, struct socket *b)
{
	struct unix_sock *ua = a->sk, *ub = b->sk;

	ua->peer = unix_sock_get(ub);
	ub->peer = unix_sock_get(ua);
	ua->peercred = ub->peercred = unix_current_cred();
	ua->has_peercred = ub->has_peercred = true;
	if (connection_based(ua))
		ua->state = ub->state = UNIX_CONNECTED;
	return 0;
}

static int unix_shutdown(struct socket *s, int how)
{
	struct unix_sock *u = s->sk;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	u8 mode = (u8)(how + 1); /* SHUT_RD -> RCV, SHUT_WR -> SEND, both */
	u->shutdown |= mode;
	struct unix_sock *p = u->peer;
	if (p && connection_based(u)) {
		u8 pm = 0;
		if (mode & UNIX_SHUT_RCV)
			pm |= UNIX_SHUT_SEND;
		if (mode & UNIX_SHUT_SEND)
			pm |= UNIX_SHUT_RCV;
		p->shutdown |= pm;
		unix_wake(p);
	}
	unix_wake(u);
	return 0;
}

/* Closing: the name goes, a connected peer sees both directions shut
 * (and ECONNRESET if data was left unread, or the connection was never
 * accepted), queued messages and connections are dropped. */
static void unix_release_sock(struct unix_sock *u, bool embryo)
{
	u->sock = NULL;
	u->dead = true;
	u->state = UNIX_CLOSE;
	u->shutdown = UNIX_SHUT_BOTH;
	if (u->node) {
		u->node->private = NULL;
		inode_put(u->node);
		u->node = NULL;
	} else if (u->addrlen) {
		abstract_remove(u);
	}
	struct unix_sock *p = u->peer;
	if (p) {
		if (connection_based(u)) {
			p->shutdown = UNIX_SHUT_BOTH;
			if (u->rq_head || embryo)
				p->err = ECONNRESET;
		}
		u->peer = NULL;
		unix_wake(p);
		unix_sock_put(p);
	}
	queue_purge(u);
	unix_wake(u);
	unix_sock_put(u);
}

static void unix_release(struct socket *s)
{
	if (s->sk)
		unix_release_sock(s->sk, false);
	s->sk = NULL;
	unix_gc(); /* what only this socket kept reachable may be garbage now */
}

/* ---- readiness, options, ioctl --------------------------------------- */

static bool unix_writable(const struct unix_sock *u)
{
	return u->state != UNIX_LISTEN && u->sock && (u->wmem << 2) <= u->sock->sndbuf;
}

static int unix_poll(struct socket *s)
{
	struct unix_sock *u = s->sk;
	int mask = 0;

	if (u->err)
		mask |= POLLERR;
	if (u->shutdown == UNIX_SHUT_BOTH)
		mask |= POLLHUP;
	if (u->shutdown & UNIX_SHUT_RCV)
		mask |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (u->rq_head)
		mask |= POLLIN | POLLRDNORM;
	if (u->type == SOCK_STREAM) {
		if (u->state == UNIX_CLOSE)
			mask |= POLLHUP;
		if (unix_writable(u))
			mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
		return mask;
	}
	/* Datagram and seqpacket (Linux's unix_dgram_poll). */
	if (u->type == SOCK_SEQPACKET && u->state == UNIX_CLOSE)
		mask |= POLLHUP;
	bool writable = unix_writable(u);
	struct unix_sock *p = u->peer;
	if (writable && p && p->peer != u && queue_full(p))
		writable = false;
	if (writable)
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	return mask;
}

/* An int-sized option's value, truncated to the caller's length as
 * Linux's sk_getsockopt does. */
static int put_opt(void __user *val, u32 __user *ulen, const void *v, u32 size)
{
	int len;
	if (get_user_bytes(&len, ulen, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if ((u32)len > size)
		len = (int)size;
	if (put_user_bytes(val, v, (u64)len))
		return -EFAULT;
	return put_user_bytes(ulen, &len, sizeof(len));
}

static int unix_getsockopt(struct socket *s, int level, int name, void __user *val,
			   u32 __user *len)
{
	struct unix_sock *u = s->sk;

	if (level != SOL_SOCKET)
		return -EOPNOTSUPP; /* AF_UNIX has no options of its own */
	if (name == SO_PEERCRED && u->has_peercred)
		return put_opt(val, len, &u->peercred, sizeof(u->peercred));
	if (name == SO_ERROR) {
		int e = u->err ? u->err : (s->error < 0 ? -s->error : s->error);
		int r = put_opt(val, len, &e, sizeof(e));
		if (r == 0)
			u->err = s->error = 0;
		return r;
	}
	return -ENOPROTOOPT;
}

static long unix_ioctl(struct socket *s, u32 cmd, u64 arg)
{
	struct unix_sock *u = s->sk;
	int amount = 0;

	switch (cmd) {
	case SIOCINQ:
		if (u->state == UNIX_LISTEN)
			return -EINVAL;
		if (u->type == SOCK_DGRAM) {
			if (u->rq_head)
				amount = (int)u->rq_head->len;
		} else {
			for (struct unix_msg *m = u->rq_head; m; m = m->next)
				amount += (int)(m->len - m->off);
		}
		break;
	case SIOCOUTQ:
		amount = (int)u->wmem;
		break;
	default:
		return -ENOTTY;
	}
	return put_user_bytes((void *)arg, &amount, sizeof(amount));
}

static const struct proto_ops unix_ops = {
	.release = unix_release,
	.bind = unix_bind,
	.connect = unix_connect,
	.listen = unix_listen,
	.accept = unix_accept,
	.getname = unix_getname,
	.sendmsg = unix_sendmsg,
	.recvmsg = unix_recvmsg,
	.shutdown = unix_shutdown,
	.getsockopt = unix_getsockopt,
	.poll = unix_poll,
	.pair = unix_pair,
	.ioctl = unix_ioctl,
};

static int unix_create(struct socket *s, int type, int protocol)
{
	if (protocol && protocol != PF_UNIX)
		return -EPROTONOSUPPORT;
	switch (type) {
	case SOCK_RAW: /* Linux treats it as a datagram socket */
		type = SOCK_DGRAM;
		break;
	case SOCK_STREAM:
	case SOCK_DGRAM:
	case SOCK_SEQPACKET:
		break;
	default:
		return -ESOCKTNOSUPPORT;
	}
	struct unix_sock *u = unix_sock_new(type);
	if (!u)
		return -ENOMEM;
	u->sock = s;
	s->type = type;
	s->protocol = protocol;
	s->ops = &unix_ops;
	s->sk = u;
	return 0;
}

static const struct net_family unix_family = {
	.family = AF_UNIX,
	.create = unix_create,
};

void unix_init(void)
{
	net_family_register(&unix_family);
}
