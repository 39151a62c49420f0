/*
 * mu-poll-basic - poll(2) on pipes: what each end reports as its state
 * changes (empty, data in, the other end closed), POLLNVAL for a closed
 * descriptor, nothing for a negative one, POLLHUP/POLLERR reported even
 * when not asked for, a file without a poll operation (/dev/null) always
 * ready, the errors (too many descriptors: -EINVAL; an unreadable array:
 * -EFAULT), a zero timeout, a short timeout that passes (it lasts at
 * least its time), and a sleeping poll woken by a child writing to the
 * pipe. Expected: the reference Linux's results.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <sys/resource.h>

#include "mu-poll.h"

static unsigned poll_one(int fd, short events)
{
	struct pollfd pf = { .fd = fd, .events = events };
	int r = poll(&pf, 1, 0);
	if (r < 0)
		return 0xdead;
	return (unsigned)(unsigned short)pf.revents | (r == 1 ? 0 : 0x10000);
}

static void states(void)
{
	int p[2];
	make_pipe(p);
	check_events("empty pipe, read end", poll_one(p[0], POLLIN | POLLOUT), 0x10000);
	check_events("empty pipe, write end", poll_one(p[1], POLLIN | POLLOUT),
		     POLLOUT);
	check_events("write end, POLLWRNORM asked", poll_one(p[1], POLLWRNORM), POLLWRNORM);
	put_byte(p[1]);
	check_events("a byte in, read end", poll_one(p[0], POLLIN | POLLRDNORM | POLLPRI),
		     POLLIN | POLLRDNORM);
	check_events("a byte in, read end, nothing asked", poll_one(p[0], 0), 0x10000);
	check_events("a byte in, read end, POLLRDHUP asked", poll_one(p[0], POLLRDHUP), 0x10000);
	close(p[1]);
	check_events("writer closed, data left", poll_one(p[0], POLLIN), POLLIN | POLLHUP);
	char c;
	if (read(p[0], &c, 1) != 1)
		check("read", 0);
	check_events("writer closed, empty", poll_one(p[0], POLLIN), POLLHUP);
	check_events("writer closed, empty, nothing asked", poll_one(p[0], 0), POLLHUP);
	close(p[0]);

	make_pipe(p);
	close(p[0]);
	check_events("reader closed, write end", poll_one(p[1], POLLOUT), POLLOUT | POLLERR);
	check_events("reader closed, nothing asked", poll_one(p[1], 0), POLLERR);
	close(p[1]);
	check_events("closed descriptor", poll_one(p[1], POLLIN), POLLNVAL);

	int null = open("/dev/null", O_RDWR);
	check_events("/dev/null", poll_one(null, POLLIN | POLLOUT | POLLPRI),
		     POLLIN | POLLOUT);
	close(null);

	struct pollfd many[3] = { { .fd = -1, .events = POLLIN, .revents = 0x55 },
				  { .fd = p[1], .events = POLLIN },
				  { .fd = 0x7fffffff, .events = POLLIN } };
	check_eq("negative, closed and huge descriptors: count", poll(many, 3, 0), 2);
	check_events("negative descriptor's revents", (unsigned short)many[0].revents, 0);
	check_events("closed descriptor's revents", (unsigned short)many[1].revents, POLLNVAL);
	check_events("huge descriptor's revents", (unsigned short)many[2].revents, POLLNVAL);
}

static void errors(void)
{
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	struct pollfd pf = { .fd = 0, .events = POLLIN };
	check_err("nfds above RLIMIT_NOFILE", poll(&pf, rl.rlim_cur + 1, 0), EINVAL);
	check_err("unreadable array", poll((struct pollfd *)16, 1, 0), EFAULT);
	check_eq("nfds 0, no array, timeout 0", poll(NULL, 0, 0), 0);
	long t0 = now_ms();
	check_eq("nfds 0, 50 ms timeout", poll(NULL, 0, 50), 0);
	check("... lasted at least 40 ms", now_ms() - t0 >= 40);
}

static void timeouts(void)
{
	int p[2];
	make_pipe(p);
	struct pollfd pf = { .fd = p[0], .events = POLLIN };
	long t0 = now_ms();
	check_eq("timeout 0, nothing ready", poll(&pf, 1, 0), 0);
	check("... returned at once", now_ms() - t0 < 50);
	t0 = now_ms();
	check_eq("100 ms timeout, nothing ready", poll(&pf, 1, 100), 0);
	long took = now_ms() - t0;
	check("... lasted at least 90 ms", took >= 90);
	check("... and less than 2 s", took < 2000);
	close(p[0]);
	close(p[1]);
}

static void woken(void)
{
	int p[2];
	make_pipe(p);
	struct pollfd pf = { .fd = p[0], .events = POLLIN };
	pid_t child = write_later(p[1], 100);
	long t0 = now_ms();
	check_eq("no timeout, a child writes after 100 ms", poll(&pf, 1, -1), 1);
	check_events("... revents", (unsigned short)pf.revents, POLLIN);
	check("... woke in less than 2 s", now_ms() - t0 < 2000);
	reap(child);
	char buf[4];
	if (read(p[0], buf, sizeof(buf)) != 1)
		check("read the byte", 0);

	child = write_later(p[1], 100);
	pf.revents = 0;
	check_eq("10 s timeout, a child writes after 100 ms", poll(&pf, 1, 10000), 1);
	reap(child);
	if (read(p[0], buf, sizeof(buf)) != 1)
		check("read the byte", 0);

	/* The writer's end closing wakes a reader too. */
	fflush(stdout);
	pid_t closer = fork();
	if (closer == 0) {
		sleep_ms(100);
		_exit(0); /* its copy of the write end closes with it */
	}
	close(p[1]);
	check_eq("no timeout, the last writer exits", poll(&pf, 1, 5000), 1);
	check_events("... revents", (unsigned short)pf.revents, POLLHUP);
	waitpid(closer, NULL, 0);
	close(p[0]);
}

int main(void)
{
	sig_test_start();
	section("states", states, 10);
	section("errors", errors, 10);
	section("timeouts", timeouts, 10);
	section("woken", woken, 20);
	return sig_test_exit();
}
