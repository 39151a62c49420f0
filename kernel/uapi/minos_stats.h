/*
 * uapi/minos_stats.h - struct minos_stats, filled by MinOS's own system
 * call minos_stats (number 1025, docs/labs/add-syscall.md), shared by the
 * kernel and user programs. No Linux call has this number or structure.
 * Invariant: the layout only grows at the end (callers pass its size).
 */
#ifndef MINOS_UAPI_MINOS_STATS_H
#define MINOS_UAPI_MINOS_STATS_H

/* long minos_stats(struct minos_stats *buf, unsigned long size,
 *                  unsigned long flags);
 * 0, or -EINVAL (a flag not listed below, size != sizeof(struct
 * minos_stats)), or -EFAULT (buf cannot be written). */
#define NR_MINOS_STATS 1025

/* Memory in pages of MINOS_STATS_PAGE_SIZE bytes instead of bytes. */
#define MINOS_STATS_PAGES 0x1UL
#define MINOS_STATS_VALID_FLAGS MINOS_STATS_PAGES
#define MINOS_STATS_PAGE_SIZE 4096UL

struct minos_stats {
	unsigned long free_mem;   /* free physical memory, bytes or pages */
	unsigned long total_mem;  /* physical memory the kernel manages */
	unsigned long procs;      /* live processes, zombies included */
	unsigned long uptime_ns;  /* nanoseconds since boot (CLOCK_MONOTONIC) */
};

#endif
