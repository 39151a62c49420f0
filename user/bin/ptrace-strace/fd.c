/*
 * fd.c - -y: a descriptor argument shown with what it is open on,
 * 3</etc/motd>, from the link /proc/PID/fd/N as Linux's strace reads it.
 * Invariant: where the link cannot be read (no such entry, a kernel
 * without /proc/PID/fd), the number alone, as without -y.
 */
#include <minos_files.h>
#include <stdio.h>

#include "args.h"
#include "mem.h"

void trace_fd(struct trace_text *t, int fd)
{
	char link[64], target[4096];

	trace_printf(t, "%d", fd);
	if (!opt.decode_fds || fd < 0)
		return;
	snprintf(link, sizeof(link), "/proc/%d/fd/%d", mem_pid_now(), fd);
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	if (n <= 0)
		return;
	trace_putc(t, '<');
	for (ssize_t i = 0; i < n; i++) {
		char c = target[i];
		if (c == '>' || c == '\\' || c < ' ' || c > '~')
			trace_printf(t, "\\%o", (unsigned char)c);
		else
			trace_putc(t, c);
	}
	trace_putc(t, '>');
}
