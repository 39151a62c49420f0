/*
 * mu-unix-names - AF_UNIX names: bind to a path makes a socket node (mode
 * from the umask) that open refuses and unlink removes; a name in use is
 * EADDRINUSE; connect needs the node and a listening socket of the same
 * type (ENOENT, ECONNREFUSED, EPROTOTYPE); abstract names live outside the
 * file system; an empty address gets an automatic name; getsockname,
 * getpeername and recvfrom report Linux's lengths. Works in its own
 * /tmp/mu-unix-names and removes it. Expected: the reference Linux's
 * results.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stddef.h>
#include <sys/stat.h>

#include "mu-sock.h"

static char dir[64];

static socklen_t path_addr(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	snprintf(a->sun_path, sizeof(a->sun_path), "%s/%s", dir, name);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(a->sun_path) + 1);
}

static socklen_t abstract_addr(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path + 1, name, strlen(name));
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
}

/* getsockname/getpeername: the length, and whether the path came back. */
static void show_name(const char *what, int (*get)(int, struct sockaddr *, socklen_t *), int fd,
		      const struct sockaddr_un *want, socklen_t wantlen)
{
	struct sockaddr_un a;
	socklen_t len = sizeof(a);
	memset(&a, 0x55, sizeof(a));
	if (get(fd, (struct sockaddr *)&a, &len) != 0) {
		printf("%s: -%s\n", what, errno_name(errno));
		return;
	}
	printf("%s: length %u, family %d", what, (unsigned)len, a.sun_family);
	if (want)
		printf(", %s", len == wantlen && !memcmp(&a, want, wantlen) ? "same name" : "another name");
	printf("\n");
}

