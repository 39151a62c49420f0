/*
 * tcp_conn.h - one TCP connection (a transmission control block, RFC 9293
 * 3.3.1) and what the tcp_*.c files share about it: the table of
 * connections (tcp.c), segment input (tcp_input.c), segment output and
 * retransmission (tcp_output.c), timers (tcp_timer.c) and the socket
 * operations (tcp_sock.c).
 * Invariants: a connection with a socket is freed only by its socket's
 * release; one without (an orphan: closed by its owner, or a child not
 * yet accepted) is freed by tcp_tick() once it reaches CLOSED, never in
 * the middle of input or output, so a pointer held across ip_output()
 * stays valid. The send queue holds exactly the bytes from snd_una (after
 * the SYN) that are not yet acknowledged; the receive queue holds the
 * bytes before rcv_nxt that the owner has not read. Both are lists of
 * packet buffers (pbuf.h): a send-queue buffer is one segment's payload
 * as it will go out, a receive-queue buffer may be the very buffer the
 * peer sent over lo.
 */
#ifndef MINOS_NET_TCP_CONN_H
#define MINOS_NET_TCP_CONN_H

#include "types.h"
#include "net/tcp_seg.h"

struct socket;

enum tcp_state { /* RFC 9293 3.3.2 */
	TCP_CLOSED,
	TCP_LISTEN,
	TCP_SYN_SENT,
	TCP_SYN_RECEIVED,
	TCP_ESTABLISHED,
	TCP_FIN_WAIT_1,
	TCP_FIN_WAIT_2,
	TCP_CLOSE_WAIT,
	TCP_CLOSING,
	TCP_LAST_ACK,
	TCP_TIME_WAIT,
};

struct pbuf;

/* A queue of packet buffers holding len bytes, at most size (the
 * socket's SO_SNDBUF or SO_RCVBUF, within TCP_BUF_MIN..TCP_BUF_MAX). In
 * a send queue (linked through snext) the first `off` payload bytes of
 * the head buffer are acknowledged already; a receive queue (linked
 * through qnext) keeps each buffer's unread bytes in rdata/rlen. `ready`
 * once the connection may carry data (connect, or a child's handshake
 * done). */
struct tcp_queue {
	struct pbuf *head, *tail;
	u32 size, len, off;
	bool ready;
};

/* Which directions are over: reading (the peer's FIN, shutdown(SHUT_RD),
 * a reset) and writing (shutdown(SHUT_WR), close, a reset). */
#define TCP_SHUT_RCV 1
#define TCP_SHUT_SND 2

/* Timers, in ticks (time/tick.h: 100 a second). */
#define TCP_RTO_INITIAL 100   /* RFC 6298 2.1: 1 s */
#define TCP_RTO_MIN 20        /* Linux's TCP_RTO_MIN: 200 ms */
#define TCP_RTO_MAX 12000     /* Linux's TCP_RTO_MAX: 120 s */
#define TCP_TIME_WAIT_TICKS 6000 /* Linux's TCP_TIMEWAIT_LEN: 60 s (2 MSL) */
#define TCP_FIN_WAIT_2_TICKS 6000 /* Linux's tcp_fin_timeout: 60 s */
/* Retransmissions before giving up with ETIMEDOUT: Linux's defaults
 * (net.ipv4.tcp_syn_retries, tcp_synack_retries, tcp_retries2). */
#define TCP_SYN_RETRIES 6
#define TCP_SYNACK_RETRIES 5
#define TCP_RETRIES 15

/* The MSS this end announces: the interface MTU less the IP and TCP
 * headers (1460 on Ethernet, 65495 on lo's 65535, as Linux). */
#define TCP_HEADERS (20 + TCP_HLEN)
#define TCP_WINDOW_MAX 65535 /* no window scaling (RFC 7323) */
#define TCP_INITIAL_CWND_SEGS 10 /* RFC 6928, as Linux */

/* Send and receive queues: the socket's SO_SNDBUF/SO_RCVBUF, within. */
#define TCP_BUF_MIN 4096
#define TCP_BUF_MAX (256 * 1024)
#define TCP_BUF_DEFAULT (128 * 1024)

/* Option defaults (Linux's, include/net/tcp.h). */
#define TCP_KEEPIDLE_DEFAULT 7200
#define TCP_KEEPINTVL_DEFAULT 75
#define TCP_KEEPCNT_DEFAULT 9

struct tcp_conn {
	struct tcp_conn *next;     /* every connection (tcp.c) */
	struct socket *sock;       /* NULL for an orphan or unaccepted child */
	enum tcp_state state;

