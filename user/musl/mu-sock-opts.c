/*
 * mu-sock-opts - socket options and creation flags on AF_UNIX sockets:
 * SO_TYPE, SO_DOMAIN, SO_PROTOCOL, SO_ACCEPTCONN, SO_ERROR; SO_SNDBUF and
 * SO_RCVBUF with Linux's doubling, caps and floors; the boolean options;
 * SO_LINGER; SO_RCVTIMEO/SO_SNDTIMEO (rounded to the kernel's tick, and
 * honoured by a blocking read); short and bad option lengths; unknown
 * options and levels; SOCK_NONBLOCK, SOCK_CLOEXEC, FIONBIO; and the
 * family's own refusals (EPROTONOSUPPORT, ESOCKTNOSUPPORT). Expected: the
 * reference Linux's results.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/time.h>

#include "mu-sock.h"

static void show_int(const char *what, int fd, int level, int name)
{
	int v = -12345;
	socklen_t len = sizeof(v);
	long r = getsockopt(fd, level, name, &v, &len);
	if (r != 0)
		printf("%s: -%s\n", what, errno_name(errno));
	else
		printf("%s: %d (length %u)\n", what, v, (unsigned)len);
}

static void set_int(const char *what, int fd, int name, int v)
{
	show(what, setsockopt(fd, SOL_SOCKET, name, &v, sizeof(v)));
}

static void creation(void)
{
	check_errno("AF_UNIX protocol 2", socket(AF_UNIX, SOCK_STREAM, 2), EPROTONOSUPPORT);
	show("AF_UNIX protocol 1 (PF_UNIX)", socket(AF_UNIX, SOCK_STREAM, 1) >= 0);
	check_errno("AF_UNIX type 4 (SOCK_RDM)", socket(AF_UNIX, 4, 0), ESOCKTNOSUPPORT);
	check_errno("AF_UNIX type 0", socket(AF_UNIX, 0, 0), ESOCKTNOSUPPORT);
	check_errno("AF_UNIX type 10 (SOCK_PACKET)", socket(AF_UNIX, 10, 0), ESOCKTNOSUPPORT);
	int r = socket(AF_UNIX, SOCK_RAW, 0);
	check("AF_UNIX SOCK_RAW", r >= 0);
	show_int("  its SO_TYPE (a datagram socket)", r, SOL_SOCKET, SO_TYPE);
	int sv[2];
	check_errno("socketpair protocol 2", socketpair(AF_UNIX, SOCK_STREAM, 2, sv), EPROTONOSUPPORT);
	check_errno("socketpair type 4", socketpair(AF_UNIX, 4, 0, sv), ESOCKTNOSUPPORT);
	check_eq("socketpair SOCK_SEQPACKET", socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	check_eq("socketpair SOCK_CLOEXEC|SOCK_NONBLOCK", socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv), 0);
	check_eq("  FD_CLOEXEC on both", (fcntl(sv[0], F_GETFD) & fcntl(sv[1], F_GETFD)) & FD_CLOEXEC, FD_CLOEXEC);
	check_eq("  O_NONBLOCK on both", !!(fcntl(sv[0], F_GETFL) & fcntl(sv[1], F_GETFL) & O_NONBLOCK), 1);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	check_eq("socket SOCK_CLOEXEC: FD_CLOEXEC", fcntl(s, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	check_eq("  no O_NONBLOCK", fcntl(s, F_GETFL) & O_NONBLOCK, 0);
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	check_eq("plain socket: no FD_CLOEXEC", fcntl(s, F_GETFD) & FD_CLOEXEC, 0);
	int on = 1;
	check_eq("FIONBIO on", ioctl(s, FIONBIO, &on), 0);
	check_eq("  O_NONBLOCK set", !!(fcntl(s, F_GETFL) & O_NONBLOCK), 1);
	char c;
	check_errno("  recv", recv(s, &c, 1, 0), EAGAIN);
	on = 0;
	ioctl(s, FIONBIO, &on);
	check_eq("FIONBIO off: O_NONBLOCK clear", fcntl(s, F_GETFL) & O_NONBLOCK, 0);
	check_errno("ioctl TCGETS on a socket", ioctl(s, 0x5401, &on), ENOTTY);
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	check_errno("FIONREAD on a listening socket", (bind(l, (struct sockaddr *)&(struct sockaddr_un){ .sun_family = AF_UNIX }, 2), listen(l, 1), ioctl(l, FIONREAD, &on)), EINVAL);
	int cl = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a;
	socklen_t al = sizeof(a);
	getsockname(l, (struct sockaddr *)&a, &al);
	connect(cl, (struct sockaddr *)&a, al);
	int n = accept4(l, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	check_eq("accept4 SOCK_CLOEXEC: FD_CLOEXEC", fcntl(n, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	check_eq("accept4 SOCK_NONBLOCK: O_NONBLOCK", !!(fcntl(n, F_GETFL) & O_NONBLOCK), 1);
	connect(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&a, al);
	fcntl(l, F_SETFL, O_NONBLOCK);
	n = accept(l, NULL, NULL);
	check_eq("accept from an O_NONBLOCK listener: no O_NONBLOCK", fcntl(n, F_GETFL) & O_NONBLOCK, 0);
}

static void identity(void)
{
	int st = socket(AF_UNIX, SOCK_STREAM, 0), dg = socket(AF_UNIX, SOCK_DGRAM, 0);
	int sp = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	show_int("stream SO_TYPE", st, SOL_SOCKET, SO_TYPE);
	show_int("datagram SO_TYPE", dg, SOL_SOCKET, SO_TYPE);
	show_int("seqpacket SO_TYPE", sp, SOL_SOCKET, SO_TYPE);
	show_int("SO_DOMAIN", st, SOL_SOCKET, SO_DOMAIN);
	show_int("SO_PROTOCOL", st, SOL_SOCKET, SO_PROTOCOL);
	show_int("SO_ACCEPTCONN", st, SOL_SOCKET, SO_ACCEPTCONN);
	show_int("SO_ERROR", st, SOL_SOCKET, SO_ERROR);
	set_int("set SO_TYPE", st, SO_TYPE, 2);
	set_int("set SO_ERROR", st, SO_ERROR, 2);
	set_int("set SO_PROTOCOL", st, SO_PROTOCOL, 2);
	set_int("set SO_DOMAIN", st, SO_DOMAIN, 2);
	show_int("unknown option 999", st, SOL_SOCKET, 999);
	set_int("set unknown option 999", st, 999, 1);
	show_int("level SOL_TCP on AF_UNIX", st, 6, 1);
	int v = 1;
	show("set level SOL_TCP on AF_UNIX", setsockopt(st, 6, 1, &v, sizeof(v)));
	show("set level 0 (SOL_IP) on AF_UNIX", setsockopt(st, 0, 1, &v, sizeof(v)));
	show_int("SO_RCVLOWAT", st, SOL_SOCKET, SO_RCVLOWAT);
	show_int("SO_SNDLOWAT", st, SOL_SOCKET, SO_SNDLOWAT);
}

static void buffers(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0), d = socket(AF_UNIX, SOCK_DGRAM, 0);
	show_int("default SO_SNDBUF", s, SOL_SOCKET, SO_SNDBUF);
	show_int("default SO_RCVBUF", s, SOL_SOCKET, SO_RCVBUF);
	show_int("datagram default SO_SNDBUF", d, SOL_SOCKET, SO_SNDBUF);
	set_int("SO_SNDBUF 10000", s, SO_SNDBUF, 10000);
	show_int("  doubled", s, SOL_SOCKET, SO_SNDBUF);
	set_int("SO_SNDBUF 1", s, SO_SNDBUF, 1);
	show_int("  the floor", s, SOL_SOCKET, SO_SNDBUF);
	set_int("SO_SNDBUF 10000000", s, SO_SNDBUF, 10000000);
	show_int("  capped by wmem_max", s, SOL_SOCKET, SO_SNDBUF);
	set_int("SO_SNDBUF -1", s, SO_SNDBUF, -1);
	show_int("  as unsigned: capped", s, SOL_SOCKET, SO_SNDBUF);
	set_int("SO_RCVBUF 10000", s, SO_RCVBUF, 10000);
	show_int("  doubled", s, SOL_SOCKET, SO_RCVBUF);
	set_int("SO_RCVBUF 0", s, SO_RCVBUF, 0);
	show_int("  the floor", s, SOL_SOCKET, SO_RCVBUF);
	set_int("SO_RCVBUF 10000000", s, SO_RCVBUF, 10000000);
	show_int("  capped by rmem_max", s, SOL_SOCKET, SO_RCVBUF);
	set_int("SO_SNDBUFFORCE 1000000 (root)", s, SO_SNDBUFFORCE, 1000000);
	show_int("  not capped", s, SOL_SOCKET, SO_SNDBUF);
	set_int("SO_RCVBUFFORCE -5", s, SO_RCVBUFFORCE, -5);
	show_int("  the floor", s, SOL_SOCKET, SO_RCVBUF);

	/* A smaller send buffer makes a datagram too big: the limit is the
	 * buffer (at least its floor) less 32 bytes. */
	int sv[2];
	static char big[8192];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	set_int("datagram SO_SNDBUF 2048", sv[0], SO_SNDBUF, 2048);
	show_int("  the floor", sv[0], SOL_SOCKET, SO_SNDBUF);
	check_errno("  a 4577-byte datagram", send(sv[0], big, 4577, 0), EMSGSIZE);
	check_eq("  a 4576-byte one", send(sv[0], big, 4576, 0), 4576);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	set_int("datagram SO_SNDBUF 4000", sv[0], SO_SNDBUF, 4000);
	check_errno("  a 7969-byte datagram", send(sv[0], big, 7969, 0), EMSGSIZE);
	check_eq("  a 7968-byte one", send(sv[0], big, 7968, 0), 7968);
}