static void paths(void)
{
	struct sockaddr_un a, b;
	struct stat st;
	socklen_t la = path_addr(&a, "srv"), lb;

	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	show_name("unbound getsockname", getsockname, s, NULL, 0);
	umask(022);
	check_eq("bind to a path", bind(s, (struct sockaddr *)&a, la), 0);
	check("the node exists", stat(a.sun_path, &st) == 0);
	check("it is a socket", S_ISSOCK(st.st_mode));
	printf("its mode: %o\n", (unsigned)(st.st_mode & 07777));
	show_name("bound getsockname", getsockname, s, &a, la);
	/* with the full sizeof, Linux still stores the path's own length */
	show_name("getsockname again", getsockname, s, &a, la);
	check_errno("bind again", bind(s, (struct sockaddr *)&a, la), EADDRINUSE);
	lb = path_addr(&b, "other");
	check_errno("bind a bound socket to a new path", bind(s, (struct sockaddr *)&b, lb), EINVAL);
	check_errno("  ...which is not created", stat(b.sun_path, &st), ENOENT);
	int s2 = socket(AF_UNIX, SOCK_STREAM, 0);
	check_errno("another socket, same path", bind(s2, (struct sockaddr *)&a, la), EADDRINUSE);
	check_errno("bind with sizeof(sockaddr_un)", bind(s2, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE);
	check_errno("open the node", open(a.sun_path, O_RDWR), ENXIO);
	lb = path_addr(&b, "no/such/dir");
	check_errno("bind in a missing directory", bind(s2, (struct sockaddr *)&b, lb), ENOENT);

	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	check_errno("connect before listen", connect(c, (struct sockaddr *)&a, la), ECONNREFUSED);
	lb = path_addr(&b, "missing");
	check_errno("connect to a missing path", connect(c, (struct sockaddr *)&b, lb), ENOENT);
	int fd = open(b.sun_path, O_CREAT | O_WRONLY, 0600);
	close(fd);
	check_errno("connect to a regular file", connect(c, (struct sockaddr *)&b, lb), ECONNREFUSED);
	unlink(b.sun_path);
	check_errno("listen on an unbound socket", listen(c, 5), EINVAL);
	check_eq("listen", listen(s, 5), 0);
	check_eq("listen again (new backlog)", listen(s, 8), 0);
	int d = socket(AF_UNIX, SOCK_DGRAM, 0);
	check_errno("datagram connect to a stream listener", connect(d, (struct sockaddr *)&a, la), EPROTOTYPE);
	check_errno("connect with a bad family", connect(c, (struct sockaddr *)&(struct sockaddr){ .sa_family = AF_INET }, la), EINVAL);
	check_errno("connect with addrlen 2", connect(c, (struct sockaddr *)&a, 2), EINVAL);
	check_errno("connect with addrlen 111", connect(c, (struct sockaddr *)&a, 111), EINVAL);
	check_eq("connect", connect(c, (struct sockaddr *)&a, la), 0);
	check_errno("connect again", connect(c, (struct sockaddr *)&a, la), EISCONN);
	check_errno("connect on the listener", connect(s, (struct sockaddr *)&a, la), EINVAL);
	show_name("client getpeername", getpeername, c, &a, la);
	show_name("client getsockname", getsockname, c, NULL, 0);
	int v;
	socklen_t vl = sizeof(v);
	getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &vl);
	check_eq("SO_ACCEPTCONN listener", v, 1);
	vl = sizeof(v);
	getsockopt(c, SOL_SOCKET, SO_ACCEPTCONN, &v, &vl);
	check_eq("SO_ACCEPTCONN client", v, 0);
	check_eq("the client writes before accept", write(c, "early", 5), 5);

	struct sockaddr_un p;
	socklen_t pl = sizeof(p);
	int n = accept(s, (struct sockaddr *)&p, &pl);
	check("accept", n >= 0);
	check_eq("accept: peer address length", pl, offsetof(struct sockaddr_un, sun_path));
	show_name("accepted getsockname", getsockname, n, &a, la);
	show_name("accepted getpeername", getpeername, n, NULL, 0);
	char buf[16];
	check_eq("the early data", read(n, buf, sizeof(buf)), 5);
	check_errno("read on the listener", read(s, buf, 1), EINVAL);
	check_errno("accept on a connected socket", accept(c, NULL, NULL), EINVAL);
	check_errno("accept on an unbound socket", accept(socket(AF_UNIX, SOCK_STREAM, 0), NULL, NULL), EINVAL);
	check_errno("accept on a datagram socket", accept(d, NULL, NULL), EOPNOTSUPP);
	check_errno("listen on a datagram socket", listen(d, 1), EOPNOTSUPP);
	fcntl(s, F_SETFL, O_NONBLOCK);
	check_errno("accept, none pending, O_NONBLOCK", accept(s, NULL, NULL), EAGAIN);

	/* A client bound to a path: the server sees its name. */
	int c2 = socket(AF_UNIX, SOCK_STREAM, 0);
	lb = path_addr(&b, "client");
	check_eq("bind the client", bind(c2, (struct sockaddr *)&b, lb), 0);
	check_eq("connect the bound client", connect(c2, (struct sockaddr *)&a, la), 0);
	pl = sizeof(p);
	n = accept(s, (struct sockaddr *)&p, &pl);
	check("accept it", n >= 0);
	check("accept: the client's name", pl == lb && !memcmp(&p, &b, lb));
	write(c2, "hi", 2);
	pl = sizeof(p);
	check_eq("recvfrom on the stream", recvfrom(n, buf, sizeof(buf), 0, (struct sockaddr *)&p, &pl), 2);
	check("recvfrom: the client's name", pl == lb && !memcmp(&p, &b, lb));
	pl = 4;
	write(c2, "hi", 2);
	check_eq("recvfrom, addrlen 4", recvfrom(n, buf, sizeof(buf), 0, (struct sockaddr *)&p, &pl), 2);
	check_eq("  addrlen says the full length", pl, lb);

	/* A closed listener leaves its node: connect is refused. */
	close(s);
	check("the node outlives the socket", stat(a.sun_path, &st) == 0);
	int c3 = socket(AF_UNIX, SOCK_STREAM, 0);
	check_errno("connect after the listener closed", connect(c3, (struct sockaddr *)&a, la), ECONNREFUSED);
	check_eq("unlink the node", unlink(a.sun_path), 0);
	check_errno("connect after unlink", connect(c3, (struct sockaddr *)&a, la), ENOENT);
	int s3 = socket(AF_UNIX, SOCK_STREAM, 0);
	check_eq("the path can be bound again", bind(s3, (struct sockaddr *)&a, la), 0);
	unlink(a.sun_path);
	unlink(b.sun_path);
}

