/*
 * netflood.c - the server side of a SYN flood from another machine (the
 * host, through QEMU's user network: scripts/harness/net.py's syn-flood
 * peer): a listener with a small backlog that accepts slowly while
 * connections pour in, then answers one ordinary request, and checks that
 * the kernel gave back every connection and buffer the flood cost.
 *
 *   netflood PORT BACKLOG
 *
 * Prints "before: LINE" (the TCP line of /proc/net/sockstat), then
 * "listening". Each accepted connection is read: one that sends "ping"
 * is answered "pong\n" and ends the serving (after its peer closes);
 * any other is closed. Then the listener closes, and once the TCP line
 * reads as before (or after 10 s) it prints "after: LINE", and
 * "accepted N" (connections accepted, the request's included). Exit
 * status 0 only when the two lines are equal.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* The "TCP: ..." line of /proc/net/sockstat, without its newline. */
static void tcp_counts(char *out, size_t size)
{
	char buf[512];
	int fd = open("/proc/net/sockstat", O_RDONLY);
	if (fd < 0)
		die("/proc/net/sockstat");
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	char *line = strstr(buf, "TCP:");
	if (!line)
		die("no TCP line in /proc/net/sockstat");
	size_t len = strcspn(line, "\n");
	snprintf(out, size, "%.*s", (int)len, line);
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: netflood PORT BACKLOG\n");
		return 2;
	}
	char before[256], after[256];
	tcp_counts(before, sizeof(before));
	printf("before: %s\n", before);

	int l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0)
		die("socket");
	int one = 1;
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1])) };
	if (bind(l, (struct sockaddr *)&a, sizeof(a)) < 0)
		die("bind");
	if (listen(l, atoi(argv[2])) < 0)
		die("listen");
	printf("listening\n");
	fflush(stdout);

	/* A connection that says nothing for this long is closed. */
	struct timeval idle = { 5, 0 };
	int accepted = 0, served = 0;
	while (!served) {
		pause_ms(50); /* slowly: the queue stays full while the flood lasts */
		int c = accept(l, NULL, NULL);
		if (c < 0)
			die("accept");
		accepted++;
		setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof(idle));
		char req[64];
		ssize_t n = read(c, req, sizeof(req));
		if (n >= 4 && memcmp(req, "ping", 4) == 0) {
			if (write(c, "pong\n", 5) != 5)
				die("write");
			/* Let the peer close first: this end then leaves no
			 * TIME-WAIT behind. */
			while (read(c, req, sizeof(req)) > 0)
				;
			served = 1;
		}
		close(c);
	}
	close(l);

	for (int i = 0; i < 100; i++) {
		tcp_counts(after, sizeof(after));
		if (strcmp(after, before) == 0)
			break;
		pause_ms(100);
	}
	printf("after: %s\n", after);
	printf("accepted %d\n", accepted);
	return strcmp(after, before) == 0 ? 0 : 1;
}
