/*
 * tcp.h - TCP (RFC 9293): connections, their state machine and timers,
 * behind AF_INET SOCK_STREAM sockets.
 */
#ifndef MINOS_NET_TCP_H
#define MINOS_NET_TCP_H

#include "net/socket.h"

/* inet.c's create for SOCK_STREAM (protocol 0 or IPPROTO_TCP): fills
 * s->ops and s->sk. */
int tcp_create(struct socket *s);
/* Boot: subscribes the retransmission and TIME_WAIT timers (TICK_NET). */
void tcp_init(void);

#endif
