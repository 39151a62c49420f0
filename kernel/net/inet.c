/*
 * inet.c - AF_INET sockets: TCP and UDP over IPv4 (inet.h).
 */
#include "net/inet.h"
#include "net/socket.h"

void inet_init(void)
{
}