static void booleans(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	static const struct {
		const char *name;
		int opt;
	} opts[] = {
		{ "SO_REUSEADDR", SO_REUSEADDR }, { "SO_REUSEPORT", SO_REUSEPORT },
		{ "SO_KEEPALIVE", SO_KEEPALIVE }, { "SO_BROADCAST", SO_BROADCAST },
		{ "SO_PASSCRED", SO_PASSCRED },
	};
	char what[64];
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		snprintf(what, sizeof(what), "%s default", opts[i].name);
		show_int(what, s, SOL_SOCKET, opts[i].opt);
		snprintf(what, sizeof(what), "%s set 5", opts[i].name);
		set_int(what, s, opts[i].opt, 5);
		snprintf(what, sizeof(what), "%s then", opts[i].name);
		show_int(what, s, SOL_SOCKET, opts[i].opt);
		set_int(what, s, opts[i].opt, 0);
	}
}

static void lengths(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0), v = 1;
	char small[2] = { 0x55, 0x55 };
	socklen_t len;

	check_errno("setsockopt optlen 3", setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, 3), EINVAL);
	check_errno("setsockopt optlen 0", setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, 0), EINVAL);
	check_eq("setsockopt optlen 8 (more is fine)", setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (long[]){ 1 }, 8), 0);
	check_errno("setsockopt unmapped value", setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (void *)16, 4), EFAULT);
	len = 2;
	check_eq("getsockopt into 2 bytes", getsockopt(s, SOL_SOCKET, SO_TYPE, small, &len), 0);
	printf("  length %u, bytes %02x %02x\n", (unsigned)len, (unsigned char)small[0], (unsigned char)small[1]);
	len = 0;
	check_eq("getsockopt length 0", getsockopt(s, SOL_SOCKET, SO_TYPE, small, &len), 0);
	check_eq("  length stays 0", len, 0);
	len = (socklen_t)-1;
	check_errno("getsockopt length -1", getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len), EINVAL);
	check_errno("getsockopt unmapped length", syscall(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, &v, (void *)16), EFAULT);
	len = 4;
	check_errno("getsockopt unmapped value", getsockopt(s, SOL_SOCKET, SO_TYPE, (void *)16, &len), EFAULT);
	len = 100;
	check_eq("getsockopt length 100", getsockopt(s, SOL_SOCKET, SO_TYPE, &(long[16]){ 0 }, &len), 0);
	check_eq("  length 4", len, 4);
}