static void backlog(void)
{
	struct sockaddr_un a;
	socklen_t la = path_addr(&a, "backlog");
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(s, (struct sockaddr *)&a, la);
	listen(s, 1);
	int ok = 0, r = 0;
	for (int i = 0; i < 5; i++) {
		int c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
		r = connect(c, (struct sockaddr *)&a, la);
		if (r != 0)
			break;
		ok++;
	}
	check_eq("connections a backlog of 1 takes", ok, 2);
	check_errno("the next, nonblocking", r, EAGAIN);
	check("accept one", accept(s, NULL, NULL) >= 0);
	int c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	check_eq("then one more fits", connect(c, (struct sockaddr *)&a, la), 0);

	/* A blocking connector waits until the server accepts. */
	pid_t pid = fork();
	if (pid == 0) {
		sleep_ms(200);
		accept(s, NULL, NULL);
		_exit(0);
	}
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	long t0 = now_ms();
	check_eq("blocking connect to a full backlog", connect(c, (struct sockaddr *)&a, la), 0);
	check("  it waited for the accept", now_ms() - t0 >= 100);
	waitpid(pid, NULL, 0);
	/* A listener closed with connections pending resets them. */
	close(s);
	char buf[4];
	check_errno("a pending connection's read after the listener closed", read(c, buf, 1), ECONNRESET);
	check_errno("  and its write", send(c, "x", 1, MSG_NOSIGNAL), EPIPE);
	unlink(a.sun_path);
}

static void abstract(void)
{
	struct sockaddr_un a, b, p;
	socklen_t la = abstract_addr(&a, "mu-unix-names"), lb, pl;
	struct stat st;

	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	check_eq("bind an abstract name", bind(s, (struct sockaddr *)&a, la), 0);
	show_name("abstract getsockname", getsockname, s, &a, la);
	int s2 = socket(AF_UNIX, SOCK_STREAM, 0);
	check_errno("bind it twice", bind(s2, (struct sockaddr *)&a, la), EADDRINUSE);
	/* the length is part of the name */
	check_eq("a longer name with the same prefix", bind(s2, (struct sockaddr *)&a, la + 1), 0);
	check_errno("no file appears", stat("mu-unix-names", &st), ENOENT);
	listen(s, 4);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	check_eq("connect to it", connect(c, (struct sockaddr *)&a, la), 0);
	show_name("client getpeername", getpeername, c, &a, la);
	lb = abstract_addr(&b, "no-such-name");
	int c2 = socket(AF_UNIX, SOCK_STREAM, 0);
	check_errno("connect to a missing abstract name", connect(c2, (struct sockaddr *)&b, lb), ECONNREFUSED);
	close(s);
	check_errno("connect after the owner closed", connect(c2, (struct sockaddr *)&a, la), ECONNREFUSED);
	int s3 = socket(AF_UNIX, SOCK_STREAM, 0);
	check_eq("the name is free again", bind(s3, (struct sockaddr *)&a, la), 0);

	/* Automatic names: an empty address, or connect with SO_PASSCRED. */
	int d = socket(AF_UNIX, SOCK_DGRAM, 0);
	check_eq("bind with addrlen 2", bind(d, (struct sockaddr *)&(struct sockaddr_un){ .sun_family = AF_UNIX }, 2), 0);
	pl = sizeof(p);
	getsockname(d, (struct sockaddr *)&p, &pl);
	check_eq("autobind length", pl, 8);
	check("autobind: abstract", p.sun_path[0] == 0);
	check_eq("autobind again: no change", bind(d, (struct sockaddr *)&(struct sockaddr_un){ .sun_family = AF_UNIX }, 2), 0);
	check_errno("bind a named socket", bind(d, (struct sockaddr *)&b, lb), EINVAL);
	check_errno("bind with addrlen 1", bind(socket(AF_UNIX, SOCK_DGRAM, 0), (struct sockaddr *)&b, 1), EINVAL);
	check_errno("bind with a bad family", bind(socket(AF_UNIX, SOCK_DGRAM, 0), (struct sockaddr *)&(struct sockaddr){ .sa_family = AF_INET }, 16), EINVAL);
	check_errno("bind with addrlen 111", bind(socket(AF_UNIX, SOCK_DGRAM, 0), (struct sockaddr *)&b, 111), EINVAL);
	check_errno("bind with addrlen 129", bind(socket(AF_UNIX, SOCK_DGRAM, 0), (struct sockaddr *)&b, 129), EINVAL);
	check_errno("bind with addrlen -1", bind(socket(AF_UNIX, SOCK_DGRAM, 0), (struct sockaddr *)&b, -1), EINVAL);

	/* With SO_PASSCRED, connect and send name an unnamed socket. */
	int on = 1;
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	lb = abstract_addr(&b, "mu-unix-passcred");
	bind(l, (struct sockaddr *)&b, lb);
	listen(l, 2);
	int pc = socket(AF_UNIX, SOCK_STREAM, 0);
	setsockopt(pc, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on));
	check_eq("connect with SO_PASSCRED", connect(pc, (struct sockaddr *)&b, lb), 0);
	pl = sizeof(p);
	getsockname(pc, (struct sockaddr *)&p, &pl);
	check_eq("  it got an automatic name: length", pl, 8);
	int acc = accept(l, NULL, NULL);
	pl = sizeof(p);
	getpeername(acc, (struct sockaddr *)&p, &pl);
	check_eq("  the server sees it: length", pl, 8);
	int v = 0;
	socklen_t vl = sizeof(v);
	getsockopt(acc, SOL_SOCKET, SO_PASSCRED, &v, &vl);
	check_eq("  the accepted socket's SO_PASSCRED (not inherited from the client)", v, 0);
	setsockopt(l, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on));
	connect(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&b, lb);
	acc = accept(l, NULL, NULL);
	vl = sizeof(v);
	getsockopt(acc, SOL_SOCKET, SO_PASSCRED, &v, &vl);
	check_eq("  accepted from a listener with SO_PASSCRED: inherited", v, 1);
	int ds = socket(AF_UNIX, SOCK_DGRAM, 0);
	setsockopt(ds, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on));
	int dr = socket(AF_UNIX, SOCK_DGRAM, 0);
	lb = abstract_addr(&b, "mu-unix-passcred-dg");
	bind(dr, (struct sockaddr *)&b, lb);
	check_eq("sendto with SO_PASSCRED", sendto(ds, "x", 1, 0, (struct sockaddr *)&b, lb), 1);
	pl = sizeof(p);
	getsockname(ds, (struct sockaddr *)&p, &pl);
	check_eq("  the sender got an automatic name: length", pl, 8);

	/* A listener shut for reading refuses connections and accepts. */
	check_eq("shutdown a listener", shutdown(l, SHUT_RD), 0);
	lb = abstract_addr(&b, "mu-unix-passcred");
	check_errno("connect to it", connect(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&b, lb), ECONNREFUSED);
	check_errno("accept on it", accept(l, NULL, NULL), EINVAL);
}

