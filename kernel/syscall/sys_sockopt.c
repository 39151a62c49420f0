/*
 * sys_sockopt.c - setsockopt(2) and getsockopt(2). The family is asked
 * first (net/socket.h); what it does not know at level SOL_SOCKET is
 * answered here from struct socket, with Linux's rules (net/core/sock.c,
 * sk_setsockopt and sk_getsockopt): buffer sizes are doubled and have a
 * floor, a short value is -EINVAL on set and truncated on get.
 * Invariant: options only change struct socket's fields; the family reads
 * them when it needs them (sndbuf, rcvbuf, timeouts).
 */
#include "syscall/syscall.h"
#include "net/socket.h"
#include "fs/file.h"
#include "proc/task.h"
#include "mm/uaccess.h"
#include "uapi/time.h"
#include "lib/string.h"
#include "errno.h"

/* Linux 6.1's numbers: net.core.wmem_max and rmem_max (SK_WMEM_MAX), and
 * the floors SOCK_MIN_SNDBUF and SOCK_MIN_RCVBUF (include/net/sock.h:
 * twice and once TCP_SKB_MIN_TRUESIZE, 2048 + a 256-byte sk_buff). */
#define SOCK_WMEM_MAX 212992
#define SOCK_RMEM_MAX 212992
#define SOCK_MIN_SNDBUF 4608
#define SOCK_MIN_RCVBUF 2304
#define SOCK_INT_MAX 0x7fffffff

/* The 64-bit timeval names of SO_RCVTIMEO/SO_SNDTIMEO: on x86-64 the same
 * layout as the old ones (include/uapi/asm-generic/socket.h). */
#define SO_RCVTIMEO_NEW 66
#define SO_SNDTIMEO_NEW 67

/* Socket timeouts count in jiffies: Debian's Linux runs at HZ=250, so a
 * timeout is rounded up to 4 ms, and getsockopt shows the rounded value. */
#define SOCK_TIMEO_TICK_NS 4000000ULL
#define NS_PER_SEC 1000000000ULL
#define NS_PER_USEC 1000ULL

static struct socket *sockfd(int fd, int *err)
{
	struct file *f = fd_file(current_task()->files, fd);
	struct socket *s = socket_of(f);
	if (!s)
		*err = f ? -ENOTSOCK : -EBADF;
	return s;
}

static int set_timeout(u64 *ns, const void __user *val, u32 len)
{
	struct timeval tv;
	if (len < sizeof(tv))
		return -EINVAL;
	if (get_user_bytes(&tv, val, sizeof(tv)))
		return -EFAULT;
	if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return -EDOM;
	if (tv.tv_sec < 0) {
		/* Linux then never waits at all (a timeout of 0 jiffies): a
		 * 1 ns timeout expires at once, and reads back as 0 too. */
		*ns = 1;
		return 0;
	}
	u64 us_ticks = ((u64)tv.tv_usec * NS_PER_USEC + SOCK_TIMEO_TICK_NS - 1) / SOCK_TIMEO_TICK_NS;
	*ns = (u64)tv.tv_sec * NS_PER_SEC + us_ticks * SOCK_TIMEO_TICK_NS;
	return 0;
}

static void get_timeout(u64 ns, struct timeval *tv)
{
	tv->tv_sec = (long)(ns / NS_PER_SEC);
	tv->tv_usec = (long)(ns % NS_PER_SEC / NS_PER_USEC);
}

static int sol_socket_set(struct socket *s, int name, const void __user *val, u32 len)
{
	int v;
	if (len < sizeof(int))
		return -EINVAL;
	if (get_user_bytes(&v, val, sizeof(v)))
		return -EFAULT;
	bool on = v != 0;

	switch (name) {
	case SO_REUSEADDR:
		s->reuseaddr = on;
		return 0;
	case SO_REUSEPORT: /* only for internet sockets */
		if (on && s->family != AF_INET && s->family != AF_INET6)
			return -EOPNOTSUPP;
		s->reuseport = on;
		return 0;
	case SO_KEEPALIVE:
		s->keepalive = on;
		return 0;
	case SO_BROADCAST:
		s->broadcast = on;
		return 0;
	case SO_PASSCRED:
		s->passcred = on;
		return 0;
	case SO_SNDBUF:
		v = (int)MIN((u32)v, (u32)SOCK_WMEM_MAX);
		s->sndbuf = (u32)MAX(v * 2, SOCK_MIN_SNDBUF);
		break;
	case SO_SNDBUFFORCE: /* root may pass wmem_max */
		v = MAX(v, 0);
		s->sndbuf = (u32)MAX((int)MIN((u32)v, (u32)SOCK_INT_MAX / 2) * 2, SOCK_MIN_SNDBUF);
		break;
	case SO_RCVBUF:
		v = (int)MIN((u32)v, (u32)SOCK_RMEM_MAX);
		s->rcvbuf = (u32)MAX(v * 2, SOCK_MIN_RCVBUF);
		break;
	case SO_RCVBUFFORCE:
		v = MAX(v, 0);
		s->rcvbuf = (u32)MAX((int)MIN((u32)v, (u32)SOCK_INT_MAX / 2) * 2, SOCK_MIN_RCVBUF);
		break;
	case SO_LINGER: {
		struct linger l;
		if (len < sizeof(l))
			return -EINVAL;
		if (get_user_bytes(&l, val, sizeof(l)))
			return -EFAULT;
		s->linger.l_onoff = l.l_onoff != 0;
		if (l.l_onoff)
			s->linger.l_linger = l.l_linger;
		return 0;
	}
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
		return set_timeout(&s->rcvtimeo_ns, val, len);
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW:
		return set_timeout(&s->sndtimeo_ns, val, len);
	default: /* SO_TYPE, SO_ERROR... are read-only: -ENOPROTOOPT too */
		return -ENOPROTOOPT;
	}
	/* More room may let a blocked writer go on. */
	wake_up(&s->wait);
	poll_notify(&s->poll);
	return 0;
}

