/*
 * socket.h - the socket layer: one struct socket behind every socket
 * descriptor, and the operations each address family (AF_UNIX in unix.c,
 * AF_INET in inet.c) gives it.
 *
 * socket.c owns what is the same for every family: the system calls,
 * copying addresses and iovecs across the user boundary, the descriptor
 * and its O_NONBLOCK/O_CLOEXEC flags, the SOL_SOCKET options kept in
 * struct socket, SIGPIPE, and turning a blocking file into MSG_DONTWAIT.
 * A family owns its addresses, its connections and its data.
 *
 * Invariants: the network code runs with interrupts off, from system
 * calls, from the tick (TICK_NET) and from a network card's interrupt;
 * one CPU, so nothing else runs beside it. Operations return a count or
 * 0, or a negative errno. Addresses reach a family already copied into
 * the kernel (struct sockaddr_storage); payload stays in user memory and
 * is moved only with msg_copy_in()/msg_copy_out(). After any change that
 * can alter poll()'s answer the family calls poll_notify(&sock->poll).
 */
#ifndef MINOS_NET_SOCKET_H
#define MINOS_NET_SOCKET_H

#include "types.h"
#include "fs/file.h"
#include "fs/poll.h"
#include "proc/wait.h"
#include "uapi/socket.h"
#include "uapi/misc.h"

struct socket;

/* One sendmsg or recvmsg as a family sees it. */
struct sock_msg {
	/* The payload: the caller's iovecs (user buffers, kernel array),
	 * consumed front to back by msg_copy_in()/msg_copy_out(). */
	struct iovec *iov;
	u64 iovlen;
	u64 resid; /* bytes left in iov */
	/* send: the destination, or namelen 0 for none. recv: the family
	 * writes the source here and sets namelen (0: none to report). */
	struct sockaddr_storage name;
	u32 namelen;
	/* Ancillary data, user memory (SCM_RIGHTS, SCM_CREDENTIALS). recv:
	 * the family sets control_used to the bytes it wrote. */
	void __user *control;
	u64 controllen;
	u64 control_used;
	int flags; /* recv: MSG_TRUNC, MSG_CTRUNC out */
};

/* Moves the next len payload bytes between the user's buffers and the
 * kernel; returns the bytes moved (less only at the end of the iovecs),
 * or -EFAULT with nothing moved past the faulting chunk. */
long msg_copy_in(struct sock_msg *m, void *dst, u64 len);
long msg_copy_out(struct sock_msg *m, const void *src, u64 len);

struct proto_ops {
	/* The last descriptor closed: tear down, free s->sk. */
	void (*release)(struct socket *s);
	int (*bind)(struct socket *s, const struct sockaddr_storage *addr, u32 len);
	/* flags: the file's O_NONBLOCK (-EINPROGRESS then, as Linux). */
	int (*connect)(struct socket *s, const struct sockaddr_storage *addr, u32 len, u32 flags);
	int (*listen)(struct socket *s, int backlog);
	/* Fills newsock (already of s's family, type and ops) with the next
	 * connection; flags: O_NONBLOCK of the listening file. */
	int (*accept)(struct socket *s, struct socket *newsock, u32 flags);
	/* Writes this end's (peer 0) or the peer's (peer 1) address; returns
	 * its length, or -ENOTCONN. */
	int (*getname)(struct socket *s, struct sockaddr_storage *addr, int peer);
	/* flags: MSG_*, with MSG_DONTWAIT added for an O_NONBLOCK file.
	 * -EPIPE on a SOCK_STREAM socket makes socket.c raise SIGPIPE
	 * unless MSG_NOSIGNAL (Linux's datagram sockets never do). */
	long (*sendmsg)(struct socket *s, struct sock_msg *m, int flags);
	long (*recvmsg)(struct socket *s, struct sock_msg *m, int flags);
	int (*shutdown)(struct socket *s, int how);
	/* Options the family owns; -ENOPROTOOPT for those it does not know
	 * (socket.c then answers SOL_SOCKET options from struct socket). */
	int (*setsockopt)(struct socket *s, int level, int name, const void __user *val, u32 len);
	int (*getsockopt)(struct socket *s, int level, int name, void __user *val, u32 __user *len);
	/* POLLIN, POLLOUT, POLLHUP, POLLRDHUP, POLLERR ready now. */
	int (*poll)(struct socket *s);
	/* socketpair(2): connects two new sockets; NULL: -EOPNOTSUPP. */
	int (*pair)(struct socket *a, struct socket *b);
	/* ioctl(2) (FIONREAD/SIOCINQ, SIOCOUTQ, interface requests); NULL:
	 * -ENOTTY. */
	long (*ioctl)(struct socket *s, u32 cmd, u64 arg);
};

struct socket {
	int family, type, protocol; /* type without SOCK_NONBLOCK/CLOEXEC */
	const struct proto_ops *ops;
	void *sk;                   /* the family's own state */
	struct file *file;          /* the open file wrapping this socket */
	struct poll_source poll;
	struct wait_queue wait;     /* tasks blocked in this socket's calls */
	int error;                  /* SO_ERROR: read (and cleared) by getsockopt;
				     * a positive errno (ECONNREFUSED), as Linux's
				     * sk_err (a negative one is read the same) */
	/* SOL_SOCKET options kept for every family. */
	bool reuseaddr, reuseport, keepalive, passcred, broadcast;
	bool acceptconn;            /* listening (SO_ACCEPTCONN) */
	u32 rcvbuf, sndbuf;         /* as getsockopt reports them */
	struct linger linger;
	u64 rcvtimeo_ns, sndtimeo_ns; /* 0: block forever */
};

/* An address family: create fills s->ops and s->sk for the type and
 * protocol asked (protocol 0: the family's default), or returns
 * -ESOCKTNOSUPPORT / -EPROTONOSUPPORT / -EPROTOTYPE as Linux does. */
struct net_family {
	int family;
	int (*create)(struct socket *s, int type, int protocol);
};

void net_family_register(const struct net_family *f);
/* The family registered for family, or NULL (then -EAFNOSUPPORT). */
const struct net_family *net_family_find(int family);
/* The socket behind an open file, or NULL if it is not one. */
struct socket *socket_of(struct file *f);
/* A zeroed socket with socket.c's defaults, or NULL when out of memory. */
struct socket *socket_alloc(void);
/* Wraps s in an open file (O_RDWR plus flags' O_NONBLOCK), which owns it
 * from then on; NULL when out of memory. */
struct file *socket_file(struct socket *s, u32 flags);

/* net.c: brings up every family and interface, at boot. */
void net_init(void);
/* net.c: before the machine powers off (init ended, its descriptors
 * closed), waits up to 2 s for TCP's last bytes and FINs to be
 * acknowledged, so what a program wrote before it exited reaches its
 * peer, as it would on a machine that goes on running. Interrupts off on
 * entry and on return. */
void net_settle(void);

#endif
