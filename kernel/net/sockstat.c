/*
 * sockstat.c - /proc/net/sockstat: how many TCP connections exist and in
 * which condition, and the memory packet buffers hold, in the layout of
 * Linux's sockstat_seq_show() (net/ipv4/proc.c), so a program can take
 * the counts before and after some traffic and see everything given back.
 * Only the lines MinOS counts are there: TCP and FRAG (no reassembly, so
 * always 0); Linux's "sockets:", UDP, UDPLITE and RAW lines are not.
 * Invariant: the counts are read from the live list of connections and
 * pbuf.c's totals at each read, never kept apart.
 */
#include "net/sockstat.h"
#include "net/tcp_conn.h"
#include "net/pbuf.h"
#include "mm/page.h"
#include "fs/procfs.h"
#include "lib/format.h"
#include "log.h"

#define SOCKSTAT_MAX 256

int sockstat_show(char *buf, size_t size)
{
	int inuse = 0, orphan = 0, tw = 0, alloc = 0;
	for (struct tcp_conn *c = tcp_conn_first(); c; c = c->next) {
		alloc++;
		if (c->state == TCP_TIME_WAIT)
			tw++;
		else if (c->state != TCP_CLOSED)
			inuse++;
		if (!c->sock && !c->listener && c->state != TCP_CLOSED && c->state != TCP_TIME_WAIT)
			orphan++;
	}
	/* Linux's mem is in pages. */
	unsigned long long mem = (pbuf_memory() + PAGE_SIZE - 1) / PAGE_SIZE;
	int len = ksnprintf(buf, size, "TCP: inuse %d orphan %d tw %d alloc %d mem %llu\n"
			    "FRAG: inuse 0 memory 0\n", inuse, orphan, tw, alloc, mem);
	return len < 0 ? 0 : MIN(len, (int)size - 1);
}

static const struct procfs_text sockstat_text = { sockstat_show, SOCKSTAT_MAX };

void sockstat_proc_init(void)
{
	int err = procfs_add_text("/proc/net", "sockstat", &sockstat_text);
	if (err)
		pr_warn("net: cannot make /proc/net/sockstat: error %d\n", err);
}
