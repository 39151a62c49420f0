/*
 * unix.c - AF_UNIX sockets: stream and datagram, path and abstract names (unix.h).
 */
#include "net/unix.h"
#include "net/socket.h"

void unix_init(void)
{
}
