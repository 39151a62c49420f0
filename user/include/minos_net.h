/*
 * minos_net.h - the socket calls and IPv4 address helpers of MinOS's own
 * network tools (ping, ifconfig, nc), on libminc's syscall(): each call
 * returns what the C library's would (-1 and errno on failure). The
 * structures and constants are Linux's, from <uapi/socket.h>,
 * <uapi/in.h> and <uapi/if.h>.
 */
#ifndef MINOS_NET_H
#define MINOS_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <uapi/socket.h>
#include <uapi/in.h>
#include <uapi/if.h>

static inline int net_socket(int family, int type, int proto)
{
	return (int)syscall(__NR_socket, family, type, proto);
}
static inline int net_bind(int fd, const void *addr, unsigned len)
{
	return (int)syscall(__NR_bind, fd, addr, len);
}
static inline int net_connect(int fd, const void *addr, unsigned len)
{
	return (int)syscall(__NR_connect, fd, addr, len);
}
static inline int net_listen(int fd, int backlog) { return (int)syscall(__NR_listen, fd, backlog); }
static inline int net_accept(int fd, void *addr, unsigned *len)
{
	return (int)syscall(__NR_accept, fd, addr, len);
}
static inline long net_sendto(int fd, const void *buf, size_t n, int flags, const void *to, unsigned tolen)
{
	return syscall(__NR_sendto, fd, buf, n, flags, to, tolen);
}
static inline long net_recvfrom(int fd, void *buf, size_t n, int flags, void *from, unsigned *fromlen)
{
	return syscall(__NR_recvfrom, fd, buf, n, flags, from, fromlen);
}
static inline int net_setsockopt(int fd, int level, int name, const void *val, unsigned len)
{
	return (int)syscall(__NR_setsockopt, fd, level, name, val, len);
}
static inline int net_shutdown(int fd, int how) { return (int)syscall(__NR_shutdown, fd, how); }
static inline int net_ioctl(int fd, unsigned long req, void *arg)
{
	return (int)syscall(__NR_ioctl, fd, req, arg);
}

static inline unsigned short net_htons(unsigned short x) { return (unsigned short)(x << 8 | x >> 8); }

/* "a.b.c.d" (each 0-255) to an address in network byte order. */
static inline bool net_parse_ip(const char *s, unsigned *out)
{
	unsigned char b[4];
	for (int i = 0; i < 4; i++) {
		unsigned v = 0;
		int digits = 0;
		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (!digits || v > 255 || (i < 3 && *s++ != '.'))
			return false;
		b[i] = (unsigned char)v;
	}
	if (*s)
		return false;
	memcpy(out, b, 4);
	return true;
}

/* An address in network byte order as "a.b.c.d" (buf: 16 bytes). */
static inline const char *net_format_ip(unsigned addr, char *buf)
{
	const unsigned char *b = (const unsigned char *)&addr;
	snprintf(buf, 16, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
	return buf;
}

static inline struct sockaddr_in net_sin(unsigned addr, unsigned short port)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = net_htons(port);
	a.sin_addr.s_addr = addr;
	return a;
}

#endif
