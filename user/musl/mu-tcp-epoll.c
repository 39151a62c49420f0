/*
 * mu-tcp-epoll - a server with many TCP connections in one epoll set, as
 * event-driven servers are written: a non-blocking listener and 60
 * clients (six processes, ten connections each), every accepted
 * connection added to the set, each client's line echoed back upper-case,
 * once with level-triggered items and once with edge-triggered ones
 * (read until EAGAIN). Also: an idle connection is not reported, a
 * peer's close gives EPOLLIN|EPOLLRDHUP and read 0. Only counts and
 * verdicts are printed, never which connection came first. Expected: the
 * reference Linux's output.
 */
#include <ctype.h>
#include <stdbool.h>
#include <sys/epoll.h>
#include <sys/wait.h>

#include "mu-tcp.h"

#define PORT 7181
#define CLIENT_PROCS 6
#define CONNS_EACH 10
#define CONNS (CLIENT_PROCS * CONNS_EACH)
#define LINE 32

/* One client process: CONNS_EACH connections, a line on each, then each
 * answer read and checked; exits with the number of wrong answers. */
static void client(int id)
{
	int fds[CONNS_EACH];
	char line[LINE], want[LINE], got[LINE];
	int bad = 0;
	for (int i = 0; i < CONNS_EACH; i++) {
		fds[i] = tcp_client(PORT);
		if (fds[i] < 0)
			_exit(CONNS_EACH);
	}
	for (int i = 0; i < CONNS_EACH; i++) {
		snprintf(line, sizeof(line), "hello from %02d/%02d\n", id, i);
		if (write_all(fds[i], line, strlen(line)) < 0)
			bad++;
	}
	for (int i = 0; i < CONNS_EACH; i++) {
		snprintf(line, sizeof(line), "hello from %02d/%02d\n", id, i);
		size_t n = strlen(line);
		for (size_t k = 0; k < n; k++)
			want[k] = (char)toupper((unsigned char)line[k]);
		if (read_all(fds[i], got, n) != (long)n || memcmp(got, want, n) != 0)
			bad++;
		close(fds[i]);
	}
	_exit(bad);
}

static void set_nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* Serves CONNS connections until each has been answered and closed by its
 * client; returns the number of connections answered. */
static int serve(int l, int ep, bool edge)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = l };
	int answered = 0, closed = 0, accepted = 0, wakeups = 0;
	epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev);
	while (closed < CONNS) {
		struct epoll_event evs[16];
		int n = epoll_wait(ep, evs, 16, 10000);
		if (n <= 0) {
			printf("epoll_wait gave %d with %d closed: FAIL\n", n, closed);
			failures++;
			break;
		}
		wakeups++;
		for (int i = 0; i < n; i++) {
			int fd = evs[i].data.fd;
			if (fd == l) {
				int c;
				while ((c = accept(l, NULL, NULL)) >= 0) {
					set_nonblock(c);
					struct epoll_event ce = {
						.events = EPOLLIN | EPOLLRDHUP | (edge ? EPOLLET : 0),
						.data.fd = c };
					epoll_ctl(ep, EPOLL_CTL_ADD, c, &ce);
					accepted++;
				}
				continue;
			}
			/* Level-triggered: one read a report is enough; edge-
			 * triggered: read until EAGAIN, or the event is gone. */
			for (;;) {
				char buf[LINE];
				ssize_t r = read(fd, buf, sizeof(buf));
				if (r > 0) {
					for (ssize_t k = 0; k < r; k++)
						buf[k] = (char)toupper((unsigned char)buf[k]);
					write_all(fd, buf, (size_t)r);
					if (buf[r - 1] == '\n')
						answered++;
				} else if (r == 0) {
					epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
					close(fd);
					closed++;
					break;
				} else {
					break; /* EAGAIN */
				}
				if (!edge)
					break;
			}
		}
	}
	epoll_ctl(ep, EPOLL_CTL_DEL, l, NULL);
	printf("%s: accepted %d, answered %d, closed %d\n", edge ? "edge-triggered" : "level-triggered",
	       accepted, answered, closed);
	return answered;
}

static void round_of(int l, bool edge)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);
	pid_t pids[CLIENT_PROCS];
	fflush(stdout);
	for (int i = 0; i < CLIENT_PROCS; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			client(i);
	}
	serve(l, ep, edge);
	int bad = 0;
	for (int i = 0; i < CLIENT_PROCS; i++) {
		int st;
		waitpid(pids[i], &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			bad++;
	}
	check(edge ? "every client got its answers (ET)" : "every client got its answers (LT)", bad == 0);
	close(ep);
}

/* An idle connection is not reported; its peer's close is, with RDHUP. */
static void idle_then_close(int l)
{
	int ep = epoll_create1(0);
	int c = tcp_client(PORT);
	int s = accept(l, NULL, NULL);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP, .data.fd = s }, out;
	epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
	show("epoll_wait on an idle connection", epoll_wait(ep, &out, 1, 100));
	close(c);
	int n = epoll_wait(ep, &out, 1, 5000);
	show("epoll_wait after the peer's close", n);
	printf("events: %s%s\n", (out.events & EPOLLIN) ? "EPOLLIN " : "",
	       (out.events & EPOLLRDHUP) ? "EPOLLRDHUP" : "");
	char b;
	show("read", read(s, &b, 1));
	close(s);
	close(ep);
}

int main(void)
{
	sock_test_start();
	int l = tcp_listener("127.0.0.1", PORT, 128, 1);
	if (l < 0) {
		printf("no listener: FAIL\n");
		return 1;
	}
	set_nonblock(l);
	round_of(l, false);
	round_of(l, true);
	fcntl(l, F_SETFL, fcntl(l, F_GETFL) & ~O_NONBLOCK);
	idle_then_close(l);
	close(l);
	return sock_test_exit();
}
