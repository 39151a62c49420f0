/*
 * sockstat.h - /proc/net/sockstat (sockstat.c): TCP's connections by
 * condition and the packet buffers' memory, in Linux's layout.
 */
#ifndef MINOS_NET_SOCKSTAT_H
#define MINOS_NET_SOCKSTAT_H

#include "types.h"

/* Adds /proc/net/sockstat (netif_proc_init calls it, after procfs_init). */
void sockstat_proc_init(void);
/* Its text, at most size bytes; returns the length. */
int sockstat_show(char *buf, size_t size);

#endif