	/* The 4-tuple, network byte order; lport 0: not bound. */
	u32 laddr, raddr;
	u16 lport, rport;
	bool reuse;                /* SO_REUSEADDR when bound */

	/* LISTEN: the children, oldest first, linked through qnext. */
	struct tcp_conn *queue;
	int backlog;               /* listen(2)'s, clamped */
	/* A child: its listener until accepted. */
	struct tcp_conn *listener;
	struct tcp_conn *qnext;

	/* Send sequence space (RFC 9293 3.3.1). snd_max: the highest
	 * sequence number sent so far (snd_nxt goes back on a timeout). */
	u32 iss, snd_una, snd_nxt, snd_max, snd_wnd, snd_wl1, snd_wl2;
	u32 max_wnd;               /* the largest window the peer offered */
	struct tcp_queue snd;
	bool fin_queued;           /* a FIN follows the send queue's bytes */
	bool fin_sent;             /* ... and went out, as fin_seq */
	u32 fin_seq;

	/* Receive sequence space. rcv_adv: rcv_nxt + the window last sent. */
	u32 irs, rcv_nxt, rcv_adv;
	struct tcp_queue rcv;
	bool fin_rcvd;             /* the peer's FIN is in (rcv_nxt counts it) */
	u8 shut;                   /* TCP_SHUT_*: as Linux's sk_shutdown */
	bool connecting;           /* connect(2) started, not yet reported */
	int err;                   /* for a socketless child: its SO_ERROR */

	u32 mss;                   /* the most this end sends in a segment */
	u32 user_mss;              /* TCP_MAXSEG, 0: none */

	/* RFC 6298, in ticks: srtt scaled by 8, rttvar by 4. */
	u32 srtt, rttvar, rto;
	bool rtt_timing;
	u32 rtt_seq;
	u64 rtt_start;
	u32 retries;               /* timeouts in a row */
	u64 rexmit_at;             /* retransmission or persist timer, 0: off */
	u64 state_at;              /* TIME_WAIT, FIN_WAIT_2 timeout, 0: off */

	/* RFC 5681: congestion window, slow-start threshold, duplicate ACKs. */
	u32 cwnd, ssthresh, dupacks;

	/* IPPROTO_TCP options (uapi/linux/tcp.h), stored. */
	bool nodelay;
	int keepidle, keepintvl, keepcnt;
};

/* What the stack counted (host tests and /proc read them). */
struct tcp_counters {
	u64 segs_in, segs_out, retransmits, resets_out;
	u64 bad_checksum, bad_header, out_of_window, no_socket;
	u64 syn_dropped, ooo_dropped, timeouts;
};
extern struct tcp_counters tcp_counters;

/* --- tcp.c: the table of connections --- */
struct tcp_conn *tcp_conn_alloc(void);
/* Frees c and its queues' buffers (c must be out of any listener's queue). */
void tcp_conn_free(struct tcp_conn *c);
struct tcp_conn *tcp_conn_first(void);
/* The connection a segment belongs to: the exact 4-tuple, else a
 * listener on the port (its address, or INADDR_ANY). */
struct tcp_conn *tcp_conn_lookup(u32 laddr, u16 lport, u32 raddr, u16 rport);
/* Binds c to addr:port (port 0: an ephemeral one); -EADDRINUSE. */
int tcp_conn_bind(struct tcp_conn *c, u32 addr, u16 port);
/* An initial sequence number (RFC 9293 3.4.1, RFC 6528). */
u32 tcp_iss(u32 laddr, u16 lport, u32 raddr, u16 rport);
/* Sizes both queues from SO_SNDBUF/SO_RCVBUF (0: the default), once. */
void tcp_conn_queue_sizes(struct tcp_conn *c, u32 sndbuf, u32 rcvbuf);
/* ... and opens them for data: at connect, or when a listener's child is
 * established (a half-open one holds nothing but its block, so a SYN
 * flood costs one small block per queued SYN). */
int tcp_conn_queues(struct tcp_conn *c, u32 sndbuf, u32 rcvbuf);
/* Moves c to state, wakes its owner. */
void tcp_set_state(struct tcp_conn *c, enum tcp_state state);
/* The connection is over: CLOSED, timers off, out of its listener's
 * queue (an orphan is then freed at the next tick). */
void tcp_done(struct tcp_conn *c);
const char *tcp_state_name(enum tcp_state s);
/* Active open (RFC 9293 3.10.2): c is bound, has its queues and its
 * remote address; sends the SYN. */
void tcp_conn_open(struct tcp_conn *c);
/* No more sending: the FIN follows the queued data (ESTABLISHED to
 * FIN-WAIT-1, CLOSE-WAIT to LAST-ACK). */
