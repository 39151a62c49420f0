/*
 * mu-tcp-many - many connections on one listener: five client processes
 * connect eight times each while the server accepts; every connection
 * says who it is, the server answers with a sum, and every client checks
 * its answers. Then 40 connections opened at once from one process before
 * the server accepts any (a backlog of 64 holds them). Expected: the
 * reference Linux's output.
 */
#include "mu-tcp.h"

#define PORT 7161
#define CLIENTS 5
#define ROUNDS 8
#define BURST 40

static void client(int id)
{
	int good = 0;
	for (int r = 0; r < ROUNDS; r++) {
		int c = tcp_client(PORT);
		if (c < 0)
			continue;
		int msg[2] = { id, r }, sum = -1;
		write_all(c, msg, sizeof(msg));
		if (read_all(c, &sum, sizeof(sum)) == sizeof(sum) && sum == id * 100 + r)
			good++;
		close(c);
	}
	_exit(good);
}

int main(void)
{
	sock_test_start();
	int l = tcp_listener("127.0.0.1", PORT, 64, 0);
	show("listen", l >= 0 ? 0 : -1);
	fflush(stdout);
	pid_t pids[CLIENTS];
	for (int i = 0; i < CLIENTS; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			client(i + 1);
	}
	int served = 0;
	for (int n = 0; n < CLIENTS * ROUNDS; n++) {
		int s = accept(l, NULL, NULL);
		if (s < 0)
			break;
		int msg[2];
		if (read_all(s, msg, sizeof(msg)) == sizeof(msg)) {
			int sum = msg[0] * 100 + msg[1];
			write_all(s, &sum, sizeof(sum));
			served++;
		}
		close(s);
	}
	check_eq("connections served", served, CLIENTS * ROUNDS);
	for (int i = 0; i < CLIENTS; i++) {
		int status;
		waitpid(pids[i], &status, 0);
		char what[64];
		snprintf(what, sizeof(what), "client %d good answers", i + 1);
		check_eq(what, WIFEXITED(status) ? WEXITSTATUS(status) : -1, ROUNDS);
	}

	int fds[BURST], opened = 0;
	for (int i = 0; i < BURST; i++) {
		fds[i] = tcp_client(PORT);
		if (fds[i] >= 0)
			opened++;
	}
	check_eq("burst: connected before any accept", opened, BURST);
	int accepted = 0, distinct = 1;
	int ports[BURST];
	for (int i = 0; i < BURST; i++) {
		struct sockaddr_in a;
		socklen_t len = sizeof(a);
		int s = accept(l, SA(a), &len);
		if (s < 0)
			break;
		ports[accepted++] = a.sin_port;
		for (int j = 0; j < accepted - 1; j++)
			if (ports[j] == a.sin_port)
				distinct = 0;
		close(s);
	}
	check_eq("burst: accepted", accepted, BURST);
	check("burst: each from its own port", distinct);
	for (int i = 0; i < BURST; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	close(l);
	return sock_test_exit();
}
