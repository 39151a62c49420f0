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

/* "<target>" of the link /proc/PID/NAME, if it can be read. */
static void link_target(struct trace_text *t, const char *name)
{
	char link[64], target[4096];

	snprintf(link, sizeof(link), "/proc/%d/%s", mem_pid_now(), name);
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

void trace_fd(struct trace_text *t, int fd)
{
	char name[32];

	if (fd == -100 /* AT_FDCWD */) {
		trace_puts(t, "AT_FDCWD");
		if (opt.decode_fds)
			link_target(t, "cwd");
		return;
	}
	trace_printf(t, "%d", fd);
	if (!opt.decode_fds || fd < 0)
		return;
	snprintf(name, sizeof(name), "fd/%d", fd);
	link_target(t, name);
}
