/*
 * sys_socket.c - the socket system calls but the options: socket(2),
 * socketpair(2), bind(2), listen(2), accept(2), accept4(2), connect(2),
 * getsockname(2), getpeername(2), sendto(2), recvfrom(2), sendmsg(2),
 * recvmsg(2), sendmmsg(2), recvmmsg(2), shutdown(2). Each checks what
 * Linux's net/socket.c checks, in its order, then hands the family
 * (net/socket.h) kernel copies of the addresses and the user's iovecs.
 * Invariant: a call that fails leaves no descriptor and no socket behind.
 */
#include "syscall/syscall.h"
#include "net/socket.h"
#include "fs/file.h"
#include "proc/task.h"
#include "proc/signal.h"
#include "mm/heap.h"
#include "mm/uaccess.h"
#include "uapi/fcntl.h"
#include "lib/string.h"
#include "time/clock.h"
#include "errno.h"

/* Linux's limits (include/linux/net.h SOCK_MAX, include/linux/fs.h
 * MAX_RW_COUNT, net/core/sock.c sysctl_optmem_max). */
#define SOCK_MAX 11                 /* types are below SOCK_PACKET + 1 */
#define MAX_RW_COUNT 0x7FFFF000L
#define SOCK_OPTMEM_MAX 20480       /* ancillary data in one sendmsg */
#define SOCK_FAST_IOV 8             /* iovecs kept on the stack (UIO_FASTIOV) */
#define SOCK_CREATE_FLAGS (SOCK_NONBLOCK | SOCK_CLOEXEC)

static struct fdtable *fds(void) { return current_task()->files; }

/* The socket behind fd: -EBADF when fd is not open, -ENOTSOCK when it is
 * not a socket. */
static struct socket *sockfd(int fd, int *err)
{
	struct file *f = fd_file(fds(), fd);
	struct socket *s = socket_of(f);
	if (!s)
		*err = f ? -ENOTSOCK : -EBADF;
	return s;
}

/* The lowest `want` free descriptors below the limit, into nr; returns
 * how many there are (fewer than want: -EMFILE for the caller). */
static int fds_lowest_free(int *nr, int want)
{
	struct fdtable *t = fds();
	int n = 0;
	for (unsigned i = 0; i < t->limit && n < want; i++)
		if (!t->fd[i])
			nr[n++] = (int)i;
	return n;
}

/* A socket that never got a file: the family tears it down. */
static void socket_destroy(struct socket *s)
{
	if (s->ops && s->ops->release)
		s->ops->release(s);
	kfree(s);
}

/* Wraps s in a file and a descriptor (flags: SOCK_NONBLOCK, SOCK_CLOEXEC);
 * on failure s is gone too. */
