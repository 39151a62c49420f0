/*
 * mu-tcp-signal - blocking TCP calls and signals: a read with nothing to
 * read and an accept with nobody connecting end with EINTR when a handler
 * without SA_RESTART runs; with SA_RESTART the read goes on and returns
 * the data that comes later. SO_RCVTIMEO ends a read with EAGAIN, and a
 * write blocked on a full connection ends with EINTR. Expected: the reference Linux's output.
 */
#include <sys/time.h>

#include "mu-tcp.h"

#define PORT 7171

static volatile sig_atomic_t alarms;
static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void handler(int restart)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigaction(SIGALRM, &sa, NULL);
}

static void alarm_ms(long ms)
{
	struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };
	setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
	sock_test_start();
	int l = tcp_listener("127.0.0.1", PORT, 5, 0);
	char buf[64];

	handler(0);
	alarm_ms(100);
	show("accept interrupted", accept(l, NULL, NULL));
	int c = tcp_client(PORT);
	int s = accept(l, NULL, NULL);
	show("connected", c >= 0 && s >= 0 ? 0 : -1);
	alarm_ms(100);
	show("read interrupted", read(c, buf, sizeof(buf)));
	check_eq("alarms", alarms, 2);

	handler(1);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(300);
		write(s, "late", 4);
		_exit(0);
	}
	alarm_ms(100);
	show("read with SA_RESTART", read(c, buf, sizeof(buf)));
	check_eq("alarms", alarms, 3);
	waitpid(pid, NULL, 0);

	struct timeval tv = { 0, 200000 };
	show("SO_RCVTIMEO 200 ms", setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	long t0 = now_ms();
	show("read with a timeout", read(c, buf, sizeof(buf)));
	check("the timeout waited", now_ms() - t0 >= 150);

	/* Fill the connection; a blocking write that can move nothing is
	 * interrupted. */
	handler(0);
	fcntl(c, F_SETFL, O_NONBLOCK);
	static char big[65536];
	while (write(c, big, sizeof(big)) > 0)
		;
	fcntl(c, F_SETFL, 0);
	alarm_ms(200);
	show("blocked write interrupted", write(c, big, sizeof(big)));
	close(c);
	close(s);
	close(l);
	return sock_test_exit();
}