static void datagrams(void)
{
	struct sockaddr_un a, b, p;
	socklen_t la = path_addr(&a, "dg-server"), lb = abstract_addr(&b, "mu-unix-dg"), pl;
	char buf[16];

	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	check_eq("bind the datagram server", bind(s, (struct sockaddr *)&a, la), 0);
	int c = socket(AF_UNIX, SOCK_DGRAM, 0);
	check_errno("send unconnected, no address", send(c, "x", 1, 0), ENOTCONN);
	check_eq("sendto the path, unnamed sender", sendto(c, "one", 3, 0, (struct sockaddr *)&a, la), 3);
	pl = sizeof(p);
	check_eq("recvfrom", recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&p, &pl), 3);
	check_eq("  from an unnamed sender: length", pl, 0);
	bind(c, (struct sockaddr *)&b, lb);
	sendto(c, "two", 3, 0, (struct sockaddr *)&a, la);
	pl = sizeof(p);
	check_eq("recvfrom a named sender", recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&p, &pl), 3);
	check("  its name", pl == lb && !memcmp(&p, &b, lb));
	check_eq("reply to it", sendto(s, "re", 2, 0, (struct sockaddr *)&p, pl), 2);
	check_eq("the reply", recv(c, buf, sizeof(buf), 0), 2);
	struct sockaddr_un m;
	socklen_t lm = path_addr(&m, "nobody");
	check_errno("sendto a missing path", sendto(c, "x", 1, 0, (struct sockaddr *)&m, lm), ENOENT);
	socklen_t lx = abstract_addr(&m, "nobody");
	check_errno("sendto a missing abstract name", sendto(c, "x", 1, 0, (struct sockaddr *)&m, lx), ECONNREFUSED);
	int st = socket(AF_UNIX, SOCK_STREAM, 0);
	check_errno("sendto from a stream socket", sendto(st, "x", 1, 0, (struct sockaddr *)&a, la), EOPNOTSUPP);
	check_errno("sendto a datagram name from seqpacket", connect(socket(AF_UNIX, SOCK_SEQPACKET, 0), (struct sockaddr *)&a, la), EPROTOTYPE);

	/* connect fixes the peer; others may no longer send to a connected socket */
	check_eq("connect the server to the client", connect(s, (struct sockaddr *)&b, lb), 0);
	show_name("getpeername", getpeername, s, &b, lb);
	int e = socket(AF_UNIX, SOCK_DGRAM, 0);
	check_errno("a third socket sends to the connected server", sendto(e, "x", 1, 0, (struct sockaddr *)&a, la), EPERM);
	check_eq("the peer still can", sendto(c, "ok", 2, 0, (struct sockaddr *)&a, la), 2);
	check_eq("  received", recv(s, buf, sizeof(buf), 0), 2);
	check_eq("send on the connected socket", send(s, "to", 2, 0), 2);
	check_eq("  received", recv(c, buf, sizeof(buf), 0), 2);
	check_eq("disconnect with AF_UNSPEC", connect(s, (struct sockaddr *)&(struct sockaddr){ .sa_family = AF_UNSPEC }, sizeof(struct sockaddr)), 0);
	check_errno("getpeername after disconnect", getpeername(s, (struct sockaddr *)&p, &pl), ENOTCONN);
	check_eq("the third socket may send again", sendto(e, "x", 1, 0, (struct sockaddr *)&a, la), 1);

	/* The queue limit: net.unix.max_dgram_qlen (10) messages wait. */
	int q = socket(AF_UNIX, SOCK_DGRAM, 0);
	int n = 0;
	long r;
	while ((r = sendto(q, "x", 1, MSG_DONTWAIT, (struct sockaddr *)&a, la)) == 1)
		n++;
	check_eq("messages the queue takes (one already waits)", n, 10);
	check_errno("then", r, EAGAIN);
	close(s);
	check_errno("sendto a closed server's path", sendto(q, "x", 1, 0, (struct sockaddr *)&a, la), ECONNREFUSED);
	unlink(a.sun_path);
}

