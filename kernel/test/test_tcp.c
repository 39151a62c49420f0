/*
 * test_tcp.c - self-tests of TCP over the real lo: two connections' worth
 * of the engine (no sockets, no processes) open, exchange 100 KB, close
 * both ways and are aborted, with every segment going through ip_output,
 * lo's queue and tcp_input; afterwards the heap holds exactly the blocks
 * it held before (every connection and buffer freed), and a SYN to a port
 * nobody listens on is refused. Interrupts are off throughout, as the
 * stack always runs (socket.h): the tick's tcp_tick() must not run in
 * the middle of the test's own calls.
 */
#include "test/ktest.h"
#include "net/tcp.h"
#include "net/tcp_conn.h"
#include "net/socket.h"
#include "net/ip.h"
#include "net/loopback.h"
#include "mm/heap.h"
#include "lib/string.h"
#include "errno.h"
#include "arch/x86_64/io.h"

#define LO net32(0x7f000001)
#define TEST_PORT 7991

/* What stands for an owner: tcp_wake() wakes its queues, nobody sleeps. */
static struct socket owner_a, owner_b, owner_l;

static void settle(void)
{
	for (int i = 0; i < 1000 && loopback_queued(); i++)
		ip_deliver_local();
}

static struct tcp_conn *client(u16 port)
{
	struct tcp_conn *c = tcp_conn_alloc();
	c->sock = &owner_a;
	KT_CHECK_EQ(tcp_conn_bind(c, LO, 0), 0);
	c->raddr = LO;
	c->rport = net16(port);
	KT_CHECK_EQ(tcp_conn_queues(c, 0, 0), 0);
	tcp_conn_open(c);
	settle();
	return c;
}

static void tcp_loopback_heap(void);

KTEST(tcp_loopback_heap)
{
	irq_disable();
	tcp_loopback_heap();
	irq_enable();
}

static void tcp_loopback_heap(void)
{
	struct heap_stats hs0, hs1;
	heap_get_stats(&hs0);

	struct tcp_conn *l = tcp_conn_alloc();
	l->sock = &owner_l;
	KT_CHECK_EQ(tcp_conn_bind(l, INADDR_ANY, net16(TEST_PORT)), 0);
	l->backlog = 4;
	l->state = TCP_LISTEN;

	struct tcp_conn *c = client(TEST_PORT);
	KT_CHECK_EQ(c->state, TCP_ESTABLISHED);
	KT_CHECK_EQ(c->mss, 65495);
	struct tcp_conn *s = l->queue;
	KT_CHECK(s && s->state == TCP_ESTABLISHED);
	if (!s)
		return;
	l->queue = s->qnext;
	s->listener = NULL;
	s->qnext = NULL;
	s->sock = &owner_b;

	/* 100 KB client to server, read as it comes, checked. */
	static u8 buf[8192];
	u32 sent = 0, got = 0, bad = 0;
	const u32 total = 100 * 1024;
	for (int round = 0; round < 10000 && got < total; round++) {
		while (sent < total && tcp_queue_space(&c->snd)) {
			u32 n = MIN((u32)sizeof(buf), total - sent);
			for (u32 i = 0; i < n; i++)
				buf[i] = (u8)((sent + i) % 251);
			n = tcp_snd_write(c, buf, n);
			sent += n;
			tcp_output(c);
		}
		settle();
		u32 n = MIN((u32)sizeof(buf), s->rcv.len);
		tcp_rcv_peek(s, 0, buf, n);
		tcp_rcv_consume(s, n);
		for (u32 i = 0; i < n; i++)
			bad += buf[i] != (u8)((got + i) % 251);
		got += n;
		tcp_window_update(s);
		settle();
	}
	KT_CHECK_EQ(got, total);
	KT_CHECK_EQ(bad, 0);

	/* Close both ways: the client ends in TIME-WAIT, the server CLOSED. */
	tcp_conn_fin(c);
	settle();
	KT_CHECK_EQ(s->state, TCP_CLOSE_WAIT);
	tcp_conn_fin(s);
	settle();
	KT_CHECK_EQ(s->state, TCP_CLOSED);
	KT_CHECK_EQ(c->state, TCP_TIME_WAIT);
	tcp_conn_free(s);
	/* The owner goes; the orphan in TIME-WAIT is cut short here. */
	c->sock = NULL;
	tcp_done(c);

	/* A second connection, aborted from the server's side. */
	c = client(TEST_PORT);
	s = l->queue;
	KT_CHECK(s && s->state == TCP_ESTABLISHED);
	if (s) {
		tcp_conn_abort(s); /* a RST to the client, s leaves the queue */
		settle();
		KT_CHECK_EQ(c->state, TCP_CLOSED);
		KT_CHECK_EQ(owner_a.error, ECONNRESET);
	}
	tcp_conn_free(c);
	owner_a.error = 0;

	/* A port nobody listens on: refused. */
	c = client(TEST_PORT + 1);
	KT_CHECK_EQ(c->state, TCP_CLOSED);
	KT_CHECK_EQ(owner_a.error, ECONNREFUSED);
	tcp_conn_free(c);
	owner_a.error = 0;

	tcp_conn_stop_listening(l);
	tcp_conn_free(l);
	tcp_tick(); /* frees the orphans */
	settle();
	heap_check();
	heap_get_stats(&hs1);
	KT_CHECK_EQ(hs1.blocks_in_use, hs0.blocks_in_use);
}
