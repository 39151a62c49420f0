/*
 * netif_proc.h - /proc/net/dev: every network interface's counters, in
 * Linux's format (net/core/net-procfs.c), so ifconfig-style tools and
 * people who know Linux read it as they would there.
 */
#ifndef MINOS_NET_NETIF_PROC_H
#define MINOS_NET_NETIF_PROC_H

#include "types.h"

/* Adds /proc/net/dev, and /proc/net/sockstat (sockstat.h), after
 * procfs_init. */
void netif_proc_init(void);
/* Its text, at most size bytes (whole lines); returns the length. */
int netif_proc_show(char *buf, size_t size);

#endif
