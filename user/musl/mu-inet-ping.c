/*
 * mu-inet-ping - what ping does as root: a raw ICMP socket sends an echo
 * request built by the program to 127.0.0.1 and reads, IP header first,
 * every ICMP datagram lo brings in: its own request, then the kernel's
 * reply. Also: a reply from 127.0.0.2, ICMP_FILTER, a request with a bad
 * checksum (seen, never answered), a port unreachable about a UDP
 * datagram, truncation and the socket's name. Times, IP ids and the
 * header checksum's value are not printed. Expected: the reference
 * Linux's results.
 */
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>

#include "mu-inet.h"

#define ID 0x4d4f
#ifndef ICMP_FILTER
#define ICMP_FILTER 1 /* include/uapi/linux/icmp.h, level SOL_RAW */
#endif

static unsigned short cksum(const void *data, size_t len)
{
	const unsigned char *p = data;
	unsigned long sum = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (unsigned)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (unsigned)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((unsigned short)~sum);
}

static size_t echo(unsigned char *buf, int type, int seq, size_t datalen)
{
	struct icmphdr *h = (struct icmphdr *)buf;
	memset(buf, 0, sizeof(*h));
	h->type = (unsigned char)type;
	h->un.echo.id = htons(ID);
	h->un.echo.sequence = htons((unsigned short)seq);
	for (size_t i = 0; i < datalen; i++)
		buf[sizeof(*h) + i] = (unsigned char)(i + seq);
	h->checksum = cksum(buf, sizeof(*h) + datalen);
	return sizeof(*h) + datalen;
}

/* Reads one datagram (at most 2 s) and prints what it holds. */
static int show_next(int fd, const char *what, int timeout_ms)
{
	unsigned char buf[2048];
	struct pollfd p = { fd, POLLIN, 0 };
	if (poll(&p, 1, timeout_ms) <= 0) {
		printf("%s: nothing\n", what);
		return 0;
	}
	struct sockaddr_in from;
	socklen_t flen = sizeof(from);
	ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, SA(from), &flen);
	if (n < 0) {
		show(what, n);
		return 0;
	}
	struct iphdr *ip = (struct iphdr *)buf;
	size_t ihl = ip->ihl * 4u;
	char src[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &ip->saddr, src, sizeof(src));
	inet_ntop(AF_INET, &ip->daddr, dst, sizeof(dst));
	printf("%s: %zd bytes, version %d ihl %zu tot_len %d proto %d ttl %d %s -> %s, header sum %s\n", what, n,
	       ip->version, ihl, ntohs(ip->tot_len), ip->protocol, ip->ttl, src, dst,
	       cksum(buf, ihl) == 0 ? "good" : "bad");
	struct icmphdr *h = (struct icmphdr *)(buf + ihl);
	printf("%s: icmp type %d code %d", what, h->type, h->code);
	if (h->type == ICMP_ECHO || h->type == ICMP_ECHOREPLY)
		printf(" id %#x seq %d", ntohs(h->un.echo.id), ntohs(h->un.echo.sequence));
	if (h->type == ICMP_DEST_UNREACH) {
		struct iphdr *q = (struct iphdr *)(h + 1);
		unsigned char *qp = (unsigned char *)q + q->ihl * 4u;
		printf(" about proto %d to port %d", q->protocol, qp[2] << 8 | qp[3]);
	}
	printf(", icmp sum %s\n", cksum(h, (size_t)n - ihl) == 0 ? "good" : "bad");
	show_addr(what, &from, flen);
	return 1;
}

int main(void)
{
	unsigned char pkt[256];
	sock_test_start();
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	check("socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)", fd >= 0);
	show_sockname("raw socket's name", fd);

	size_t len = echo(pkt, ICMP_ECHO, 1, 56);
	struct sockaddr_in lo = sin_of("127.0.0.1", 0);
	show("sendto 127.0.0.1 echo request", sendto(fd, pkt, len, 0, SA(lo), sizeof(lo)));
	show_next(fd, "first", 2000);
	show_next(fd, "second", 2000);
	show_next(fd, "then", 200);

	len = echo(pkt, ICMP_ECHO, 2, 8);
	show("sendto 127.0.0.2", sendto(fd, pkt, len, 0, SIN("127.0.0.2", 0), sizeof(lo)));
	show_next(fd, "first", 2000);
	show_next(fd, "second", 2000);

	unsigned int filter = 1u << ICMP_ECHO;
	show("ICMP_FILTER without echo requests", setsockopt(fd, SOL_RAW, ICMP_FILTER, &filter, sizeof(filter)));
	len = echo(pkt, ICMP_ECHO, 3, 0);
	show("sendto 127.0.0.1", sendto(fd, pkt, len, 0, SA(lo), sizeof(lo)));
	show_next(fd, "filtered", 2000);
	show_next(fd, "then", 200);
	filter = 0;
	setsockopt(fd, SOL_RAW, ICMP_FILTER, &filter, sizeof(filter));

	len = echo(pkt, ICMP_ECHO, 4, 16);
	pkt[2] ^= 0x55;
	show("sendto a request with a bad checksum", sendto(fd, pkt, len, 0, SA(lo), sizeof(lo)));
	show_next(fd, "bad request", 2000);
	show_next(fd, "answer", 300);

	int u = udp_socket();
	show("UDP sendto a closed port", sendto(u, "hello", 5, 0, SIN("127.0.0.1", 7601), sizeof(lo)));
	show_next(fd, "error", 2000);
	close(u);

	len = echo(pkt, ICMP_ECHO, 5, 100);
	sendto(fd, pkt, len, 0, SA(lo), sizeof(lo));
	sleep_ms(50);
	struct msghdr mh;
	struct iovec iov = { pkt, 20 };
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	show("recvmsg into 20 bytes", recvmsg(fd, &mh, 0));
	printf("MSG_TRUNC: %d\n", !!(mh.msg_flags & MSG_TRUNC));
	show("recv MSG_TRUNC into 20 bytes", recv(fd, pkt, 20, MSG_TRUNC));

	show("send without address", send(fd, pkt, 8, 0));
	show("sendto addrlen 8", sendto(fd, pkt, 8, 0, SA(lo), 8));
	show("sendto 192.0.2.1 (no route)", sendto(fd, pkt, 8, 0, SIN("192.0.2.1", 0), sizeof(lo)));
	close(fd);
	return sock_test_exit();
}
