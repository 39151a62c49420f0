/*
 * netxfer.c - moves a known stream of bytes each way over one TCP
 * connection and prints what crossed, so a peer on another machine (the
 * host, through QEMU's user network) can check every byte.
 *
 *   netxfer connect ADDR PORT BYTES   connect to ADDR:PORT
 *   netxfer listen PORT BYTES         accept one connection on PORT
 *
 * Either way, a child process sends BYTES bytes of the stream (below) and
 * then shuts down its sending side; the parent reads until end of file.
 * Output: "sent N fnv1a64=H" and "received N fnv1a64=H". The stream is
 * xorshift32 from seed 2463534242, one byte (its low 8 bits) per step;
 * scripts/harness/net.py computes the same on the host.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define SEED 2463534242u
#define FNV_OFFSET 14695981039346656037ull
#define FNV_PRIME 1099511628211ull

static uint64_t fnv(uint64_t h, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * FNV_PRIME;
	return h;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* The child's side: the stream, then FIN. */
static void send_stream(int fd, unsigned long total)
{
	unsigned char buf[16384];
	uint32_t x = SEED;
	uint64_t h = FNV_OFFSET;
	unsigned long done = 0;
	while (done < total) {
		size_t n = total - done < sizeof(buf) ? total - done : sizeof(buf);
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			buf[i] = (unsigned char)x;
		}
		h = fnv(h, buf, n);
		for (size_t off = 0; off < n;) {
			ssize_t w = write(fd, buf + off, n - off);
			if (w < 0)
				die("write");
			off += (size_t)w;
		}
		done += n;
	}
	if (shutdown(fd, SHUT_WR) < 0)
		die("shutdown");
	printf("sent %lu fnv1a64=%016llx\n", done, (unsigned long long)h);
	fflush(stdout);
}

static int exchange(int fd, unsigned long total)
{
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		send_stream(fd, total);
		_exit(0);
	}
	unsigned char buf[16384];
	uint64_t h = FNV_OFFSET;
	unsigned long got = 0;
	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));
		if (r < 0)
			die("read");
		if (r == 0)
			break;
		h = fnv(h, buf, (size_t)r);
		got += (unsigned long)r;
	}
	int status;
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	printf("received %lu fnv1a64=%016llx\n", got, (unsigned long long)h);
	close(fd);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	if (argc == 5 && strcmp(argv[1], "connect") == 0) {
		if (inet_pton(AF_INET, argv[2], &a.sin_addr) != 1) {
			fprintf(stderr, "netxfer: bad address %s\n", argv[2]);
			return 2;
		}
		a.sin_port = htons((uint16_t)atoi(argv[3]));
		if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
			die("connect");
		return exchange(fd, strtoul(argv[4], NULL, 10));
	}
	if (argc == 4 && strcmp(argv[1], "listen") == 0) {
		int one = 1;
		a.sin_port = htons((uint16_t)atoi(argv[2]));
		if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
			die("setsockopt");
		if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
			die("bind");
		if (listen(fd, 1) < 0)
			die("listen");
		printf("listening\n");
		fflush(stdout);
		int c = accept(fd, NULL, NULL);
		if (c < 0)
			die("accept");
		close(fd);
		return exchange(c, strtoul(argv[3], NULL, 10));
	}
	fprintf(stderr, "usage: netxfer connect ADDR PORT BYTES | netxfer listen PORT BYTES\n");
	return 2;
}
