/*
 * tcp_uapi.h - the ABI TCP speaks with Linux's values: its socket options
 * at level IPPROTO_TCP (include/uapi/linux/tcp.h) and its ioctls.
 */
#ifndef MINOS_NET_TCP_UAPI_H
#define MINOS_NET_TCP_UAPI_H


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

#endif
