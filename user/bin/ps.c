/*
 * ps - lists processes as "PID PPID STAT CMD", sorted by pid, from
 * /proc/PID/stat in Linux's format ("pid (comm) state ppid ..."), so the
 * same program works on Linux and on MinOS. Without /proc it lists only
 * itself, from getpid(2) and getppid(2). Exits 0, or 1 if output
 * failed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <minos_files.h>
#include <minos_proc.h>
#include <minos_util.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROC_DIR "/proc"
#define STAT_MAX 1024 /* the fields ps reads come first; comm is <= 64 */

static void print_row(long pid, long ppid, char state, const char *cmd)
{
	out_printf("%5ld %5ld %-4c %s\n", pid, ppid, state, cmd);
}

/* A /proc entry's name as a pid, or -1 if it is not all digits. */
static long pid_of(const char *name)
{
	long v = 0;

	if (!*name)
		return -1;
	for (; *name; name++) {
		if (*name < '0' || *name > '9' || v > 99999999)
			return -1;
		v = v * 10 + (*name - '0');
	}
	return v;
}

/*
 * Prints one process from /proc/PID/stat. comm may hold spaces and
 * parentheses itself: it runs from the first '(' to the last ')'. A
 * process that ended meanwhile is skipped.
 */
static void print_proc(long pid)
{
	char path[64], buf[STAT_MAX + 1];
	char *open_paren, *close_paren;
	char state;
	long ppid;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), PROC_DIR "/%ld/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, STAT_MAX);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	if (!open_paren || !close_paren || close_paren < open_paren ||
	    close_paren[1] != ' ' || !close_paren[2] || close_paren[3] != ' ')
		return;
	*close_paren = '\0';
	state = close_paren[2];
	ppid = strtol(close_paren + 4, NULL, 10);
	print_row(pid, ppid, state, open_paren + 1);
}

static void insertion_sort(long *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		long x = v[i];
		size_t j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

int main(void)
{
	static char dents[32768];
	size_t cap = 256, n = 0;
	long *pids;
	int fd;

	prog_name = "ps";
	out_printf("%5s %5s %-4s %s\n", "PID", "PPID", "STAT", "CMD");
	fd = open(PROC_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		print_row(getpid(), getppid(), 'R', "ps");
		return out_flush() < 0 ? 1 : 0;
	}
	pids = xalloc(cap * sizeof(long));
	for (;;) {
		ssize_t got = getdents64(fd, dents, sizeof(dents));

		if (got <= 0)
			break;
		for (ssize_t off = 0; off < got;) {
			struct linux_dirent64 *d = (void *)(dents + off);
			long pid = pid_of(d->d_name);

			off += d->d_reclen;
			if (pid < 0)
				continue;
			if (n == cap) {
				long *bigger = xalloc(2 * cap * sizeof(long));
				memcpy(bigger, pids, n * sizeof(long));
				pids = bigger;
				cap *= 2;
			}
			pids[n++] = pid;
		}
	}
	close(fd);
	insertion_sort(pids, n);
	for (size_t i = 0; i < n; i++)
		print_proc(pids[i]);
	if (out_flush() < 0)
		die(1, errno, "write error");
	return 0;
}
