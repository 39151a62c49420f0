/*
 * mu-sock-errno - the socket layer's answers to misuse, before any address
 * family is involved: a descriptor that is not open (EBADF) or not a
 * socket (ENOTSOCK), unknown flags or types (EINVAL), families that do not
 * exist (EAFNOSUPPORT), bad pointers (EFAULT) and lengths (EINVAL), each in
 * the order Linux checks them (net/socket.c). Expected: the reference
 * Linux's results.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "mu-sock.h"

/* Read through volatile so the compiler cannot see they are bad. */
static void *volatile kernel_ptr = (void *)0xffff800000000000UL; /* the kernel half */
static void *volatile unmapped_ptr = (void *)16;                /* user half, never mapped */
#define KERNEL_PTR kernel_ptr
#define UNMAPPED_PTR unmapped_ptr
#define NOT_OPEN 999

/* Address, length and message checks the socket layer makes on a real
 * socket (AF_UNIX, which every Linux has). */
static void with_a_socket(void)
{
	int sv[2], s = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un a;
	socklen_t len;
	char buf[8];

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	len = sizeof(a);
	check_eq("getsockname", getsockname(s, (struct sockaddr *)&a, &len), 0);
	len = (socklen_t)-1;
	check_errno("getsockname, addrlen -1", getsockname(s, (struct sockaddr *)&a, &len), EINVAL);
	check_errno("getsockname, unmapped addrlen", getsockname(s, (struct sockaddr *)&a, UNMAPPED_PTR), EFAULT);
	len = sizeof(a);
	check_errno("getsockname, unmapped address", getsockname(s, UNMAPPED_PTR, &len), EFAULT);
	len = 0;
	check_eq("getsockname, addrlen 0", getsockname(s, UNMAPPED_PTR, &len), 0);
	check_eq("  addrlen becomes the real length", len, 2);
	len = sizeof(a);
	check_errno("getpeername, not connected", getpeername(s, (struct sockaddr *)&a, &len), ENOTCONN);
	check_errno("bind, unmapped address", bind(s, UNMAPPED_PTR, 16), EFAULT);
	check_errno("bind, addrlen 129", bind(s, (struct sockaddr *)&a, 129), EINVAL);
	check_errno("sendto, unmapped address", sendto(sv[0], "x", 1, 0, UNMAPPED_PTR, 16), EFAULT);
	check_errno("sendto, addrlen -1", sendto(sv[0], "x", 1, 0, (struct sockaddr *)&a, -1), EINVAL);
	check_errno("send, unmapped buffer", send(sv[0], UNMAPPED_PTR, 4, 0), EFAULT);
	send(sv[0], "abc", 3, 0);
	check_errno("recvfrom, unmapped addrlen", syscall(SYS_recvfrom, sv[1], buf, sizeof(buf), 0, &a, UNMAPPED_PTR), EFAULT);

	struct iovec iov[2] = { { buf, 1 }, { buf, 1 } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 1 };
	mh.msg_iovlen = 1025;
	check_errno("sendmsg, 1025 iovecs", syscall(SYS_sendmsg, sv[0], &mh, 0), EMSGSIZE);
	mh.msg_iovlen = 1;
	mh.msg_iov = UNMAPPED_PTR;
	check_errno("sendmsg, unmapped iovec array", syscall(SYS_sendmsg, sv[0], &mh, 0), EFAULT);
	iov[0].iov_base = KERNEL_PTR;
	mh.msg_iov = iov;
	check_errno("sendmsg, a kernel buffer", syscall(SYS_sendmsg, sv[0], &mh, 0), EFAULT);
	iov[0].iov_base = buf;
	iov[0].iov_len = (size_t)-1;
	check_errno("sendmsg, a negative iov_len", syscall(SYS_sendmsg, sv[0], &mh, 0), EINVAL);
	iov[0].iov_len = 1;
	mh.msg_name = &a;
	mh.msg_namelen = (socklen_t)-1;
	check_errno("sendmsg, msg_namelen -1", syscall(SYS_sendmsg, sv[0], &mh, 0), EINVAL);
	mh.msg_name = NULL;
	check_eq("sendmsg, msg_namelen -1 without a name", syscall(SYS_sendmsg, sv[0], &mh, 0), 1);
	mh.msg_control = buf;
	mh.msg_controllen = 1UL << 31;
	check_errno("sendmsg, msg_controllen 2^31", syscall(SYS_sendmsg, sv[0], &mh, 0), ENOBUFS);
	mh.msg_controllen = 100000;
	check_errno("sendmsg, msg_controllen 100000", syscall(SYS_sendmsg, sv[0], &mh, 0), ENOBUFS);
	mh.msg_control = UNMAPPED_PTR;
	mh.msg_controllen = 16;
	check_errno("sendmsg, unmapped control data", syscall(SYS_sendmsg, sv[0], &mh, 0), EFAULT);
	mh.msg_control = NULL;
	mh.msg_controllen = 0;
	mh.msg_iovlen = 0;
	check_eq("sendmsg, no iovecs", syscall(SYS_sendmsg, sv[0], &mh, 0), 0);
	mh.msg_iovlen = 2;
	check_eq("recvmsg into two iovecs: the 1-byte message", recvmsg(sv[1], &mh, 0), 1);
	check_errno("recvmsg, unmapped msghdr", syscall(SYS_recvmsg, sv[1], UNMAPPED_PTR, 0), EFAULT);
	check_errno("listen on a datagram socket", listen(s, 1), EOPNOTSUPP);
	check_errno("accept on a datagram socket", accept(s, NULL, NULL), EOPNOTSUPP);
	check_errno("socketpair: unmapped sv", socketpair(AF_UNIX, SOCK_STREAM, 0, UNMAPPED_PTR), EFAULT);
}