static void seqpacket(void)
{
	struct sockaddr_un a;
	socklen_t la = abstract_addr(&a, "mu-unix-seq");
	char buf[16];

	int s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	bind(s, (struct sockaddr *)&a, la);
	check_eq("seqpacket listen", listen(s, 2), 0);
	int c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	check_errno("send before connect", send(c, "x", 1, 0), ENOTCONN);
	check_errno("recv before connect", recv(c, buf, 1, MSG_DONTWAIT), ENOTCONN);
	check_eq("connect", connect(c, (struct sockaddr *)&a, la), 0);
	int n = accept(s, NULL, NULL);
	check("accept", n >= 0);
	send(c, "abc", 3, 0);
	send(c, "defgh", 5, 0);
	check_eq("one record", recv(n, buf, sizeof(buf), 0), 3);
	check_eq("a record cut short, MSG_TRUNC", recv(n, buf, 2, MSG_TRUNC), 5);
	close(c);
	check_eq("EOF after the peer closed", recv(n, buf, sizeof(buf), 0), 0);
	check_eq("EOF, MSG_DONTWAIT", recv(n, buf, sizeof(buf), MSG_DONTWAIT), 0);
	check_errno("send to the closed peer: EPIPE", send(n, "x", 1, 0), EPIPE);
}

/* SO_PEERCRED over a connection: each end names the other process (the
 * one that connected, the one that listened), not its own. */
static void peercred(void)
{
	struct sockaddr_un a;
	socklen_t la = abstract_addr(&a, "mu-unix-peercred");
	struct ucred c;
	socklen_t cl;
	int s = socket(AF_UNIX, SOCK_STREAM, 0), p[2];

	bind(s, (struct sockaddr *)&a, la);
	listen(s, 1);
	pipe(p);
	pid_t parent = getpid();
	pid_t child = fork();
	if (child == 0) {
		int k = socket(AF_UNIX, SOCK_STREAM, 0);
		char ok = 'n';
		if (connect(k, (struct sockaddr *)&a, la) == 0) {
			cl = sizeof(c);
			getsockopt(k, SOL_SOCKET, SO_PEERCRED, &c, &cl);
			ok = c.pid == parent ? 'y' : 'n';
		}
		write(p[1], &ok, 1);
		char x;
		read(k, &x, 1); /* until the parent has looked */
		_exit(0);
	}
	int n = accept(s, NULL, NULL);
	cl = sizeof(c);
	getsockopt(n, SOL_SOCKET, SO_PEERCRED, &c, &cl);
	check("the accepted socket's peer: the connecting child", c.pid == child);
	char ok = 0;
	read(p[0], &ok, 1);
	check("the child's peer: the listening parent", ok == 'y');
	close(n);
	waitpid(child, NULL, 0);
}

int main(void)
{
	sock_test_start();
	/* a fixed name: the lengths printed must not depend on the pid */
	snprintf(dir, sizeof(dir), "/tmp/mu-unix-names");
	if (mkdir(dir, 0700) != 0) {
		printf("mkdir %s: FAIL\n", dir);
		return 1;
	}
	section("paths", paths, 10);
	section("backlog", backlog, 10);
	section("abstract", abstract, 10);
	section("datagrams", datagrams, 10);
	section("seqpacket", seqpacket, 10);
	section("SO_PEERCRED", peercred, 10);
	rmdir(dir);
	return sock_test_exit();
}
