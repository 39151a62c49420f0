/*
 * mu-tcp.h - what the TCP tests of user/musl (mu-tcp-*.c) share beyond
 * mu-inet.h: a listener on 127.0.0.1 or 0.0.0.0, a connected client, and
 * reading and writing whole buffers. Ports are fixed per test, so two
 * tests never share one.
 */
#ifndef MINOS_MU_TCP_H
#define MINOS_MU_TCP_H

#include <fcntl.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>

#include "mu-inet.h"

/* A socket listening on ip:port (SO_REUSEADDR first when reuse), or -1. */
static inline int tcp_listener(const char *ip, int port, int backlog, int reuse)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = sin_of(ip, port);
	if (fd < 0)
		return -1;
	if (reuse)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof(reuse));
	if (bind(fd, SA(a), sizeof(a)) < 0 || listen(fd, backlog) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A socket connected to 127.0.0.1:port, or -1. */
static inline int tcp_client(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = sin_of("127.0.0.1", port);
	if (fd < 0)
		return -1;
	if (connect(fd, SA(a), sizeof(a)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static inline long write_all(int fd, const void *buf, size_t n)
{
	size_t done = 0;
	while (done < n) {
		ssize_t w = write(fd, (const char *)buf + done, n - done);
		if (w < 0)
			return -1;
		done += (size_t)w;
	}
	return (long)done;
}

/* Reads until end of file or n bytes; returns the count, or -1. */
static inline long read_all(int fd, void *buf, size_t n)
{
	size_t done = 0;
	while (done < n) {
		ssize_t r = read(fd, (char *)buf + done, n - done);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		done += (size_t)r;
	}
	return (long)done;
}

#endif
