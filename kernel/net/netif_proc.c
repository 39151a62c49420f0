/*
 * netif_proc.c - /proc/net/dev (netif_proc.h): two header lines, then one
 * line per interface in index order, with Linux's column widths. MinOS
 * counts fewer things than Linux: the columns it has no counter for
 * (fifo, frame, compressed, multicast, colls, carrier) read 0.
 */
#include "net/netif_proc.h"
#include "net/netif.h"
#include "net/sockstat.h"
#include "fs/procfs.h"
#include "lib/format.h"
#include "log.h"

#define NETIF_PROC_MAX 4096

/* Linux 6.1's dev_seq_show() and dev_seq_printf_stats(), byte for byte. */
static const char header[] =
	"Inter-|   Receive                                                |  Transmit\n"
	" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs "
	"drop fifo colls carrier compressed\n";

int netif_proc_show(char *buf, size_t size)
{
	if (size <= sizeof(header))
		return 0;
	int len = ksnprintf(buf, size, "%s", header);
	for (struct netif *n = netif_first(); n; n = n->next) {
		const struct netif_stats *s = &n->stats;
		int w = ksnprintf(buf + len, size - (size_t)len,
				  "%6s:%8llu %7llu %4llu %4llu %4llu %5llu %10llu %9llu "
				  "%8llu %7llu %4llu %4llu %4llu %5llu %7llu %10llu\n",
				  n->name, (unsigned long long)s->rx_bytes,
				  (unsigned long long)s->rx_packets, (unsigned long long)s->rx_errors,
				  (unsigned long long)s->rx_dropped, 0ULL, 0ULL, 0ULL, 0ULL,
				  (unsigned long long)s->tx_bytes, (unsigned long long)s->tx_packets,
				  (unsigned long long)s->tx_errors, (unsigned long long)s->tx_dropped,
				  0ULL, 0ULL, 0ULL, 0ULL);
		if (w < 0 || (size_t)(len + w) >= size)
			break; /* no room for the whole line: leave it out */
		len += w;
	}
	return len;
}

static const struct procfs_text netdev_text = { netif_proc_show, NETIF_PROC_MAX };

void netif_proc_init(void)
{
	int err = procfs_add_text("/proc/net", "dev", &netdev_text);
	if (err)
		pr_warn("net: cannot make /proc/net/dev: error %d\n", err);
	sockstat_proc_init();
}
