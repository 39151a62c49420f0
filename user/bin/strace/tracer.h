/*
 * tracer.h - the ptrace side of /bin/strace (tracer.c): starting PROG
 * traced, attaching to running processes (-p), the wait loop that turns
 * every stop into lines, following children (-f), and detaching.
 */
#ifndef STRACE_TRACER_H
#define STRACE_TRACER_H

#include "strace.h"

/* Forks PROG (a path) with argv, traced from its execve on. */
int tracer_start(const char *path, char **argv);
/* -p: seizes pid and stops it; false (after strace's message) if not. */
bool tracer_attach(int pid);
/* Runs until no traced process is left (or SIGINT, SIGTERM, SIGHUP with
 * -p: then detaches them). Returns strace's exit status: the started
 * program's, or 0. *killed_by gets the signal that killed it, if any. */
int tracer_loop(int *killed_by);

#endif
