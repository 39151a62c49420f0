/*
 * icmp.h - ICMP (RFC 792) and its raw sockets: socket(AF_INET, SOCK_RAW,
 * IPPROTO_ICMP), which ping uses as root.
 */
#ifndef MINOS_NET_ICMP_H
#define MINOS_NET_ICMP_H

#include "net/socket.h"

#define ICMP_ECHOREPLY 0
#define ICMP_DEST_UNREACH 3
#define ICMP_ECHO 8
#define ICMP_HLEN 8

/* inet.c's create for SOCK_RAW with protocol IPPROTO_ICMP. */
int icmp_raw_create(struct socket *s);

#endif