static long socket_install(struct socket *s, int flags)
{
	struct file *f = socket_file(s, (u32)flags);
	if (!f) {
		socket_destroy(s);
		return -ENFILE;
	}
	int fd = fd_install(fds(), f, 0, flags & SOCK_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* A new socket of the family, type and protocol asked (Linux's
 * __sock_create): the family's checks follow the generic ones. */
static int socket_create(int family, int type, int protocol, struct socket **out)
{
	if (family < 0 || family >= AF_MAX)
		return -EAFNOSUPPORT;
	if (type < 0 || type >= SOCK_MAX)
		return -EINVAL;
	const struct net_family *nf = net_family_find(family);
	if (!nf)
		return -EAFNOSUPPORT;
	struct socket *s = socket_alloc();
	if (!s)
		return -ENFILE;
	s->family = family;
	s->type = type;
	s->protocol = protocol;
	int err = nf->create(s, type, protocol);
	if (err) {
		kfree(s);
		return err;
	}
	*out = s;
	return 0;
}

long sys_socket(int family, int type, int protocol)
{
	int flags = type & ~SOCK_TYPE_MASK;
	struct socket *s;

	if (flags & ~SOCK_CREATE_FLAGS)
		return -EINVAL;
	int err = socket_create(family, type & SOCK_TYPE_MASK, protocol, &s);
	if (err)
		return err;
	return socket_install(s, flags);
}

long sys_socketpair(int family, int type, int protocol, int __user *sv)
{
	int flags = type & ~SOCK_TYPE_MASK;
	struct socket *a, *b;
	struct file *fa, *fb;

	if (flags & ~SOCK_CREATE_FLAGS)
		return -EINVAL;
	/* Linux reserves both descriptors and writes their numbers before it
	 * makes the sockets. */
	int nr[2];
	if (fds_lowest_free(nr, 2) < 2)
		return -EMFILE;
	if (put_user_bytes(sv, nr, sizeof(nr)))
		return -EFAULT;

	type &= SOCK_TYPE_MASK;
	int err = socket_create(family, type, protocol, &a);
	if (err)
		return err;
	err = socket_create(family, type, protocol, &b);
	if (err) {
		socket_destroy(a);
		return err;
	}
	err = a->ops->pair ? a->ops->pair(a, b) : -EOPNOTSUPP;
	if (err) {
		socket_destroy(a);
		socket_destroy(b);
		return err;
	}
	fa = socket_file(a, (u32)flags);
	fb = fa ? socket_file(b, (u32)flags) : NULL;
	if (!fb) {
		if (fa)
			file_put(fa);
		else
			socket_destroy(a);
		socket_destroy(b);
		return -ENFILE;
	}
	nr[0] = fd_install(fds(), fa, 0, flags & SOCK_CLOEXEC);
	nr[1] = fd_install(fds(), fb, 0, flags & SOCK_CLOEXEC);
	return 0;
}

/* ---- addresses ------------------------------------------------------- */

/* Linux's move_addr_to_kernel: a length beyond sockaddr_storage (or
 * negative) is -EINVAL; 0 copies nothing. */
static int addr_in(const void __user *uaddr, int len, struct sockaddr_storage *a)
{
	memset(a, 0, sizeof(*a));
	if (len < 0 || (u64)len > sizeof(*a))
		return -EINVAL;
	if (len == 0)
		return 0;
	return get_user_bytes(a, uaddr, (u64)len);
}

/* Linux's move_addr_to_user: copies at most *ulen bytes of the klen-byte
 * address, then stores klen (the whole length) in *ulen. */
static int addr_out(const struct sockaddr_storage *a, int klen, void __user *uaddr,
		    int __user *ulen)
{
	int len;
	if (get_user_bytes(&len, ulen, sizeof(len)))
		return -EFAULT;
	if (len > klen)
		len = klen;
	if (len < 0)
		return -EINVAL;
	if (len && put_user_bytes(uaddr, a, (u64)len))
		return -EFAULT;
	return put_user_bytes(ulen, &klen, sizeof(klen));
}

long sys_bind(int fd, const void __user *uaddr, int len)
{
	struct sockaddr_storage a;
	int err = 0;
	struct socket *s = sockfd(fd, &err);
	if (!s)
		return err;
	if ((err = addr_in(uaddr, len, &a)) != 0)
		return err;
	return s->ops->bind ? s->ops->bind(s, &a, (u32)len) : -EOPNOTSUPP;
}

long sys_connect(int fd, const void __user *uaddr, int len)
{
	struct sockaddr_storage a;
	int err = 0;
	/* Linux copies the address before it asks whether fd is a socket. */
	struct file *f = fd_file(fds(), fd);
	if (!f)
		return -EBADF;
	if ((err = addr_in(uaddr, len, &a)) != 0)
		return err;
	struct socket *s = socket_of(f);
	if (!s)
		return -ENOTSOCK;
	if (!s->ops->connect)
		return -EOPNOTSUPP;
	return s->ops->connect(s, &a, (u32)len, f->flags & O_NONBLOCK);
}

long sys_listen(int fd, int backlog)
{
	int err = 0;
	struct socket *s = sockfd(fd, &err);
	if (!s)
		return err;
	if ((u32)backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	return s->ops->listen ? s->ops->listen(s, backlog) : -EOPNOTSUPP;
}

long sys_accept4(int fd, void __user *uaddr, int __user *ulen, int flags)
{
	struct file *f = fd_file(fds(), fd);
	int nr;

	if (!f)
		return -EBADF;
	if (flags & ~SOCK_CREATE_FLAGS)
		return -EINVAL;
	if (fds_lowest_free(&nr, 1) < 1)
		return -EMFILE;
	struct socket *s = socket_of(f);
	if (!s)
		return -ENOTSOCK;
	if (!s->ops->accept)
		return -EOPNOTSUPP;
	struct socket *n = socket_alloc();
	if (!n)
		return -ENFILE;
	n->family = s->family;
	n->type = s->type;
	n->protocol = s->protocol;
	n->ops = s->ops;
	int err = s->ops->accept(s, n, f->flags & O_NONBLOCK);
	if (err) {
		kfree(n); /* a failed accept leaves it empty */
		return err;
	}
	if (uaddr) {
		struct sockaddr_storage a;
		int alen = n->ops->getname(n, &a, 1);
		err = alen < 0 ? -ECONNABORTED : addr_out(&a, alen, uaddr, ulen);
		if (err) {
			socket_destroy(n);
			return err;
		}
	}
	return socket_install(n, flags);
}

long sys_accept(int fd, void __user *uaddr, int __user *ulen)
{
	return sys_accept4(fd, uaddr, ulen, 0);
}

static long getname(int fd, void __user *uaddr, int __user *ulen, int peer)
{
	struct sockaddr_storage a;
	int err = 0;
	struct socket *s = sockfd(fd, &err);
	if (!s)
		return err;
	memset(&a, 0, sizeof(a));
	int len = s->ops->getname(s, &a, peer);
	if (len < 0)
		return len;
	return addr_out(&a, len, uaddr, ulen);
}

long sys_getsockname(int fd, void __user *uaddr, int __user *ulen)
{
	return getname(fd, uaddr, ulen, 0);
}

long sys_getpeername(int fd, void __user *uaddr, int __user *ulen)
{
	return getname(fd, uaddr, ulen, 1);
}

long sys_shutdown(int fd, int how)
{
	int err = 0;
	struct socket *s = sockfd(fd, &err);
	if (!s)
		return err;
	return s->ops->shutdown ? s->ops->shutdown(s, how) : -EOPNOTSUPP;
}

/* ---- data ------------------------------------------------------------ */

/* The family's sendmsg, with O_NONBLOCK as MSG_DONTWAIT and SIGPIPE for
 * -EPIPE on a stream socket unless MSG_NOSIGNAL (Linux's TCP and AF_UNIX
 * stream sockets signal; its datagram and seqpacket sockets do not). */
static long do_send(struct socket *s, struct sock_msg *m, int flags)
{
	if (s->file->flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	long r = s->ops->sendmsg(s, m, flags);
	if (r == -EPIPE && s->type == SOCK_STREAM && !(flags & MSG_NOSIGNAL))
		signal_send_current(SIGPIPE);
	return r;
}

static long do_recv(struct socket *s, struct sock_msg *m, int flags)
{
	if (s->file->flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	return s->ops->recvmsg(s, m, flags);
}

long sys_sendto(int fd, const void __user *buf, u64 len, int flags, const void __user *uaddr,
		int alen)
{
	len = MIN(len, (u64)MAX_RW_COUNT);
	if (!access_ok((u64)buf, len))
		return -EFAULT;
	int err = 0;
	struct socket *s = sockfd(fd, &err);
	if (!s)
		return err;
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct sock_msg m = { .iov = &iov, .iovlen = 1, .resid = len };
	if (uaddr) {
		if ((err = addr_in(uaddr, alen, &m.name)) != 0)
			return err;
		m.namelen = (u32)alen;
	}
	return do_send(s, &m, flags);
}

long sys_recvfrom(int fd, void __user *buf, u64 len, int flags, void __user *uaddr,
		  int __user *alen)
{
	len = MIN(len, (u64)MAX_RW_COUNT);
	if (!access_ok((u64)buf, len))
		return -EFAULT;
	int err = 0;
	struct socket *s = sockfd(fd, &err);
	if (!s)
		return err;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct sock_msg m = { .iov = &iov, .iovlen = 1, .resid = len };
	long r = do_recv(s, &m, flags);
	if (r >= 0 && uaddr) {
		err = addr_out(&m.name, (int)m.namelen, uaddr, alen);
		if (err)
			return err;
	}
	return r;
}

/* A msghdr brought into the kernel: the header, the iovecs (on the stack
 * when few, else on the heap) and, for sendmsg, the destination. */
struct msg_in {
	struct msghdr h;
	struct iovec fast[SOCK_FAST_IOV];
	struct iovec *iov;
};

static void msg_in_free(struct msg_in *mi)
{
	if (mi->iov != mi->fast)
		kfree(mi->iov);
}

/* Linux's copy_msghdr_from_user and import_iovec, in their order: the
 * header (-EFAULT), the name's length (-EINVAL below 0; clamped above
 * sockaddr_storage), the name itself for sendmsg, the iovec count
 * (-EMSGSIZE), then each iovec (-EFAULT, -EINVAL). */
static int msg_import(const struct msghdr __user *um, bool send, struct msg_in *mi,
		      struct sock_msg *m)
{
	mi->iov = mi->fast;
	memset(m, 0, sizeof(*m));
	if (get_user_bytes(&mi->h, um, sizeof(mi->h)))
		return -EFAULT;
	int namelen = mi->h.msg_name ? (int)mi->h.msg_namelen : 0;
	if (namelen < 0)
		return -EINVAL;
	if ((u64)namelen > sizeof(struct sockaddr_storage))
		namelen = sizeof(struct sockaddr_storage);
	if (send && namelen) {
		int err = addr_in(mi->h.msg_name, namelen, &m->name);
		if (err)
			return err;
		m->namelen = (u32)namelen;
	}
	u64 n = mi->h.msg_iovlen;
	if (n > UIO_MAXIOV)
		return -EMSGSIZE;
	if (n > SOCK_FAST_IOV) {
		mi->iov = kmalloc(n * sizeof(struct iovec));
		if (!mi->iov) {
			mi->iov = mi->fast;
			return -ENOMEM;
		}
	}
	if (n && get_user_bytes(mi->iov, mi->h.msg_iov, n * sizeof(struct iovec)))
		return -EFAULT;
	u64 total = 0;
	for (u64 i = 0; i < n; i++) {
		if ((s64)mi->iov[i].iov_len < 0)
			return -EINVAL;
		if (!access_ok((u64)mi->iov[i].iov_base, mi->iov[i].iov_len))
			return -EFAULT;
		if (mi->iov[i].iov_len > (u64)MAX_RW_COUNT - total)
			mi->iov[i].iov_len = (u64)MAX_RW_COUNT - total;
		total += mi->iov[i].iov_len;
	}
	m->iov = mi->iov;
	m->iovlen = n;
	m->resid = total;
	m->control = mi->h.msg_control;
	m->controllen = mi->h.msg_controllen;
	return 0;
}

/* sendmsg copies the ancillary data in before the family sees it: too much
 * is -ENOBUFS (Linux's INT_MAX and optmem limits), unreadable is -EFAULT. */
static int control_check(const struct sock_msg *m)
{
	u8 probe[64];
	if (m->controllen == 0)
		return 0;
	if (m->controllen >= SOCK_OPTMEM_MAX)
		return -ENOBUFS;
	for (u64 off = 0; off < m->controllen; off += sizeof(probe)) {
		u64 n = MIN((u64)sizeof(probe), m->controllen - off);
		if (get_user_bytes(probe, (const u8 *)m->control + off, n))
			return -EFAULT;
	}
	return 0;
}

/* One sendmsg on s; *left: payload bytes it did not send. */
static long sendmsg_one(struct socket *s, const struct msghdr __user *um, int flags, u64 *left)
{
	struct msg_in mi;
	struct sock_msg m;
	long r = msg_import(um, true, &mi, &m);
	if (!r)
		r = control_check(&m);
	if (!r)
		r = do_send(s, &m, flags);
	*left = m.resid;
	msg_in_free(&mi);
	return r;
}

/* One recvmsg on s, with the msghdr's name, flags and control lengths
 * written back. */
static long recvmsg_one(struct socket *s, struct msghdr __user *um, int flags)
{
	struct msg_in mi;
	struct sock_msg m;
	long r = msg_import(um, false, &mi, &m);
	if (r) {
		msg_in_free(&mi);
		return r;
	}
	/* The caller's MSG_CMSG_CLOEXEC shows in msg_flags, as on Linux. */
	m.flags = flags & MSG_CMSG_CLOEXEC;
	r = do_recv(s, &m, flags);
	msg_in_free(&mi);
	if (r < 0)
		return r;
	if (mi.h.msg_name) {
		int err = addr_out(&m.name, (int)m.namelen, mi.h.msg_name,
				   (int __user *)&um->msg_namelen);
		if (err)
			return err;
	}
	u32 mflags = (u32)m.flags;
	u64 used = m.control_used;
	if (put_user_bytes(&um->msg_flags, &mflags, sizeof(mflags)) ||
	    put_user_bytes(&um->msg_controllen, &used, sizeof(used)))
		return -EFAULT;
	return r;
}

long sys_sendmsg(int fd, const struct msghdr __user *um, int flags)
{
	u64 left;
	int err = 0;
	struct socket *s = sockfd(fd, &err);
	return s ? sendmsg_one(s, um, flags, &left) : err;
}

long sys_recvmsg(int fd, struct msghdr __user *um, int flags)
{
	int err = 0;
	struct socket *s = sockfd(fd, &err);
	return s ? recvmsg_one(s, um, flags) : err;
}

/* ---- several messages in one call ------------------------------------ */

/* include/linux/socket.h: a msghdr and what the call moved for it. */
struct mmsghdr {
	struct msghdr msg_hdr;
	unsigned int msg_len;
};

#define MSG_WAITFORONE 0x10000 /* recvmmsg: MSG_DONTWAIT after the first */
#define NS_PER_SEC 1000000000L

/* Linux's __sys_sendmmsg: sends until one fails or is cut short; the count
 * sent, or the first one's error. */
long sys_sendmmsg(int fd, struct mmsghdr __user *vec, u32 vlen, int flags)
{
	int err = 0;
	struct socket *s = sockfd(fd, &err);
	if (!s)
		return err;
	u32 n = MIN(vlen, (u32)UIO_MAXIOV), done = 0;
	long r = 0;
	for (; done < n; done++) {
		u64 left;
		r = sendmsg_one(s, &vec[done].msg_hdr, flags, &left);
		if (r < 0)
			break;
		u32 len = (u32)r;
		if (put_user_bytes(&vec[done].msg_len, &len, sizeof(len))) {
			r = -EFAULT;
			break;
		}
		if (left) {
			done++;
			break;
		}
	}
	return done ? (long)done : r;
}

static s64 now_ns(void)
{
	struct timespec t = clock_monotonic();
	return (s64)t.tv_sec * NS_PER_SEC + t.tv_nsec;
}

/* Linux's do_recvmmsg: receives up to vlen messages; MSG_WAITFORONE stops
 * waiting after the first; the timeout is only looked at between messages
 * and the time left written back. An error after some messages is kept
 * for the next call (SO_ERROR), as Linux does, unless it is EAGAIN. */
long sys_recvmmsg(int fd, struct mmsghdr __user *vec, u32 vlen, int flags,
		  struct timespec __user *utimeout)
{
	struct timespec ts;
	s64 end = 0;

	if (utimeout) {
		if (get_user_bytes(&ts, utimeout, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NS_PER_SEC)
			return -EINVAL;
		end = now_ns() + ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
	}
	int err = 0;
	struct socket *s = sockfd(fd, &err);
	if (!s)
		return err;
	if (s->error) {
		int e = s->error < 0 ? s->error : -s->error;
		s->error = 0;
		return e;
	}
	u32 n = MIN(vlen, (u32)UIO_MAXIOV), done = 0;
	long r = 0;
	while (done < n) {
		r = recvmsg_one(s, &vec[done].msg_hdr, flags & ~MSG_WAITFORONE);
		if (r < 0)
			break;
		u32 len = (u32)r;
		if (put_user_bytes(&vec[done].msg_len, &len, sizeof(len))) {
			r = -EFAULT;
			break;
		}
		done++;
		if (flags & MSG_WAITFORONE)
			flags |= MSG_DONTWAIT;
		if (utimeout) {
			s64 left = end - now_ns();
			ts.tv_sec = left > 0 ? left / NS_PER_SEC : 0;
			ts.tv_nsec = left > 0 ? left % NS_PER_SEC : 0;
			if (left <= 0)
				break;
		}
		r = 0;
	}
	if (r < 0 && done == 0)
		return r;
	if (r < 0 && r != -EAGAIN)
		s->error = (int)-r;
	if (done && utimeout && put_user_bytes(utimeout, &ts, sizeof(ts)))
		return -EFAULT;
	return done;
}