int main(void)
{
	int p[2];
	char buf[16] = "x";
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int v = 1;

	sock_test_start();
	pipe(p);
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = AF_UNIX;

	/* socket(2) and socketpair(2): the flags and the type first. */
	check_errno("socket: unknown flag in type", socket(AF_UNIX, SOCK_STREAM | 0x10000, 0), EINVAL);
	check_errno("socket: type 11", socket(AF_UNIX, 11, 0), EINVAL);
	check_errno("socket: type -1", socket(AF_UNIX, -1, 0), EINVAL);
	check_errno("socket: family -1", socket(-1, SOCK_STREAM, 0), EAFNOSUPPORT);
	check_errno("socket: family 46 (AF_MAX)", socket(46, SOCK_STREAM, 0), EAFNOSUPPORT);
	check_errno("socket: family 1000", socket(1000, SOCK_STREAM, 0), EAFNOSUPPORT);
	check_errno("socketpair: unknown flag", socketpair(AF_UNIX, SOCK_STREAM | 0x10000, 0, p), EINVAL);
	check_errno("socketpair: unmapped sv", socketpair(AF_UNIX, SOCK_STREAM, 0, UNMAPPED_PTR), EFAULT);
	check_errno("socketpair: kernel sv", socketpair(AF_UNIX, SOCK_STREAM, 0, KERNEL_PTR), EFAULT);
	check_errno("socketpair: family 46, bad sv", socketpair(46, SOCK_STREAM, 0, UNMAPPED_PTR), EFAULT);

	/* A descriptor that is not open, then one that is not a socket. */
	check_errno("bind: fd not open", bind(NOT_OPEN, (struct sockaddr *)&ss, sizeof(ss)), EBADF);
	check_errno("bind: fd -1", bind(-1, (struct sockaddr *)&ss, sizeof(ss)), EBADF);
	check_errno("bind: pipe", bind(p[0], (struct sockaddr *)&ss, sizeof(ss)), ENOTSOCK);
	check_errno("bind: pipe, addrlen -1", bind(p[0], (struct sockaddr *)&ss, -1), ENOTSOCK);
	check_errno("connect: fd not open", connect(NOT_OPEN, (struct sockaddr *)&ss, sizeof(ss)), EBADF);
	check_errno("connect: pipe", connect(p[0], (struct sockaddr *)&ss, sizeof(ss)), ENOTSOCK);
	/* connect copies the address before it asks for a socket */
	check_errno("connect: pipe, addrlen -1", connect(p[0], (struct sockaddr *)&ss, -1), EINVAL);
	check_errno("connect: pipe, addrlen 129", connect(p[0], (struct sockaddr *)&ss, 129), EINVAL);
	check_errno("connect: pipe, unmapped address", connect(p[0], UNMAPPED_PTR, 16), EFAULT);
	check_errno("connect: pipe, addrlen 0", connect(p[0], UNMAPPED_PTR, 0), ENOTSOCK);
	check_errno("listen: fd not open", listen(NOT_OPEN, 1), EBADF);
	check_errno("listen: pipe", listen(p[0], 1), ENOTSOCK);
	check_errno("accept: fd not open", accept(NOT_OPEN, NULL, NULL), EBADF);
	check_errno("accept: pipe", accept(p[0], NULL, NULL), ENOTSOCK);
	check_errno("accept4: fd not open, bad flags", accept4(NOT_OPEN, NULL, NULL, 0x10000), EBADF);
	/* (musl's accept4 retries as accept after -EINVAL: ask the kernel) */
	check_errno("accept4: pipe, bad flags", syscall(SYS_accept4, p[0], NULL, NULL, 0x10000), EINVAL);
	check_errno("accept4: pipe", accept4(p[0], NULL, NULL, SOCK_CLOEXEC), ENOTSOCK);
	check_errno("getsockname: fd not open", getsockname(NOT_OPEN, (struct sockaddr *)&ss, &len), EBADF);
	check_errno("getsockname: pipe", getsockname(p[0], (struct sockaddr *)&ss, &len), ENOTSOCK);
	check_errno("getpeername: pipe", getpeername(p[0], (struct sockaddr *)&ss, &len), ENOTSOCK);
	check_errno("shutdown: fd not open", shutdown(NOT_OPEN, SHUT_RDWR), EBADF);
	check_errno("shutdown: pipe", shutdown(p[0], SHUT_RDWR), ENOTSOCK);
	check_errno("sendto: fd not open", sendto(NOT_OPEN, buf, 1, 0, NULL, 0), EBADF);
	check_errno("sendto: pipe", sendto(p[1], buf, 1, 0, NULL, 0), ENOTSOCK);
	/* sendto and recvfrom check the buffer before the descriptor */
	check_errno("sendto: fd not open, kernel buffer", sendto(NOT_OPEN, KERNEL_PTR, 1, 0, NULL, 0), EFAULT);
	check_errno("recvfrom: fd not open, kernel buffer", recvfrom(NOT_OPEN, KERNEL_PTR, 1, 0, NULL, NULL), EFAULT);
	check_errno("recvfrom: pipe", recvfrom(p[0], buf, 1, 0, NULL, NULL), ENOTSOCK);
	check_errno("send: pipe", send(p[1], buf, 1, 0), ENOTSOCK);
	check_errno("recv: pipe", recv(p[0], buf, 1, 0), ENOTSOCK);

	struct iovec iov = { buf, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	check_errno("sendmsg: fd not open", sendmsg(NOT_OPEN, &mh, 0), EBADF);
	check_errno("sendmsg: pipe", sendmsg(p[1], &mh, 0), ENOTSOCK);
	/* (musl copies the msghdr itself: ask the kernel) */
	check_errno("sendmsg: pipe, unmapped msghdr", syscall(SYS_sendmsg, p[1], UNMAPPED_PTR, 0), ENOTSOCK);
	check_errno("recvmsg: fd not open", recvmsg(NOT_OPEN, &mh, 0), EBADF);
	check_errno("recvmsg: pipe", recvmsg(p[0], &mh, 0), ENOTSOCK);

	/* setsockopt checks a negative length before the descriptor. */
	check_errno("setsockopt: fd not open, optlen -1", setsockopt(NOT_OPEN, SOL_SOCKET, SO_REUSEADDR, &v, -1), EINVAL);
	check_errno("setsockopt: fd not open", setsockopt(NOT_OPEN, SOL_SOCKET, SO_REUSEADDR, &v, sizeof(v)), EBADF);
	check_errno("setsockopt: pipe", setsockopt(p[0], SOL_SOCKET, SO_REUSEADDR, &v, sizeof(v)), ENOTSOCK);
	len = sizeof(v);
	check_errno("getsockopt: fd not open", getsockopt(NOT_OPEN, SOL_SOCKET, SO_TYPE, &v, &len), EBADF);
	check_errno("getsockopt: pipe", getsockopt(p[0], SOL_SOCKET, SO_TYPE, &v, &len), ENOTSOCK);
	with_a_socket();
	return sock_test_exit();
}
