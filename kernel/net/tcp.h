/*
 * tcp.h - TCP (RFC 9293): connections, their state machine and timers,
 * behind AF_INET SOCK_STREAM sockets. The engine is split by concern:
 * tcp.c (the table), tcp_input.c, tcp_output.c, tcp_timer.c and
 * tcp_sock.c (the socket operations); tcp_conn.h is what they share.
 */
#ifndef MINOS_NET_TCP_H
#define MINOS_NET_TCP_H

#include "types.h"

struct socket;

/* inet.c's create for SOCK_STREAM (protocol 0 or IPPROTO_TCP): fills
 * s->ops and s->sk. */
int tcp_create(struct socket *s);
/* Boot: picks the secret behind initial sequence numbers. */
void tcp_init(void);
/* Every tick (TICK_NET, through ip.c's subscriber): retransmission,
 * persist, FIN-WAIT-2 and TIME-WAIT timers; frees finished orphans. */
void tcp_tick(void);
/* True while some connection has bytes or a FIN its peer has not
 * acknowledged (net_settle). */
bool tcp_unacknowledged(void);

#endif
