/*
 * unix_gc.c - the AF_UNIX garbage collector (unix.h). A socket whose
 * descriptor travels in a message sits in some queue; if that queue is its
 * own (or a ring of sockets each holding the next), closing every
 * descriptor leaves files that only in-flight messages keep open, and no
 * close will ever free them. After a close, while descriptors are in
 * flight, the collector finds them as Linux's net/unix/garbage.c does:
 * candidates are sockets whose every file reference is in flight; those
 * reachable from the queue of a socket that is not a candidate live; the
 * rest have their queues emptied, which closes them.
 * Invariant: runs once at a time (closing garbage re-enters unix_gc).
 * Locking: all_socks, files_in_flight, gc_running and to_scan under the
 * kernel lock (arch/x86_64/klock.h).
 */
#include "net/unix.h"
#include "fs/file.h"

static struct unix_sock *all_socks;
static long files_in_flight;
static bool gc_running;

void unix_gc_track(struct unix_sock *u)
{
	u->all_next = all_socks;
	all_socks = u;
}

void unix_gc_untrack(struct unix_sock *u)
{
	for (struct unix_sock **p = &all_socks; *p; p = &(*p)->all_next) {
		if (*p == u) {
			*p = u->all_next;
			return;
		}
	}
}

void unix_gc_in_flight(long n)
{
	files_in_flight += n;
}

struct unix_sock *unix_sock_of_file(struct file *f)
{
	struct socket *s = socket_of(f);
	return s && s->family == AF_UNIX ? s->sk : NULL;
}

/* Calls fn on every AF_UNIX socket whose descriptor waits in q's queue. */
static void for_each_in_queue(struct unix_sock *q, void (*fn)(struct unix_sock *v))
{
	for (struct unix_msg *m = q->rq_head; m; m = m->next) {
		for (u32 i = 0; i < m->nfiles; i++) {
			struct unix_sock *v = m->files ? unix_sock_of_file(m->files[i]) : NULL;
			if (v)
				fn(v);
		}
	}
}

static void count_inflight(struct unix_sock *v) { v->gc_inflight++; }

/* Sockets found live whose queues are still to scan (through gc_next). */
static struct unix_sock *to_scan;

static void revive(struct unix_sock *v)
{
	if (v->gc_garbage) {
		v->gc_garbage = false;
		v->gc_next = to_scan;
		to_scan = v;
	}
}

void unix_gc(void)
{
	if (gc_running || files_in_flight <= 0)
		return;
	gc_running = true;
	for (struct unix_sock *u = all_socks; u; u = u->all_next) {
		u->gc_inflight = 0;
		u->gc_garbage = false;
	}
	for (struct unix_sock *u = all_socks; u; u = u->all_next)
		for_each_in_queue(u, count_inflight);
	bool any = false;
	for (struct unix_sock *u = all_socks; u; u = u->all_next) {
		if (u->sock && u->sock->file && u->gc_inflight &&
		    u->sock->file->refs == u->gc_inflight)
			any = u->gc_garbage = true;
	}
	/* What a live socket's queue holds lives too, and so on: each socket
	 * is scanned once, from a work list rather than by recursion. */
	for (struct unix_sock *u = all_socks; u; u = u->all_next)
		if (!u->gc_garbage)
			for_each_in_queue(u, revive);
	while (to_scan) {
		struct unix_sock *v = to_scan;
		to_scan = v->gc_next;
		for_each_in_queue(v, revive);
	}
	if (!any) {
		gc_running = false;
		return;
	}
	/* Take every garbage queue first, then free: freeing closes files,
	 * which releases sockets and changes the list. */
	struct unix_msg *hit = NULL;
	for (struct unix_sock *u = all_socks; u; u = u->all_next) {
		if (!u->gc_garbage || !u->rq_head)
			continue;
		u->rq_tail->next = hit;
		hit = u->rq_head;
		u->rq_head = u->rq_tail = NULL;
		u->rq_len = 0;
	}
	while (hit) {
		struct unix_msg *m = hit;
		hit = m->next;
		unix_msg_drop(m);
	}
	gc_running = false;
}
