/*
 * mu-tcp-nonblock - connect(2) on an O_NONBLOCK socket: EINPROGRESS (even
 * over lo, where it is over at once), poll's POLLOUT when done, SO_ERROR
 * 0, connect again (0 once, then EISCONN); to a port nobody listens on:
 * EINPROGRESS, poll's POLLERR and POLLHUP, SO_ERROR ECONNREFUSED (read
 * once, then 0), connect after it (ECONNABORTED: the error was taken),
 * and again (a new attempt). Reads and writes that would block
 * give EAGAIN; MSG_DONTWAIT on a blocking socket too. Expected: the
 * reference Linux's output.
 */
#include "mu-tcp.h"

#define PORT 7131
#define CLOSED_PORT 7139

static int so_error(int fd)
{
	int err = -1;
	socklen_t len = sizeof(err);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		return -1;
	return err;
}

static const char *err_or_zero(int e)
{
	return e == 0 ? "0" : errno_name(e);
}

int main(void)
{
	sock_test_start();
	int l = tcp_listener("127.0.0.1", PORT, 5, 0);
	show("listen", l >= 0 ? 0 : -1);

	int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	show("connect nonblocking", connect(c, SIN("127.0.0.1", PORT), sizeof(struct sockaddr_in)));
	struct pollfd p = { c, POLLOUT, 0 };
	show("poll POLLOUT", poll(&p, 1, 2000));
	printf("revents: %#x\n", p.revents);
	printf("SO_ERROR: %s\n", err_or_zero(so_error(c)));
	show("connect after completion", connect(c, SIN("127.0.0.1", PORT), sizeof(struct sockaddr_in)));
	show("connect once more", connect(c, SIN("127.0.0.1", PORT), sizeof(struct sockaddr_in)));
	char buf[16];
	show("read, nothing there", read(c, buf, sizeof(buf)));
	int s = accept(l, NULL, NULL);
	show("accept", s >= 0 ? 0 : -1);
	show("recv MSG_DONTWAIT, nothing there", recv(s, buf, sizeof(buf), MSG_DONTWAIT));
	show("write", write(c, "ping", 4));
	p = (struct pollfd){ s, POLLIN, 0 };
	show("poll POLLIN", poll(&p, 1, 2000));
	show("FIONREAD", ioctl(s, FIONREAD, &(int){ 0 }) == 0 ? 4 : -1);
	show("recv MSG_PEEK", recv(s, buf, sizeof(buf), MSG_PEEK));
	show("read", read(s, buf, sizeof(buf)));

	/* Fill the pipe: writes end in EAGAIN. */
	static char big[65536];
	long total = 0;
	for (int i = 0; i < 1000; i++) {
		ssize_t n = write(c, big, sizeof(big));
		if (n < 0) {
			printf("filling: stopped with %s\n", errno_name(errno));
			break;
		}
		total += n;
	}
	check("filling: wrote something before EAGAIN", total > 0);
	p = (struct pollfd){ c, POLLOUT, 0 };
	show("poll POLLOUT when full", poll(&p, 1, 0));
	close(s);
	close(c);

	int r = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	show("connect closed port nonblocking",
	     connect(r, SIN("127.0.0.1", CLOSED_PORT), sizeof(struct sockaddr_in)));
	p = (struct pollfd){ r, POLLIN | POLLOUT, 0 };
	show("poll", poll(&p, 1, 2000));
	printf("revents: %#x\n", p.revents);
	printf("SO_ERROR: %s\n", err_or_zero(so_error(r)));
	printf("SO_ERROR again: %s\n", err_or_zero(so_error(r)));
	show("connect after refusal", connect(r, SIN("127.0.0.1", CLOSED_PORT), sizeof(struct sockaddr_in)));
	p = (struct pollfd){ r, POLLIN | POLLOUT, 0 };
	poll(&p, 1, 2000);
	show("connect refused again", connect(r, SIN("127.0.0.1", CLOSED_PORT), sizeof(struct sockaddr_in)));
	close(r);
	close(l);
	return sock_test_exit();
}
