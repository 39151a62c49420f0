/*
 * sock.c - the socket calls' arguments in strace lines (args.h): families,
 * types, protocols, socket addresses, shutdown modes, option levels, names
 * and values, message flags, as Linux's strace 6 prints them (its xlat
 * tables and sockaddr.c). Invariant: as args.c, tracee memory is only
 * read, through mem.h; what cannot be read is an address.
 */
#include <string.h>

#include <uapi/socket.h>

#include "args.h"
#include "mem.h"

#define N(name) { name, #name }

/* Linux's values (include/linux/socket.h, include/uapi/linux/in.h,
 * include/uapi/linux/tcp.h) that uapi/socket.h leaves out. */
#define SOCK_RDM 4
#define SOCK_DCCP 6
#define SOCK_PACKET 10
#define SOL_IP 0
#define SOL_TCP 6
#define SOL_UDP 17
#define SOL_IPV6 41
#define IPPROTO_IP 0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_IPV6 41
#define IPPROTO_RAW 255
#define TCP_NODELAY 1
#define TCP_MAXSEG 2
#define TCP_CORK 3
#define TCP_KEEPIDLE 4
#define TCP_KEEPINTVL 5
#define TCP_KEEPCNT 6
#define SO_RCVTIMEO_NEW 66
#define SO_SNDTIMEO_NEW 67

static const struct trace_name family_names[] = {
	N(AF_UNSPEC), N(AF_UNIX), N(AF_INET), N(AF_INET6), N(AF_NETLINK), N(AF_PACKET),
};
static const struct trace_name type_names[] = {
	N(SOCK_STREAM), N(SOCK_DGRAM), N(SOCK_RAW), N(SOCK_RDM),
	N(SOCK_SEQPACKET), N(SOCK_DCCP), N(SOCK_PACKET),
};
static const struct trace_name type_flag_names[] = { N(SOCK_CLOEXEC), N(SOCK_NONBLOCK) };
static const struct trace_name inet_protocol_names[] = {
	N(IPPROTO_IP), N(IPPROTO_ICMP), N(IPPROTO_TCP), N(IPPROTO_UDP), N(IPPROTO_IPV6),
	N(IPPROTO_RAW),
};
static const struct trace_name shut_names[] = { N(SHUT_RD), N(SHUT_WR), N(SHUT_RDWR) };
static const struct trace_name level_names[] = {
	N(SOL_IP), N(SOL_SOCKET), N(SOL_TCP), N(SOL_UDP), N(SOL_IPV6),
};
static const struct trace_name sol_socket_names[] = {
	N(SO_DEBUG), N(SO_REUSEADDR), N(SO_TYPE), N(SO_ERROR), N(SO_DONTROUTE),
	N(SO_BROADCAST), N(SO_SNDBUF), N(SO_RCVBUF), N(SO_KEEPALIVE), N(SO_OOBINLINE),
	N(SO_NO_CHECK), N(SO_PRIORITY), N(SO_LINGER), N(SO_BSDCOMPAT), N(SO_REUSEPORT),
	N(SO_PASSCRED), N(SO_PEERCRED), N(SO_RCVLOWAT), N(SO_SNDLOWAT), N(SO_RCVTIMEO_OLD),
	N(SO_SNDTIMEO_OLD), N(SO_ACCEPTCONN), N(SO_PEERSEC), N(SO_SNDBUFFORCE),
	N(SO_RCVBUFFORCE), N(SO_PROTOCOL), N(SO_DOMAIN), N(SO_RCVTIMEO_NEW), N(SO_SNDTIMEO_NEW),
};
static const struct trace_name tcp_option_names[] = {
	N(TCP_NODELAY), N(TCP_MAXSEG), N(TCP_CORK), N(TCP_KEEPIDLE), N(TCP_KEEPINTVL),
	N(TCP_KEEPCNT),
};
/* strace's msg_flags order. */
static const struct trace_name msg_flag_names[] = {
	N(MSG_OOB), N(MSG_PEEK), N(MSG_DONTROUTE), N(MSG_CTRUNC), { 0x10, "MSG_PROBE" },
	N(MSG_TRUNC), N(MSG_DONTWAIT), N(MSG_EOR), N(MSG_WAITALL), { 0x200, "MSG_FIN" },
	{ 0x400, "MSG_SYN" }, { 0x800, "MSG_CONFIRM" }, { 0x1000, "MSG_RST" },
	{ 0x2000, "MSG_ERRQUEUE" }, N(MSG_NOSIGNAL), N(MSG_MORE), { 0x10000, "MSG_WAITFORONE" },
	{ 0x40000, "MSG_BATCH" }, { 0x4000000, "MSG_ZEROCOPY" }, { 0x20000000, "MSG_FASTOPEN" },
	N(MSG_CMSG_CLOEXEC),
};

