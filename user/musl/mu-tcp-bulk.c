/*
 * mu-tcp-bulk - 10 MB each way over lo: the client sends 10 MB in writes
 * of varied sizes and shuts its side; the server reads it all (reads of
 * varied sizes), checks every byte against the pattern, then sends 10 MB
 * back; the client reads and checks them. Each side prints its count and
 * a checksum of the bytes. Expected: the reference Linux's output.
 */
#include <stdlib.h>

#include "mu-tcp.h"

#define PORT 7121
#define TOTAL (10 * 1024 * 1024)

static unsigned char pattern(unsigned long i, int salt)
{
	return (unsigned char)(i * 131 + (i >> 11) + salt);
}

static void send_all(int fd, int salt)
{
	static unsigned char buf[70000];
	unsigned long sent = 0;
	size_t sizes[] = { 1, 1000, 65536, 4096, 70000, 333 };
	int k = 0;
	while (sent < TOTAL) {
		size_t n = sizes[k++ % 6];
		if (n > TOTAL - sent)
			n = TOTAL - sent;
		for (size_t i = 0; i < n; i++)
			buf[i] = pattern(sent + i, salt);
		if (write_all(fd, buf, n) < 0) {
			printf("write failed: FAIL\n");
			return;
		}
		sent += n;
	}
}

/* Reads to end of file; prints the count, a checksum, and whether each
 * byte was the pattern's. */
static void receive_all(int fd, int salt, const char *who)
{
	static unsigned char buf[50000];
	unsigned long got = 0, bad = 0;
	unsigned int sum = 2166136261u;
	size_t sizes[] = { 7, 50000, 1460, 8192 };
	int k = 0;
	for (;;) {
		ssize_t n = read(fd, buf, sizes[k++ % 4]);
		if (n < 0) {
			printf("%s: read: %s: FAIL\n", who, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] != pattern(got + (unsigned long)i, salt))
				bad++;
			sum = (sum ^ buf[i]) * 16777619u; /* FNV-1a */
		}
		got += (unsigned long)n;
	}
	printf("%s: %lu bytes, checksum %08x, %lu wrong\n", who, got, sum, bad);
}

int main(void)
{
	sock_test_start();
	int l = tcp_listener("127.0.0.1", PORT, 5, 0);
	show("listen", l >= 0 ? 0 : -1);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int s = accept(l, NULL, NULL);
		receive_all(s, 1, "server received");
		send_all(s, 2);
		close(s);
		fflush(stdout);
		_exit(0);
	}
	int c = tcp_client(PORT);
	show("connect", c >= 0 ? 0 : -1);
	send_all(c, 1);
	shutdown(c, SHUT_WR);
	/* The server prints its line before it answers: the order is fixed. */
	receive_all(c, 2, "client received");
	waitpid(pid, NULL, 0);
	close(c);
	close(l);
	return sock_test_exit();
}