void tcp_conn_fin(struct tcp_conn *c);
/* Abort (RFC 9293 3.10.5): a RST if the peer knows the connection. */
void tcp_conn_abort(struct tcp_conn *c);
/* A listener stops: its queued children are reset. */
void tcp_conn_stop_listening(struct tcp_conn *c);

/* --- queues (tcp.c) --- */
u32 tcp_queue_space(const struct tcp_queue *q);
/* Frees every buffer of q (its bytes are gone). */
void tcp_queue_purge(struct tcp_queue *q, bool send);
/* Send queue: appends up to n bytes through copy (user or kernel
 * memory: copy returns the bytes it moved or a negative errno), into the
 * tail buffer while it is unsent, else into new buffers of at most mss
 * bytes. Returns the bytes taken, or a negative errno when none was. */
typedef long (*tcp_copy_fn)(void *arg, u8 *dst, u32 n);
long tcp_snd_append(struct tcp_conn *c, u32 n, tcp_copy_fn copy, void *arg);
/* ... from kernel memory (the self-tests). */
u32 tcp_snd_write(struct tcp_conn *c, const void *src, u32 n);
/* Drops the first n bytes (acknowledged). */
void tcp_snd_consume(struct tcp_conn *c, u32 n);
/* Receive queue: takes len bytes in order. When they lie in the buffer
 * lo is delivering and are not too few, a reference to it; otherwise a
 * copy (appended to the tail buffer when it is the receiver's own).
 * Returns the bytes taken (0 when out of memory). */
u32 tcp_rcv_take(struct tcp_conn *c, const u8 *data, u32 len);
/* Copies n bytes from offset off of the receive queue (not consumed):
 * out(arg, src, run) moves one run and returns the bytes moved or a
 * negative errno. Returns the bytes moved, or the first error. */
typedef long (*tcp_out_fn)(void *arg, const u8 *src, u32 n);
long tcp_rcv_copy(struct tcp_conn *c, u32 off, u32 n, tcp_out_fn out, void *arg);
/* ... into kernel memory (the self-tests). */
u32 tcp_rcv_peek(struct tcp_conn *c, u32 off, void *dst, u32 n);
void tcp_rcv_consume(struct tcp_conn *c, u32 n);

/* --- tcp_sock.c: what the engine asks of the socket above it --- */
/* Tells c's owner (or its listener's) that something changed: wakes the
 * socket's sleepers and notifies poll. */
void tcp_wake(struct tcp_conn *c);
/* Records an error for the owner to read (positive errno, SO_ERROR). */
void tcp_set_error(struct tcp_conn *c, int err);
/* The socket's SO_SNDBUF and SO_RCVBUF (0: none, take the default). */
void tcp_sock_bufsizes(const struct tcp_conn *c, u32 *sndbuf, u32 *rcvbuf);

/* --- tcp_output.c --- */
/* Sends whatever the window, the congestion window and Nagle allow:
 * SYN, data, FIN. */
void tcp_output(struct tcp_conn *c);
/* A bare ACK now (window update, duplicate ACK, probe answer). */
void tcp_send_ack(struct tcp_conn *c);
/* A RST on c (abort, SO_LINGER 0, close with unread data). */
void tcp_send_reset(struct tcp_conn *c);
/* A RST answering a segment no connection takes (RFC 9293 3.10.7.1). */
void tcp_reset_reply(u32 laddr, u32 raddr, const struct tcp_hdr *h, u32 seglen);
/* The window this end offers now. */
u32 tcp_rcv_window(const struct tcp_conn *c);
/* After the owner read: announce a window that opened a lot. */
void tcp_window_update(struct tcp_conn *c);
/* Fast retransmit, or a timeout's first resend: the segment at snd_una;
 * returns its payload bytes. */
u32 tcp_retransmit_first(struct tcp_conn *c);
/* A zero-window probe (persist timer). */
void tcp_send_probe(struct tcp_conn *c);
/* The MSS to announce for a connection leaving from laddr. */
u32 tcp_local_mss(u32 laddr);

/* --- tcp_timer.c --- */
void tcp_rtt_sample(struct tcp_conn *c, u32 ticks);
/* (Re)starts the retransmission timer at the current RTO. */
void tcp_rexmit_start(struct tcp_conn *c);
void tcp_rexmit_stop(struct tcp_conn *c);
/* What tcp_tick() does for each connection whose timer expired. */
void tcp_timeout(struct tcp_conn *c, u64 now);
/* The current time, in ticks. */
u64 tcp_now(void);

#endif