/* An address's family-specific part (strace's print_sockaddr_data_*). */
static void print_sockaddr_data(struct trace_text *t, const struct sockaddr_storage *a, u32 len)
{
	const u8 *b = (const u8 *)a;
	u32 data = len - sizeof(sa_family_t);

	if (a->ss_family == AF_UNIX) {
		const char *path = (const char *)b + sizeof(sa_family_t);
		data = MIN(data, (u32)UNIX_PATH_MAX);
		trace_puts(t, ", sun_path=");
		if (path[0]) {
			u32 n = 0;
			while (n < data && path[n])
				n++;
			trace_quote(t, (const u8 *)path, n, false);
		} else {
			trace_putc(t, '@');
			trace_quote(t, (const u8 *)path + 1, data - 1, false);
		}
		return;
	}
	if (a->ss_family == AF_INET && len >= 16) {
		u32 port = (u32)b[2] << 8 | b[3];
		trace_printf(t, ", sin_port=htons(%u), sin_addr=inet_addr(\"%u.%u.%u.%u\")", port, b[4],
			     b[5], b[6], b[7]);
		return;
	}
	trace_puts(t, ", sa_data=");
	trace_quote(t, b + sizeof(sa_family_t), data, false);
}

/* A socket address of len bytes at user address p. */
static void print_sockaddr(struct trace_text *t, u64 p, u64 len)
{
	struct sockaddr_storage a;

	if (!p) {
		trace_puts(t, "NULL");
		return;
	}
	if ((s64)(int)len < (s64)sizeof(sa_family_t)) {
		trace_ptr(t, p);
		return;
	}
	u32 n = (u32)MIN(len, (u64)sizeof(a));
	memset(&a, 0, sizeof(a));
	if (mem_read(&a, p, n)) {
		trace_ptr(t, p);
		return;
	}
	trace_puts(t, "{sa_family=");
	trace_value(t, family_names, ARRAY_SIZE(family_names), a.ss_family, "AF_");
	if (n > sizeof(sa_family_t))
		print_sockaddr_data(t, &a, n);
	trace_putc(t, '}');
}

/* setsockopt's value: an int as [N]; other sizes as their bytes. */
static void print_sockopt_in(struct trace_text *t, u64 p, u64 len)
{
	int v;
	if (len == sizeof(v) && p && !mem_read(&v, p, sizeof(v)))
		trace_printf(t, "[%d]", v);
	else
		trace_user_buf(t, p, len, false);
}

void trace_sock_arg(struct trace_text *t, const struct trace_call *c, int i,
		    enum trace_type type)
{
	u64 v = c->args[i];
	u64 next = i + 1 < TRACE_MAX_ARGS ? c->args[i + 1] : 0;
	u64 prev = i > 0 ? c->args[i - 1] : 0;
	u64 first = c->args[0];

	switch (type) {
	case TRACE_T_SOCK_FAMILY:
		trace_value(t, family_names, ARRAY_SIZE(family_names), (u32)v, "AF_");
		break;
	case TRACE_T_SOCK_TYPE:
		trace_value(t, type_names, ARRAY_SIZE(type_names), v & SOCK_TYPE_MASK, "SOCK_");
		if ((u32)v & ~(u32)SOCK_TYPE_MASK) {
			trace_putc(t, '|');
			trace_flags(t, type_flag_names, ARRAY_SIZE(type_flag_names),
				    (u32)v & ~(u32)SOCK_TYPE_MASK, "SOCK_", NULL);
		}
		break;
	case TRACE_T_SOCK_PROTOCOL: /* named for the internet families only */
		if ((u32)first == AF_INET || (u32)first == AF_INET6)
			trace_value(t, inet_protocol_names, ARRAY_SIZE(inet_protocol_names), (u32)v,
				    "IPPROTO_");
		else
			trace_printf(t, "%d", (int)v);
		break;
	case TRACE_T_SOCK_FLAGS:
		trace_flags(t, type_flag_names, ARRAY_SIZE(type_flag_names), (u32)v, "SOCK_", NULL);
		break;
	case TRACE_T_SOCKADDR:
		print_sockaddr(t, v, next);
		break;
	case TRACE_T_SHUT_HOW:
		trace_value(t, shut_names, ARRAY_SIZE(shut_names), (u32)v, "SHUT_");
		break;
	case TRACE_T_SOCKOPT_LEVEL:
		trace_value(t, level_names, ARRAY_SIZE(level_names), (u32)v, "SOL_");
		break;
	case TRACE_T_SOCKOPT_NAME:
		if ((u32)prev == SOL_SOCKET)
			trace_value(t, sol_socket_names, ARRAY_SIZE(sol_socket_names), (u32)v, "SO_");
		else if ((u32)prev == SOL_TCP)
			trace_value(t, tcp_option_names, ARRAY_SIZE(tcp_option_names), (u32)v, "TCP_");
		else
			trace_printf(t, "%d", (int)v);
		break;
	case TRACE_T_SOCKOPT_IN:
		print_sockopt_in(t, v, (u64)(int)next);
		break;
	case TRACE_T_MSG_FLAGS:
		trace_flags(t, msg_flag_names, ARRAY_SIZE(msg_flag_names), (u32)v, "MSG_", NULL);
		break;
	default:
		trace_hex(t, v);
		break;
	}
}
