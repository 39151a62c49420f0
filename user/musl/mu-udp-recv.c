/*
 * mu-udp-recv - receiving UDP datagrams: MSG_PEEK leaves one queued,
 * a short buffer truncates it (MSG_TRUNC in msg_flags; the flag given to
 * recv returns its real length), FIONREAD, the source address and its
 * length (a short buffer gets part of it), O_NONBLOCK and MSG_DONTWAIT,
 * SO_RCVTIMEO, poll before and after a datagram arrives and across
 * processes, shutdown, and the largest datagrams lo carries (EMSGSIZE
 * beyond). Expected: the reference Linux's results.
 */
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <sys/uio.h>

#include "mu-inet.h"

static int rx, tx;
static void *volatile bad_ptr = (void *)16; /* user half, never mapped */
static struct sockaddr_in rx_addr;

static void send_text(const char *text)
{
	sendto(tx, text, strlen(text), 0, SA(rx_addr), sizeof(rx_addr));
}

static void show_poll(const char *what, int fd, int timeout)
{
	struct pollfd p = { fd, POLLIN | POLLOUT | POLLRDHUP, 0 };
	int r = poll(&p, 1, timeout);
	printf("%s: %d revents %#x\n", what, r, r > 0 ? p.revents : 0);
}

static void child_sends_later(void)
{
	sleep_ms(200);
	send_text("late");
}

