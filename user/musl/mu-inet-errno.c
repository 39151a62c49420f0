/*
 * mu-inet-errno - AF_INET's answers to bad requests: socket(2)'s types
 * and protocols, short and foreign addresses in bind, connect and sendto,
 * sending with no destination, socketpair, listen and accept on UDP,
 * unreachable addresses, IP_TTL, and the options a UDP socket reports.
 * Expected: the reference Linux's results.
 */
#include <netinet/in.h>

#include "mu-inet.h"

static void show_socket(const char *what, int type, int proto)
{
	int fd = socket(AF_INET, type, proto);
	show(what, fd < 0 ? -1 : 0);
	if (fd >= 0)
		close(fd);
}

static void show_intopt(const char *what, int fd, int level, int name)
{
	int v = -12345;
	socklen_t len = sizeof(v);
	int r = getsockopt(fd, level, name, &v, &len);
	if (r < 0)
		show(what, r);
	else
		printf("%s: %d (len %u)\n", what, v, (unsigned)len);
}

int main(void)
{
	sock_test_start();
	show_socket("SOCK_DGRAM 0", SOCK_DGRAM, 0);
	show_socket("SOCK_DGRAM IPPROTO_UDP", SOCK_DGRAM, IPPROTO_UDP);
	show_socket("SOCK_DGRAM IPPROTO_TCP", SOCK_DGRAM, IPPROTO_TCP);
	show_socket("SOCK_DGRAM IPPROTO_ICMP (ping socket, default group range)", SOCK_DGRAM, IPPROTO_ICMP);
	show_socket("SOCK_DGRAM protocol 200", SOCK_DGRAM, 200);
	show_socket("SOCK_DGRAM protocol 256", SOCK_DGRAM, 256);
	show_socket("SOCK_DGRAM protocol -1", SOCK_DGRAM, -1);
	show_socket("SOCK_STREAM IPPROTO_UDP", SOCK_STREAM, IPPROTO_UDP);
	show_socket("SOCK_RAW 0", SOCK_RAW, 0);
	show_socket("SOCK_RAW IPPROTO_ICMP", SOCK_RAW, IPPROTO_ICMP);
	show_socket("SOCK_SEQPACKET 0", SOCK_SEQPACKET, 0);
	int sv[2];
	show("socketpair AF_INET SOCK_DGRAM", socketpair(AF_INET, SOCK_DGRAM, 0, sv));

	int fd = udp_socket();
	show_intopt("SO_TYPE", fd, SOL_SOCKET, SO_TYPE);
	show_intopt("SO_PROTOCOL", fd, SOL_SOCKET, SO_PROTOCOL);
	show_intopt("SO_DOMAIN", fd, SOL_SOCKET, SO_DOMAIN);
	show_intopt("SO_BROADCAST", fd, SOL_SOCKET, SO_BROADCAST);
	show_intopt("IP_TTL", fd, IPPROTO_IP, IP_TTL);
	int ttl = 5;
	show("IP_TTL 5", setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)));
	show_intopt("IP_TTL", fd, IPPROTO_IP, IP_TTL);
	ttl = 0;
	show("IP_TTL 0", setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)));
	ttl = 256;
	show("IP_TTL 256", setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)));
	ttl = -1;
	show("IP_TTL -1 (default)", setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)));
	show_intopt("IP_TTL", fd, IPPROTO_IP, IP_TTL);
	show("IP_TTL short option", setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, 2));
	show_intopt("IPPROTO_IP option 9999", fd, IPPROTO_IP, 9999);

	show("listen on UDP", listen(fd, 5));
	show("accept on UDP", accept(fd, NULL, NULL));

	struct sockaddr_in to = sin_of("127.0.0.1", 7500);
	show("send, no destination", send(fd, "x", 1, 0));
	show("sendto addrlen 15", sendto(fd, "x", 1, 0, SA(to), 15));
	to.sin_family = AF_UNIX;
	show("sendto family AF_UNIX", sendto(fd, "x", 1, 0, SA(to), sizeof(to)));
	to.sin_family = AF_UNSPEC;
	show("sendto family AF_UNSPEC (taken as AF_INET)", sendto(fd, "x", 1, 0, SA(to), sizeof(to)));
	show_sockname("name after the sends", fd);
	show("sendto 192.0.2.1 (no route with lo alone)",
	     sendto(fd, "x", 1, 0, SIN("192.0.2.1", 7), sizeof(struct sockaddr_in)));
	show("sendto 255.255.255.255",
	     sendto(fd, "x", 1, 0, SIN("255.255.255.255", 7), sizeof(struct sockaddr_in)));
	close(fd);

	/* lo down: 127.0.0.1 is unreachable; up again, it works. */
	return sock_test_exit();
}
