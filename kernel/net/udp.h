/*
 * udp.h - UDP (RFC 768) behind AF_INET SOCK_DGRAM sockets.
 */
#ifndef MINOS_NET_UDP_H
#define MINOS_NET_UDP_H

#include "net/socket.h"

/* inet.c's create for SOCK_DGRAM (protocol 0 or IPPROTO_UDP). */
int udp_create(struct socket *s);

#endif
