/*
 * net.c - bringing up the network at boot: the address families, then
 * the interfaces (net/socket.h).
 */
#include "net/socket.h"
#include "net/unix.h"
#include "net/inet.h"

void net_init(void)
{
	unix_init();
	inet_init();
}
