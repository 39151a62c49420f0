/*
 * unix.h - AF_UNIX sockets: stream, datagram and seqpacket, path and
 * abstract names, credentials and descriptor passing. unix_init() is the
 * family's entry point; the rest is shared by the family's two files,
 * unix.c (sockets, names, connections) and unix_io.c (messages, their
 * ancillary data, sending and receiving).
 *
 * Invariants: a struct unix_sock lives while anything refers to it (its
 * socket, a peer, a message it sent, a pending connection); a message
 * sent is charged to its sender (wmem) until it is read or dropped; the
 * descriptors a message carries are referenced until received or dropped.
 */
#ifndef MINOS_NET_UNIX_H
#define MINOS_NET_UNIX_H

#include "types.h"
#include "net/socket.h"

/* Registers the family (net_init). */
void unix_init(void);

enum unix_state {
	UNIX_CLOSE,     /* new, or its connection is gone */
	UNIX_LISTEN,
	UNIX_CONNECTED, /* stream/seqpacket: has a peer; datagram: connected */
};

/* shutdown bits (Linux's RCV_SHUTDOWN and SEND_SHUTDOWN). */
#define UNIX_SHUT_RCV 1
#define UNIX_SHUT_SEND 2
#define UNIX_SHUT_BOTH 3

struct unix_msg;

struct unix_sock {
	struct socket *sock;      /* NULL: a connection not accepted yet, or closed */
	int type;                 /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
	u32 refs;
	enum unix_state state;
	u8 shutdown;              /* UNIX_SHUT_* */
	bool dead;                /* its socket was closed */
	int err;                  /* SO_ERROR, positive (ECONNRESET) */
	struct unix_sock *peer;   /* referenced */
	struct sockaddr_storage addr;
	u32 addrlen;              /* 0: no name */
	struct inode *node;       /* bound to a path: its S_IFSOCK node, referenced */
	struct unix_sock *next_abstract; /* in the list of abstract names */
	struct unix_msg *rq_head, *rq_tail; /* messages (listening: connections) to read */
	u32 rq_len;               /* messages queued */
	u64 wmem;                 /* charged for this socket's unread messages */
	int backlog;              /* listen's backlog, or the datagram queue's limit */
	struct ucred cred;        /* who listened (copied to connectors) */
	struct ucred peercred;    /* SO_PEERCRED */
	bool has_peercred;
	struct wait_queue peer_wait; /* waiting for room in this socket's queue */
	struct unix_sock *all_next; /* every unix_sock, for the collector */
	u32 gc_inflight;          /* unix_gc: times its file is in flight */
	bool gc_garbage;          /* unix_gc: reachable only from garbage */
	struct unix_sock *gc_next; /* unix_gc: its work list */
};

struct unix_msg {
	struct unix_msg *next;
	struct unix_sock *sender; /* referenced; NULL for a connection */
	struct unix_sock *conn;   /* a pending connection (listening sockets) */
	u32 len, off;             /* payload bytes, and those read (stream) */
	u32 charge;               /* what the sender's wmem carries for it */
	struct file **files;      /* SCM_RIGHTS, referenced */
	u32 nfiles;
	struct ucred cred;        /* the sender, or SCM_CREDENTIALS' values */
	u8 data[];
};

/* unix.c */
struct unix_sock *unix_sock_get(struct unix_sock *u);
/* Drops a queued message; a pending connection is closed with it. */
void unix_msg_drop(struct unix_msg *msg);
void unix_sock_put(struct unix_sock *u);
/* Wakes whoever waits on u (readers, writers, connectors, poll). */
void unix_wake(struct unix_sock *u);
/* The bound socket of type `type` named by addr: -ENOENT, -ECONNREFUSED,
 * -EPROTOTYPE... as Linux's unix_find_other; referenced. */
int unix_find(const struct sockaddr_storage *addr, u32 len, int type, struct unix_sock **out);
/* Checks a name's length and family (-EINVAL). */
int unix_check_addr(const struct sockaddr_storage *addr, u32 len);
/* Gives u an abstract name of its own, if it has none. */
int unix_autobind(struct unix_sock *u);
/* The calling process, as SO_PEERCRED and SCM_CREDENTIALS report it. */
struct ucred unix_current_cred(void);
/* The sleep of a blocking call: 0 once woken, -EAGAIN when it may not
 * wait (nonblocking, or the deadline passed), -ERESTARTSYS or (with a
 * timeout) -EINTR for a signal. deadline_ns: 0 for none. */
int unix_wait(struct wait_queue *wq, bool nonblock, u64 deadline_ns);
/* The deadline for a timeout of timeo_ns from now (0: none). */
u64 unix_deadline(u64 timeo_ns);

/* unix_gc.c: every unix_sock is on one list; the collector frees sockets
 * that only in-flight messages keep open (Linux's net/unix/garbage.c). */
void unix_gc_track(struct unix_sock *u);
void unix_gc_untrack(struct unix_sock *u);
/* Counts descriptors entering (n > 0) or leaving (n < 0) messages. */
void unix_gc_in_flight(long n);
/* Runs the collector if any descriptor is in flight (after a close). */
void unix_gc(void);
/* The AF_UNIX socket behind f, or NULL. */
struct unix_sock *unix_sock_of_file(struct file *f);

/* unix_io.c */
long unix_sendmsg(struct socket *s, struct sock_msg *m, int flags);
long unix_recvmsg(struct socket *s, struct sock_msg *m, int flags);
/* Frees a message: its descriptors, its charge, its sender. */
void unix_msg_free(struct unix_msg *msg);
void unix_queue(struct unix_sock *u, struct unix_msg *msg);

#endif
