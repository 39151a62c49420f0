/*
 * tcp_uapi.h - the ABI TCP speaks with Linux's values: its socket options
 * (include/uapi/linux/tcp.h), the IPv4 socket address
 * (include/uapi/linux/in.h), and POLLRDHUP (uapi/asm-generic/poll.h)
 * while the shared uapi headers lack it.
 */
#ifndef MINOS_NET_TCP_UAPI_H
#define MINOS_NET_TCP_UAPI_H

#include "uapi/errno.h"
#include "uapi/misc.h"
#include "types.h"

#ifndef POLLRDHUP
#define POLLRDHUP 0x2000
#endif

/* Options at level IPPROTO_TCP (include/uapi/linux/tcp.h). */
#define TCP_NODELAY 1
#define TCP_MAXSEG 2
#define TCP_KEEPIDLE 4
#define TCP_KEEPINTVL 5
#define TCP_KEEPCNT 6
/* Their bounds (include/net/tcp.h). */
#define TCP_MIN_MSS 88
#define TCP_MAX_KEEPIDLE 32767
#define TCP_MAX_KEEPINTVL 32767
#define TCP_MAX_KEEPCNT 127

/* ioctl(2) requests (include/uapi/asm-generic/ioctls.h, sockios.h). */
#define TCP_FIONREAD 0x541B /* = SIOCINQ */
#define TCP_SIOCOUTQ 0x5411

/* struct sockaddr_in (include/uapi/linux/in.h): 16 bytes. */
struct tcp_sockaddr_in {
	u16 sin_family;
	u16 sin_port;  /* network byte order */
	u32 sin_addr;  /* network byte order */
	u8 sin_zero[8];
};

#endif