int main(void)
{
	char buf[70000];
	sock_test_start();
	rx = udp_bound("127.0.0.1", 7400);
	tx = udp_bound("127.0.0.1", 7401);
	rx_addr = sin_of("127.0.0.1", 7400);

	/* poll and FIONREAD with nothing queued, then with a datagram. */
	show_poll("poll, empty", rx, 0);
	int avail = -1;
	show("FIONREAD, empty", ioctl(rx, FIONREAD, &avail));
	printf("FIONREAD value: %d\n", avail);
	send_text("peekaboo");
	send_text("second");
	show_poll("poll, two queued", rx, 0);
	show("FIONREAD", ioctl(rx, FIONREAD, &avail));
	printf("FIONREAD value (first datagram): %d\n", avail);

	/* MSG_PEEK twice, then the real read. */
	memset(buf, 0, 64);
	show("recv MSG_PEEK", recv(rx, buf, 64, MSG_PEEK));
	printf("peeked: %s\n", buf);
	show("recv MSG_PEEK 4 bytes", recv(rx, buf, 4, MSG_PEEK));
	memset(buf, 0, 64);
	show("recv", recv(rx, buf, 64, 0));
	printf("got: %s\n", buf);

	/* Truncation: recvmsg's MSG_TRUNC, and recv's MSG_TRUNC flag. */
	struct iovec iov = { buf, 3 };
	struct sockaddr_in from;
	struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov, .msg_iovlen = 1 };
	show("recvmsg into 3 bytes", recvmsg(rx, &mh, 0));
	printf("msg_flags & MSG_TRUNC: %d\n", !!(mh.msg_flags & MSG_TRUNC));
	printf("got: %.3s\n", buf);
	show_addr("msg_name", &from, mh.msg_namelen);
	send_text("0123456789");
	show("recv 4 bytes with MSG_TRUNC", recv(rx, buf, 4, MSG_TRUNC));
	send_text("0123456789");
	show("recv 0 bytes", recv(rx, buf, 0, 0));
	show("FIONREAD after (gone)", ioctl(rx, FIONREAD, &avail));
	printf("FIONREAD value: %d\n", avail);
	send_text("");
	show("recv an empty datagram", recv(rx, buf, sizeof(buf), 0));

	/* The source address: full, short, and none asked for. */
	send_text("addr");
	struct sockaddr_in f;
	socklen_t flen = sizeof(f);
	memset(&f, 0xee, sizeof(f));
	show("recvfrom", recvfrom(rx, buf, 64, 0, SA(f), &flen));
	show_addr("from", &f, flen);
	printf("sin_zero zeroed: %d\n", f.sin_zero[0] == 0 && f.sin_zero[7] == 0);
	send_text("addr");
	memset(&f, 0xee, sizeof(f));
	flen = 4;
	show("recvfrom, addrlen 4", recvfrom(rx, buf, 64, 0, SA(f), &flen));
	printf("addrlen now %u, family %d, port bytes untouched: %d\n", (unsigned)flen, f.sin_family,
	       ((unsigned char *)&f)[4] == 0xee);
	send_text("addr");
	flen = sizeof(f);
	show("recvfrom, NULL address", recvfrom(rx, buf, 64, 0, NULL, &flen));

	/* A bad buffer: EFAULT, and the datagram is gone (Linux drops it). */
	send_text("lost");
	send_text("kept");
	show("recv into an unmapped buffer", recv(rx, (void *)bad_ptr, 64, 0));
	memset(buf, 0, 64);
	show("recv after it", recv(rx, buf, 64, MSG_DONTWAIT));
	printf("got: %s\n", buf);

	/* Non-blocking ways. */
	show("recv MSG_DONTWAIT, empty", recv(rx, buf, 64, MSG_DONTWAIT));
	int fl = fcntl(rx, F_GETFL);
	fcntl(rx, F_SETFL, fl | O_NONBLOCK);
	show("recv O_NONBLOCK, empty", recv(rx, buf, 64, 0));
	fcntl(rx, F_SETFL, fl);

	/* SO_RCVTIMEO. */
	struct timeval tv = { 0, 100000 };
	show("setsockopt SO_RCVTIMEO 100 ms", setsockopt(rx, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	long t0 = now_ms();
	show("recv with a timeout, nothing comes", recv(rx, buf, 64, 0));
	long waited = now_ms() - t0;
	check("waited about 100 ms", waited >= 90 && waited < 2000);
	tv.tv_usec = 0;
	setsockopt(rx, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));

	/* poll sleeping until another process sends. */
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		child_sends_later();
		_exit(0);
	}
	show_poll("poll until a datagram comes", rx, 5000);
	memset(buf, 0, 64);
	show("recv it", recv(rx, buf, 64, 0));
	printf("got: %s\n", buf);
	waitpid(pid, NULL, 0);

	/* A blocking recv that another process satisfies. */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		child_sends_later();
		_exit(0);
	}
	memset(buf, 0, 64);
	show("blocking recv", recv(rx, buf, 64, 0));
	printf("got: %s\n", buf);
	waitpid(pid, NULL, 0);

	/* Sizes: the largest datagram lo carries, and one byte more. */
	memset(buf, 'z', sizeof(buf));
	show("sendto 65507 bytes", sendto(tx, buf, 65507, 0, SA(rx_addr), sizeof(rx_addr)));
	show("recv it", recv(rx, buf, sizeof(buf), 0));
	show("sendto 65508 bytes", sendto(tx, buf, 65508, 0, SA(rx_addr), sizeof(rx_addr)));
	show("sendto 65536 bytes", sendto(tx, buf, 65536, 0, SA(rx_addr), sizeof(rx_addr)));
	show("sendto MSG_OOB", sendto(tx, buf, 1, MSG_OOB, SA(rx_addr), sizeof(rx_addr)));
	show("sendto port 0", sendto(tx, buf, 1, 0, SIN("127.0.0.1", 0), sizeof(struct sockaddr_in)));

	/* shutdown on an unconnected socket: ENOTCONN, yet reads end. */
	show("shutdown SHUT_RD, unconnected", shutdown(rx, SHUT_RD));
	show_poll("poll after SHUT_RD", rx, 0);
	show("recv after SHUT_RD", recv(rx, buf, 64, 0));
	show("recv MSG_DONTWAIT after SHUT_RD", recv(rx, buf, 64, MSG_DONTWAIT));
	show("shutdown how 3", shutdown(rx, 3));
	show("shutdown how -1", shutdown(rx, -1));
	show("shutdown SHUT_WR", shutdown(tx, SHUT_WR));
	/* EPIPE without SIGPIPE: a datagram socket does not signal. */
	show("sendto after SHUT_WR", sendto(tx, "x", 1, 0, SA(rx_addr), sizeof(rx_addr)));
	show("shutdown SHUT_RDWR", shutdown(tx, SHUT_RDWR));
	show_poll("poll after SHUT_RDWR", tx, 0);
	close(rx);
	close(tx);
	return sock_test_exit();
}
