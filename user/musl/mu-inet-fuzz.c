/*
 * mu-inet-fuzz - 20,000 random calls on AF_INET sockets from a fixed seed:
 * socket with any type and protocol, bind, connect and sendto with random
 * families, addresses (127/8, 0.0.0.0, broadcast, foreign, random),
 * ports and lengths, non-blocking receives with random flags, random
 * options, the interface ioctls that only read, shutdown, poll, close.
 * Every socket is non-blocking, so no call waits. Only survival is
 * printed, then a UDP round trip that must still work, so the output is
 * the same on both kernels. `mu-inet-fuzz SEED` starts from another seed.
 * Expected: the reference Linux's results.
 */
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#include "mu-inet.h"

#define CALLS 20000
#define SOCKS 16

static unsigned long long state = 0x2545f4914f6cdd1dull;
static unsigned rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (unsigned)state;
}

static struct sockaddr_storage random_addr(socklen_t *len)
{
	static const unsigned addrs[] = { 0x7f000001, 0x7f000002, 0, 0xffffffff, 0xc0000201, 0x7fffffff, 0x0a000202 };
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof(ss));
	struct sockaddr_in *a = (struct sockaddr_in *)&ss;
	unsigned f = rnd() % 8;
	a->sin_family = f < 5 ? AF_INET : f == 5 ? AF_UNSPEC : (unsigned short)rnd();
	a->sin_port = htons((unsigned short)(9000 + rnd() % 8));
	a->sin_addr.s_addr = rnd() % 4 ? htonl(addrs[rnd() % 7]) : rnd();
	unsigned l = rnd() % 6;
	*len = l < 4 ? sizeof(struct sockaddr_in) : l == 4 ? rnd() % 16 : sizeof(ss);
	return ss;
}

int main(int argc, char **argv)
{
	static char buf[70000];
	if (argc > 1) /* another seed: mu-inet-fuzz SEED */
		state = strtoull(argv[1], NULL, 0) | 1;
	int fds[SOCKS];
	sock_test_start();
	for (int i = 0; i < SOCKS; i++)
		fds[i] = -1;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)rnd();
	static const int types[] = { SOCK_DGRAM, SOCK_DGRAM, SOCK_RAW, SOCK_STREAM, SOCK_SEQPACKET };
	static const int protos[] = { 0, IPPROTO_UDP, IPPROTO_ICMP, IPPROTO_TCP, 255, 1000 };
	static const unsigned long ioctls[] = { FIONREAD, SIOCGIFFLAGS, SIOCGIFADDR, SIOCGIFNETMASK,
						SIOCGIFMTU, SIOCGIFINDEX, SIOCGIFHWADDR, SIOCGIFBRDADDR,
						SIOCGIFNAME, 0x5411, 0x8999 };
	int made = 0;
	for (int n = 0; n < CALLS; n++) {
		int k = (int)(rnd() % SOCKS);
		int fd = fds[k];
		struct sockaddr_storage ss;
		socklen_t len;
		switch (fd < 0 ? 0 : rnd() % 12) {
		case 0:
			if (fd >= 0)
				close(fd);
			fds[k] = socket(AF_INET, types[rnd() % 5] | SOCK_NONBLOCK, protos[rnd() % 6]);
			made += fds[k] >= 0;
			break;
		case 1:
			ss = random_addr(&len);
			bind(fd, (struct sockaddr *)&ss, len);
			break;
		case 2:
			if (rnd() % 4 == 0) { /* a stream connect would start TCP: keep to datagrams */
				ss = random_addr(&len);
				int type = 0;
				socklen_t tl = sizeof(type);
				getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl);
				if (type != SOCK_STREAM)
					connect(fd, (struct sockaddr *)&ss, len);
			}
			break;
		case 3:
		case 4: {
			ss = random_addr(&len);
			size_t size = rnd() % 8 == 0 ? rnd() % sizeof(buf) : rnd() % 200;
			int flags = MSG_DONTWAIT | MSG_NOSIGNAL | (rnd() % 8 == 0 ? MSG_OOB : 0);
			if (rnd() % 3)
				sendto(fd, buf, size, flags, (struct sockaddr *)&ss, len);
			else
				send(fd, buf, size, flags);
			break;
		}
		case 5:
		case 6: {
			char in[2048];
			struct sockaddr_in from;
			socklen_t flen = rnd() % 3 ? sizeof(from) : rnd() % 20;
			int flags = MSG_DONTWAIT | (int)(rnd() % 2 ? MSG_PEEK : 0) | (int)(rnd() % 2 ? MSG_TRUNC : 0);
			recvfrom(fd, in, rnd() % sizeof(in), flags, (struct sockaddr *)&from, &flen);
			break;
		}
		case 7: {
			int v = (int)(rnd() % 3 == 0 ? rnd() : rnd() % 300);
			int level = rnd() % 3 == 0 ? SOL_SOCKET : rnd() % 2 ? IPPROTO_IP : SOL_RAW;
			int name = (int)(rnd() % 20);
			setsockopt(fd, level, name, &v, (socklen_t)(rnd() % 8));
			break;
		}
		case 8: {
			int v[4];
			socklen_t l = (socklen_t)(rnd() % 20);
			getsockopt(fd, rnd() % 2 ? SOL_SOCKET : IPPROTO_IP, (int)(rnd() % 40), v, &l);
			break;
		}
		case 9: {
			struct ifreq r;
			memset(&r, 0, sizeof(r));
			strcpy(r.ifr_name, rnd() % 4 ? "lo" : "xx9");
			r.ifr_ifindex = (int)(rnd() % 4);
			ioctl(fd, ioctls[rnd() % 11], &r);
			break;
		}
		case 10:
			shutdown(fd, (int)(rnd() % 4));
			break;
		case 11: {
			struct pollfd p = { fd, POLLIN | POLLOUT, 0 };
			poll(&p, 1, 0);
			break;
		}
		}
	}
	for (int i = 0; i < SOCKS; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	check("many sockets made", made > 100);
	printf("%d calls survived\n", CALLS);

	int a = udp_bound("127.0.0.1", 9100), b = udp_socket();
	char in[16];
	sendto(b, "still", 5, 0, SIN("127.0.0.1", 9100), sizeof(struct sockaddr_in));
	check("UDP still works", recv(a, in, sizeof(in), MSG_DONTWAIT) == 5 && memcmp(in, "still", 5) == 0);
	return sock_test_exit();
}
