/*
 * unix.h - AF_UNIX sockets: stream and datagram, path and abstract names.
 */
#ifndef MINOS_NET_UNIX_H
#define MINOS_NET_UNIX_H

/* Registers the family (net_init). */
void unix_init(void);

#endif
