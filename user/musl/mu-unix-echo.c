/*
 * mu-unix-echo - the textbook echo server over AF_UNIX, as a course writes
 * it: socket, bind to a path, listen, then accept in a loop and fork a
 * child per client that echoes what it reads until EOF. Three clients
 * connect one after another and check every line comes back; poll on the
 * listening socket announces a waiting client. Works in /tmp and removes
 * its socket file. Expected: the reference Linux's results.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <stdlib.h>

#include "mu-sock.h"

#define SOCK_PATH "/tmp/mu-unix-echo.sock"
#define CLIENTS 3

static void serve(int client)
{
	char buf[256];
	long n;

	while ((n = read(client, buf, sizeof(buf))) > 0) {
		long off = 0;
		while (off < n) {
			long w = write(client, buf + off, (size_t)(n - off));
			if (w <= 0)
				_exit(1);
			off += w;
		}
	}
	_exit(n == 0 ? 0 : 1);
}

static void server(int ls)
{
	for (int i = 0; i < CLIENTS; i++) {
		struct pollfd p = { .fd = ls, .events = POLLIN };
		if (poll(&p, 1, 5000) != 1 || !(p.revents & POLLIN))
			_exit(2);
		int c = accept(ls, NULL, NULL);
		if (c < 0)
			_exit(3);
		pid_t pid = fork();
		if (pid == 0) {
			close(ls);
			serve(c);
		}
		close(c);
	}
	int status, bad = 0;
	for (int i = 0; i < CLIENTS; i++) {
		wait(&status);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			bad++;
	}
	_exit(bad);
}

/* One client: connects, sends lines of growing length, reads each back. */
static void client(int k)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = SOCK_PATH };
	char line[200], back[200], what[64];
	int s = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(what, sizeof(what), "client %d: connect", k);
	check_eq(what, connect(s, (struct sockaddr *)&a, sizeof(a)), 0);
	int good = 0;
	for (int i = 1; i <= 20; i++) {
		int len = snprintf(line, sizeof(line), "client %d line %d %.*s\n", k, i, i * 5,
				   "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz");
		if (write(s, line, (size_t)len) != len)
			break;
		int got = 0;
		while (got < len) {
			long n = read(s, back + got, (size_t)(len - got));
			if (n <= 0)
				break;
			got += (int)n;
		}
		if (got == len && !memcmp(line, back, (size_t)len))
			good++;
	}
	snprintf(what, sizeof(what), "client %d: lines echoed", k);
	check_eq(what, good, 20);
	shutdown(s, SHUT_WR);
	char c;
	snprintf(what, sizeof(what), "client %d: EOF from the server", k);
	check_eq(what, read(s, &c, 1), 0);
	close(s);
}

static void run(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = SOCK_PATH };
	unlink(SOCK_PATH);
	int ls = socket(AF_UNIX, SOCK_STREAM, 0);
	check_eq("bind", bind(ls, (struct sockaddr *)&a, sizeof(a)), 0);
	check_eq("listen", listen(ls, 5), 0);
	pid_t srv = fork();
	if (srv == 0)
		server(ls);
	close(ls);
	for (int k = 1; k <= CLIENTS; k++)
		client(k);
	int status;
	waitpid(srv, &status, 0);
	check_eq("the server's children all ended well", WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
	unlink(SOCK_PATH);
}

int main(void)
{
	sock_test_start();
	section("echo", run, 20);
	return sock_test_exit();
}
