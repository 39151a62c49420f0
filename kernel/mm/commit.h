/*
 * commit.h - whether a request for memory is an obvious overcommit.
 * MinOS follows Linux's default heuristic (vm.overcommit_memory = 0):
 * pages are given on first touch, so most requests are promised more
 * than is free, but a single request larger than all of RAM (MinOS has no
 * swap) could never be backed and is refused with -ENOMEM at once.
 */
#ifndef MINOS_MM_COMMIT_H
#define MINOS_MM_COMMIT_H

#include "types.h"

/* 0 when bytes could be backed by this machine's RAM, else -ENOMEM. */
int mm_commit_check(u64 bytes);

#endif