long sys_setsockopt(int fd, int level, int name, const void __user *val, int len)
{
	int err = 0;
	if (len < 0)
		return -EINVAL;
	struct socket *s = sockfd(fd, &err);
	if (!s)
		return err;
	if (s->ops->setsockopt) {
		err = s->ops->setsockopt(s, level, name, val, (u32)len);
		if (err != -ENOPROTOOPT || level != SOL_SOCKET)
			return err;
	} else if (level != SOL_SOCKET) {
		return -EOPNOTSUPP;
	}
	return sol_socket_set(s, name, val, (u32)len);
}

static int sol_socket_get(struct socket *s, int name, void __user *val, u32 __user *ulen)
{
	union {
		int i;
		struct linger l;
		struct timeval tv;
		struct ucred cred;
	} v;
	int len;
	u32 lv = sizeof(int);

	if (get_user_bytes(&len, ulen, sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	memset(&v, 0, sizeof(v));
	switch (name) {
	case SO_TYPE:
		v.i = s->type;
		break;
	case SO_PROTOCOL:
		v.i = s->protocol;
		break;
	case SO_DOMAIN:
		v.i = s->family;
		break;
	case SO_ERROR:
		v.i = s->error < 0 ? -s->error : s->error;
		s->error = 0;
		break;
	case SO_REUSEADDR:
		v.i = s->reuseaddr;
		break;
	case SO_REUSEPORT:
		v.i = s->reuseport;
		break;
	case SO_KEEPALIVE:
		v.i = s->keepalive;
		break;
	case SO_BROADCAST:
		v.i = s->broadcast;
		break;
	case SO_PASSCRED:
		v.i = s->passcred;
		break;
	case SO_ACCEPTCONN:
		v.i = s->acceptconn;
		break;
	case SO_SNDBUF:
		v.i = (int)s->sndbuf;
		break;
	case SO_RCVBUF:
		v.i = (int)s->rcvbuf;
		break;
	case SO_RCVLOWAT:
	case SO_SNDLOWAT:
		v.i = 1;
		break;
	case SO_LINGER:
		v.l = s->linger;
		lv = sizeof(v.l);
		break;
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
		get_timeout(s->rcvtimeo_ns, &v.tv);
		lv = sizeof(v.tv);
		break;
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW:
		get_timeout(s->sndtimeo_ns, &v.tv);
		lv = sizeof(v.tv);
		break;
	case SO_PEERCRED: /* no peer process: Linux's pid 0, uid and gid -1 */
		v.cred.pid = 0;
		v.cred.uid = v.cred.gid = (u32)-1;
		lv = sizeof(v.cred);
		break;
	default:
		return -ENOPROTOOPT;
	}
	if ((u32)len > lv)
		len = (int)lv;
	if (put_user_bytes(val, &v, (u64)len))
		return -EFAULT;
	return put_user_bytes(ulen, &len, sizeof(len));
}

long sys_getsockopt(int fd, int level, int name, void __user *val, u32 __user *ulen)
{
	int err = 0;
	struct socket *s = sockfd(fd, &err);
	if (!s)
		return err;
	if (s->ops->getsockopt) {
		err = s->ops->getsockopt(s, level, name, val, ulen);
		if (err != -ENOPROTOOPT || level != SOL_SOCKET)
			return err;
	} else if (level != SOL_SOCKET) {
		return -EOPNOTSUPP;
	}
	return sol_socket_get(s, name, val, ulen);
}
