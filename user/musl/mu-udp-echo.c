/*
 * mu-udp-echo - UDP between two processes over lo: a child echoes every
 * datagram back to its sender; the parent sends from a socket bound by
 * the kernel (autobind on the first sendto), checks what comes back and
 * from where (recvfrom's address), and sends to 127.0.0.2 and to 0.0.0.0,
 * which are this machine too. Expected: the reference Linux's results.
 */
#include <poll.h>

#include "mu-inet.h"

#define ECHO_PORT 7007

static void echo_server(int fd)
{
	char buf[2048];
	for (;;) {
		struct sockaddr_in from;
		socklen_t flen = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, SA(from), &flen);
		if (n < 0)
			_exit(3);
		if (n == 4 && memcmp(buf, "quit", 4) == 0)
			_exit(0);
		sendto(fd, buf, (size_t)n, 0, SA(from), flen);
	}
}

static void round_trip(int fd, const char *to_ip, const char *what, size_t size)
{
	char out[2048], in[2048];
	char label[128];
	for (size_t i = 0; i < size; i++)
		out[i] = (char)('a' + (i * 7 + size) % 26);
	struct sockaddr_in to = sin_of(to_ip, ECHO_PORT), from;
	socklen_t flen = sizeof(from);
	snprintf(label, sizeof(label), "%s: sendto %zu bytes", what, size);
	check_eq(label, sendto(fd, out, size, 0, SA(to), sizeof(to)), (long)size);
	memset(&from, 0, sizeof(from));
	ssize_t n = recvfrom(fd, in, sizeof(in), 0, SA(from), &flen);
	snprintf(label, sizeof(label), "%s: echoed bytes", what);
	check_eq(label, n, (long)size);
	snprintf(label, sizeof(label), "%s: same bytes", what);
	check(label, n == (ssize_t)size && memcmp(in, out, size) == 0);
	snprintf(label, sizeof(label), "%s: from", what);
	show_addr(label, &from, flen);
}

int main(void)
{
	sock_test_start();
	int srv = udp_bound("0.0.0.0", ECHO_PORT);
	check("server: bound to 0.0.0.0:7007", srv >= 0);
	pid_t pid = fork();
	if (pid == 0)
		echo_server(srv);
	close(srv);

	int fd = udp_socket();
	show_sockname("client before sending", fd);
	round_trip(fd, "127.0.0.1", "127.0.0.1", 5);
	show_sockname("client after autobind", fd);
	round_trip(fd, "127.0.0.1", "127.0.0.1", 1472);
	round_trip(fd, "127.0.0.1", "127.0.0.1", 0);
	round_trip(fd, "127.0.0.2", "127.0.0.2", 100);
	round_trip(fd, "127.255.255.254", "127.255.255.254", 10);
	round_trip(fd, "0.0.0.0", "0.0.0.0", 20);

	/* A socket bound to 127.0.0.2 sends from it. */
	int b2 = udp_bound("127.0.0.2", 0);
	check("socket bound to 127.0.0.2", b2 >= 0);
	show_sockname("bound to 127.0.0.2", b2);
	round_trip(b2, "127.0.0.1", "from 127.0.0.2", 8);
	close(b2);

	/* Many datagrams in a row keep their order and their boundaries. */
	int order_ok = 1;
	struct sockaddr_in to = sin_of("127.0.0.1", ECHO_PORT);
	for (int i = 0; i < 50; i++) {
		char msg[16];
		int len = snprintf(msg, sizeof(msg), "n%d", i);
		sendto(fd, msg, (size_t)len, 0, SA(to), sizeof(to));
	}
	for (int i = 0; i < 50; i++) {
		char msg[16], in[64];
		int len = snprintf(msg, sizeof(msg), "n%d", i);
		ssize_t n = recv(fd, in, sizeof(in), 0);
		order_ok &= n == len && memcmp(in, msg, (size_t)len) == 0;
	}
	check("50 datagrams: order and boundaries", order_ok);

	sendto(fd, "quit", 4, 0, SA(to), sizeof(to));
	int status;
	waitpid(pid, &status, 0);
	check_eq("server exit status", WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
	close(fd);
	return sock_test_exit();
}
