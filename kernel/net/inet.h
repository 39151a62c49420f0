/*
 * inet.h - AF_INET sockets: TCP and UDP over IPv4.
 */
#ifndef MINOS_NET_INET_H
#define MINOS_NET_INET_H

/* Registers the family (net_init). */
void inet_init(void);

#endif
