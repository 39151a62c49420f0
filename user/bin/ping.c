/*
 * ping - sends ICMP echo requests (RFC 792) to an IPv4 address through a
 * raw ICMP socket and prints each reply and a summary, in busybox ping's
 * format: ping [-q] [-c COUNT] [-s SIZE] [-W SECONDS] A.B.C.D. One request
 * a second; with -c it stops after COUNT requests, as soon as every reply
 * is in (or -W SECONDS, default 10, after the last request). ^C prints the
 * summary. Exits 0 when a reply came, 1 when none did, 2 on bad usage.
 */
#include <errno.h>
#include <minos_net.h>
#include <minos_util.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ICMP_ECHOREPLY 0
#define ICMP_ECHO 8
#define ICMP_HLEN 8
#define DEFAULT_DATALEN 56 /* 64 bytes of ICMP, as every ping sends */
#define MAX_DATALEN 65507 - ICMP_HLEN
#define STAMP_LEN 8        /* the send time, in microseconds, leads the data */

static char target_text[16];
static unsigned long sent, received;
static unsigned long tmin = ~0ul, tmax, tsum;
static unsigned char packet[65536];

static unsigned long now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (unsigned long)t.tv_sec * 1000000ul + (unsigned long)t.tv_nsec / 1000;
}

static unsigned short checksum(const unsigned char *p, size_t len)
{
	unsigned long sum = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (unsigned)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (unsigned)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return net_htons((unsigned short)~sum);
}

static __attribute__((noreturn)) void summary_and_exit(void)
{
	printf("\n--- %s ping statistics ---\n", target_text);
	printf("%lu packets transmitted, %lu packets received, ", sent, received);
	printf("%lu%% packet loss\n", sent ? (sent - received) * 100 / sent : 0);
	if (received) {
		unsigned long avg = tsum / received;
		printf("round-trip min/avg/max = %lu.%03lu/%lu.%03lu/%lu.%03lu ms\n", tmin / 1000, tmin % 1000,
		       avg / 1000, avg % 1000, tmax / 1000, tmax % 1000);
	}
	exit(received ? 0 : 1);
}

static void on_interrupt(int sig)
{
	(void)sig;
	summary_and_exit();
}

static void send_echo(int fd, unsigned short id, unsigned short seq, size_t datalen, unsigned addr)
{
	size_t len = ICMP_HLEN + datalen;
	memset(packet, 0, ICMP_HLEN);
	packet[0] = ICMP_ECHO;
	memcpy(packet + 4, &id, 2);
	unsigned short nseq = net_htons(seq);
	memcpy(packet + 6, &nseq, 2);
	for (size_t i = 0; i < datalen; i++)
		packet[ICMP_HLEN + i] = (unsigned char)i;
	if (datalen >= STAMP_LEN) {
		unsigned long t = now_us();
		memcpy(packet + ICMP_HLEN, &t, STAMP_LEN);
	}
	unsigned short sum = checksum(packet, len);
	memcpy(packet + 2, &sum, 2);
	struct sockaddr_in to = net_sin(addr, 0);
	if (net_sendto(fd, packet, len, 0, &to, sizeof(to)) < 0)
		perror("ping: sendto");
	else
		sent++;
}

/* Reads one datagram; prints it when it is a reply to us. Returns 1 then. */
static int take_reply(int fd, unsigned short id, size_t datalen, bool quiet)
{
	struct sockaddr_in from;
	unsigned flen = sizeof(from);
	long n = net_recvfrom(fd, packet, sizeof(packet), 0, &from, &flen);
	if (n < 20)
		return 0;
	unsigned ihl = (packet[0] & 0xf) * 4u;
	if ((unsigned long)n < ihl + ICMP_HLEN)
		return 0;
	unsigned char *icmp = packet + ihl;
	unsigned short rid;
	memcpy(&rid, icmp + 4, 2);
	if (icmp[0] != ICMP_ECHOREPLY || rid != id)
		return 0; /* our own request seen on lo, or someone else's */
	unsigned seq = (unsigned)(icmp[6] << 8 | icmp[7]);
	unsigned long rtt = 0;
	bool timed = datalen >= STAMP_LEN && (unsigned long)n >= ihl + ICMP_HLEN + STAMP_LEN;
	if (timed) {
		unsigned long t;
		memcpy(&t, icmp + ICMP_HLEN, STAMP_LEN);
		rtt = now_us() - t;
		tmin = rtt < tmin ? rtt : tmin;
		tmax = rtt > tmax ? rtt : tmax;
		tsum += rtt;
	}
	received++;
	if (!quiet) {
		char ip[16];
		printf("%ld bytes from %s: seq=%u ttl=%u", n - (long)ihl, net_format_ip(from.sin_addr.s_addr, ip), seq,
		       packet[8]);
		if (timed)
			printf(" time=%lu.%03lu ms", rtt / 1000, rtt % 1000);
		printf("\n");
	}
	return 1;
}

static __attribute__((noreturn)) void usage(void)
{
	dprintf(2, "usage: ping [-q] [-c COUNT] [-s SIZE] [-W SECONDS] A.B.C.D\n");
	exit(2);
}

int main(int argc, char **argv)
{
	long count = 0, datalen = DEFAULT_DATALEN, wait_s = 10;
	bool quiet = false;
	int opt;
	while ((opt = getopt(argc, argv, "qc:s:W:")) != -1) {
		switch (opt) {
		case 'q': quiet = true; break;
		case 'c': count = atol(optarg); break;
		case 's': datalen = atol(optarg); break;
		case 'W': wait_s = atol(optarg); break;
		default: usage();
		}
	}
	unsigned addr;
	if (optind != argc - 1 || count < 0 || datalen < 0 || datalen > MAX_DATALEN || wait_s < 1)
		usage();
	if (!net_parse_ip(argv[optind], &addr)) {
		dprintf(2, "ping: bad address '%s'\n", argv[optind]);
		return 2;
	}
	net_format_ip(addr, target_text);
	int fd = net_socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (fd < 0) {
		perror("ping: socket");
		return 2;
	}
	unsigned short id = net_htons((unsigned short)getpid());
	signal(SIGINT, on_interrupt);
	printf("PING %s (%s): %ld data bytes\n", target_text, target_text, datalen);

	unsigned short seq = 0;
	unsigned long next_send = now_us(), deadline = 0;
	for (;;) {
		unsigned long t = now_us();
		if ((!count || (long)sent < count) && t >= next_send) {
			send_echo(fd, id, seq++, (size_t)datalen, addr);
			next_send += 1000000;
			if (count && (long)sent == count)
				deadline = t + (unsigned long)wait_s * 1000000;
		}
		if (count && (long)sent == count && (received >= sent || now_us() >= deadline))
			break;
		unsigned long until = count && (long)sent == count ? deadline : next_send;
		t = now_us();
		int ms = until > t ? (int)((until - t + 999) / 1000) : 0;
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, ms) > 0)
			take_reply(fd, id, (size_t)datalen, quiet);
	}
	summary_and_exit();
}