static void linger(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct linger l;
	socklen_t len = sizeof(l);
	getsockopt(s, SOL_SOCKET, SO_LINGER, &l, &len);
	printf("SO_LINGER default: %d %d (length %u)\n", l.l_onoff, l.l_linger, (unsigned)len);
	l.l_onoff = 7;
	l.l_linger = 30;
	check_eq("set SO_LINGER on, 30", setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof(l)), 0);
	len = sizeof(l);
	getsockopt(s, SOL_SOCKET, SO_LINGER, &l, &len);
	printf("SO_LINGER then: %d %d\n", l.l_onoff, l.l_linger);
	l.l_onoff = 0;
	l.l_linger = 99;
	setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	len = sizeof(l);
	getsockopt(s, SOL_SOCKET, SO_LINGER, &l, &len);
	printf("SO_LINGER off (linger kept): %d %d\n", l.l_onoff, l.l_linger);
	check_errno("SO_LINGER with 4 bytes", setsockopt(s, SOL_SOCKET, SO_LINGER, &l, 4), EINVAL);
}

static void timeouts(void)
{
	int sv[2];
	struct timeval tv;
	socklen_t len = sizeof(tv);

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, &len);
	printf("SO_RCVTIMEO default: %ld.%06ld (length %u)\n", (long)tv.tv_sec, (long)tv.tv_usec, (unsigned)len);
	tv.tv_sec = 0;
	tv.tv_usec = 1;
	check_eq("SO_RCVTIMEO 1 us", setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	len = sizeof(tv);
	getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, &len);
	printf("  reads back as %ld.%06ld\n", (long)tv.tv_sec, (long)tv.tv_usec);
	tv.tv_sec = 2;
	tv.tv_usec = 500000;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	len = sizeof(tv);
	getsockopt(sv[0], SOL_SOCKET, SO_SNDTIMEO, &tv, &len);
	printf("SO_SNDTIMEO 2.5 s reads back as %ld.%06ld\n", (long)tv.tv_sec, (long)tv.tv_usec);
	tv.tv_usec = 1000000;
	check_errno("tv_usec 1000000", setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), EDOM);
	check_errno("SO_RCVTIMEO with 8 bytes", setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, 8), EINVAL);
	tv.tv_sec = 0;
	tv.tv_usec = 200000;
	setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	char c;
	long t0 = now_ms();
	check_errno("a read with a 0.2 s timeout", read(sv[0], &c, 1), EAGAIN);
	long took = now_ms() - t0;
	check("  it waited about 0.2 s", took >= 150 && took < 2000);
	tv.tv_sec = -1;
	tv.tv_usec = 0;
	check_eq("SO_RCVTIMEO -1 s", setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	len = sizeof(tv);
	getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, &len);
	printf("  reads back as %ld.%06ld\n", (long)tv.tv_sec, (long)tv.tv_usec);
	t0 = now_ms();
	check_errno("  a read: no wait at all", read(sv[0], &c, 1), EAGAIN);
	check("  it took under 0.1 s", now_ms() - t0 < 100);
	tv.tv_sec = 0;
	tv.tv_usec = 0;
	setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	len = sizeof(tv);
	getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, &len);
	printf("SO_RCVTIMEO 0 (forever) reads back as %ld.%06ld\n", (long)tv.tv_sec, (long)tv.tv_usec);
}

int main(void)
{
	sock_test_start();
	section("creation", creation, 10);
	section("identity", identity, 10);
	section("buffers", buffers, 10);
	section("booleans", booleans, 10);
	section("lengths", lengths, 10);
	section("SO_LINGER", linger, 10);
	section("timeouts", timeouts, 10);
	return sock_test_exit();
}
