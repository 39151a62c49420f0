/*
 * mu-inet.h - what the AF_INET tests of user/musl (mu-udp-*.c, mu-inet-*.c)
 * share beyond mu-sock.h: building IPv4 addresses and printing them
 * without anything that changes from run to run (an ephemeral port shows
 * only as "in range").
 */
#ifndef MINOS_MU_INET_H
#define MINOS_MU_INET_H

#include <arpa/inet.h>
#include <netinet/in.h>

#include "mu-sock.h"

static inline struct sockaddr_in sin_of(const char *ip, int port)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

#define SA(a) ((struct sockaddr *)&(a))

/* An address made on the spot, for one call: SIN("127.0.0.1", 7). */
static __attribute__((unused)) struct sockaddr_in mu_inet_tmp;
#define SIN(ip, port) (mu_inet_tmp = sin_of(ip, port), (struct sockaddr *)&mu_inet_tmp)

/* Linux's default net.ipv4.ip_local_port_range. */
static inline int ephemeral(int port) { return port >= 32768 && port <= 60999; }

/* "what: 127.0.0.1:5000", or the port as "ephemeral" when in the range. */
static inline void show_addr(const char *what, const struct sockaddr_in *a, socklen_t len)
{
	char ip[INET_ADDRSTRLEN];
	int port = ntohs(a->sin_port);
	inet_ntop(AF_INET, &a->sin_addr, ip, sizeof(ip));
	if (ephemeral(port))
		printf("%s: family %d %s:ephemeral len %u\n", what, a->sin_family, ip, (unsigned)len);
	else
		printf("%s: family %d %s:%d len %u\n", what, a->sin_family, ip, port, (unsigned)len);
}

static inline void show_sockname(const char *what, int fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	memset(&a, 0xee, sizeof(a));
	if (getsockname(fd, SA(a), &len) < 0)
		show(what, -1);
	else
		show_addr(what, &a, len);
}

static inline int udp_socket(void) { return socket(AF_INET, SOCK_DGRAM, 0); }

/* A UDP socket bound to ip:port (port 0: ephemeral), or -1. */
static inline int udp_bound(const char *ip, int port)
{
	int fd = udp_socket();
	struct sockaddr_in a = sin_of(ip, port);
	if (fd >= 0 && bind(fd, SA(a), sizeof(a)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static inline int port_of(int fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	if (getsockname(fd, SA(a), &len) < 0)
		return -1;
	return ntohs(a.sin_port);
}

#endif
