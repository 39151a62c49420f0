/*
 * mu-proc-sys.c - /proc's system-wide files read as Linux 6.1 writes
 * them: what is the same on every kernel of that format is printed (the
 * names of meminfo's fields and their units, cpuinfo's keys for
 * processor 0, stat's line names, the files that mirror uname(2),
 * statfs's answer for /proc); what differs between machines (amounts,
 * times, pids) is only checked (MemFree <= MemTotal, uptime grows,
 * loadavg's last pid is a child's just forked), one line per check.
 */
#include "mu-check.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/utsname.h>

#define PROC_SUPER_MAGIC 0x9fa0

/* The whole file (at most size - 1 bytes), or -1. */
static long read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	size_t len = 0;
	long n;
	while (len + 1 < size && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = 0;
	return (long)len;
}

/* The file's one line, without its newline ("" if unreadable). */
static const char *one_line(const char *path)
{
	static char buf[512];
	if (read_file(path, buf, sizeof(buf)) < 0)
		return "";
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

static void meminfo(void)
{
	static char text[8192];
	check("meminfo readable", read_file("/proc/meminfo", text, sizeof(text)) > 0);
	unsigned long total = 0, free = 0, avail = 0;
	int lines = 0, bad = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char name[64], unit[8] = "";
		unsigned long v;
		int got = sscanf(line, "%63[^:]: %lu %7s", name, &v, unit);
		if (got < 2) {
			bad++;
			continue;
		}
		/* Linux's layout: "Name:" padded to 16 columns, the number to 8,
		 * except the one name longer than that (one space, 5 columns). */
		char again[128], label[72];
		snprintf(label, sizeof(label), "%s:", name);
		if (strlen(label) <= 16)
			snprintf(again, sizeof(again), "%-16s%8lu%s%s", label, v, *unit ? " " : "", unit);
		else
			snprintf(again, sizeof(again), "%s %5lu%s%s", label, v, *unit ? " " : "", unit);
		if (strcmp(again, line) != 0)
			bad++;
		printf("meminfo %s%s%s\n", name, *unit ? " " : "", unit);
		lines++;
		if (!strcmp(name, "MemTotal"))
			total = v;
		if (!strcmp(name, "MemFree"))
			free = v;
		if (!strcmp(name, "MemAvailable"))
			avail = v;
	}
	check("meminfo lines in Linux's layout", lines > 0 && bad == 0);
	check("MemTotal > 0", total > 0);
	check("MemFree <= MemTotal", free <= total);
	check("MemAvailable <= MemTotal", avail <= total);
}

/* One meminfo field, in kB (-1 when missing). */
static long meminfo_kb(const char *field)
{
	static char text[8192];
	if (read_file("/proc/meminfo", text, sizeof(text)) <= 0)
		return -1;
	size_t n = strlen(field);
	for (char *line = text; line; line = strchr(line, '\n')) {
		line += *line == '\n';
		if (!strncmp(line, field, n) && line[n] == ':')
			return atol(line + n + 1);
	}
	return -1;
}

/* A file in the RAM file system is shared memory and page cache on both
 * kernels (Linux's initramfs root is tmpfs): 1 MiB written raises Shmem
 * and Cached by 1024 kB, removing it gives them back. Linux's counters
 * are batched per CPU, so within 256 kB. */
#define FILE_KB 1024
#define SLACK_KB 256

static int near(long got, long want) { return got >= want - SLACK_KB && got <= want + SLACK_KB; }

static void meminfo_files(void)
{
	static char page[4096];
	const char *path = "/tmp/mu-proc-sys.data";
	mkdir("/tmp", 0777);
	long shmem0 = meminfo_kb("Shmem"), cached0 = meminfo_kb("Cached");
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
	memset(page, 0x5a, sizeof(page));
	for (int i = 0; fd >= 0 && i < FILE_KB / 4; i++)
		if (write(fd, page, sizeof(page)) != (long)sizeof(page))
			break;
	check("file written", fd >= 0 && lseek(fd, 0, SEEK_END) == FILE_KB * 1024L);
	close(fd);
	check("Shmem grows by the file's size", near(meminfo_kb("Shmem") - shmem0, FILE_KB));
	check("Cached grows by the file's size", near(meminfo_kb("Cached") - cached0, FILE_KB));
	unlink(path);
	check("Shmem shrinks when it is removed", near(meminfo_kb("Shmem") - shmem0, 0));
	check("Cached shrinks when it is removed", near(meminfo_kb("Cached") - cached0, 0));
}

static void cpuinfo(void)
{
	static char text[16384];
	check("cpuinfo readable", read_file("/proc/cpuinfo", text, sizeof(text)) > 0);
	int processors = 0, block = 0;
	for (char *p = text; *p;) {
		char *end = strchr(p, '\n');
		if (!end)
			break;
		*end = 0;
		if (*p == 0) {
			block++; /* a blank line ends a processor's block */
		} else if (block == 0) {
			/* "key<tabs>: value": the key without its padding. A
			 * "vmx flags" line appears only with VMX and is left out. */
			size_t k = strcspn(p, "\t:");
			if (strncmp(p, "vmx flags", k) != 0)
				printf("cpuinfo key %.*s\n", (int)k, p);
		}
		if (!strncmp(p, "processor\t: ", 12))
			processors++;
		p = end + 1;
	}
	check_eq("cpuinfo processors", processors, sysconf(_SC_NPROCESSORS_ONLN));
	check("cpuinfo blocks end with a blank line", block == processors);
}

/* "12.34 56.78": two numbers with two decimals; the first in *up. */
static int uptime_shape(const char *s, double *up)
{
	unsigned long secs, idle;
	char c1[4], c2[4], rest[4];
	int n = sscanf(s, "%lu.%3[0-9] %lu.%3[0-9]%3s", &secs, c1, &idle, c2, rest);
	*up = n >= 2 ? secs + atoi(c1) / 100.0 : 0;
	return n == 4 && strlen(c1) == 2 && strlen(c2) == 2;
}

static void uptime(void)
{
	char first[512];
	double a = 0, b = 0;
	snprintf(first, sizeof(first), "%s", one_line("/proc/uptime"));
	check("uptime: two numbers with two decimals", uptime_shape(first, &a));
	sleep_ms(300);
	check("uptime: still that shape", uptime_shape(one_line("/proc/uptime"), &b));
	check("uptime grows", b > a);
	check("uptime > 0", a > 0);
}

static void loadavg(void)
{
	int fds[2];
	if (pipe(fds)) {
		check("pipe", 0);
		return;
	}
	pid_t child = fork();
	if (child == 0) {
		char c;
		close(fds[1]);
		read(fds[0], &c, 1); /* until the parent closes its end */
		_exit(0);
	}
	close(fds[0]);
	float l1, l5, l15;
	int running, total, last;
	char rest[8];
	int n = sscanf(one_line("/proc/loadavg"), "%f %f %f %d/%d %d%7s", &l1, &l5, &l15, &running,
		       &total, &last, rest);
	close(fds[1]);
	waitpid(child, NULL, 0);
	check("loadavg: 5 fields, the 4th n/m", n == 6);
	check("loadavg: averages >= 0", l1 >= 0 && l5 >= 0 && l15 >= 0);
	check("loadavg: 1 <= running <= total", running >= 1 && running <= total);
	check("loadavg: last pid is the child's", last == child);
}

static void proc_stat(void)
{
	static char text[16384];
	check("stat readable", read_file("/proc/stat", text, sizeof(text)) > 0);
	int cpu_fields = 0, cpus = 0;
	long btime = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char name[32];
		sscanf(line, "%31s", name);
		printf("stat line %s\n", name);
		if (!strcmp(name, "cpu")) {
			unsigned long long v[11];
			cpu_fields = sscanf(line, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
					    &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8],
					    &v[9], &v[10]);
		} else if (!strncmp(name, "cpu", 3)) {
			cpus++;
		} else if (!strcmp(name, "btime")) {
			btime = atol(line + 6);
		}
	}
	check_eq("stat: cpu fields", cpu_fields, 10);
	check_eq("stat: cpuN lines", cpus, sysconf(_SC_NPROCESSORS_ONLN));
	struct timespec now, up;
	clock_gettime(CLOCK_REALTIME, &now);
	clock_gettime(CLOCK_BOOTTIME, &up);
	long boot = now.tv_sec - up.tv_sec;
	check("stat: btime is when the clock says it booted", btime >= boot - 2 && btime <= boot + 2);
}

/* A number from /proc/stat: the first after the line's name. */
static unsigned long long stat_value(const char *name)
{
	static char text[16384];
	if (read_file("/proc/stat", text, sizeof(text)) <= 0)
		return 0;
	size_t n = strlen(name);
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		if (!strncmp(line, name, n) && line[n] == ' ')
			return strtoull(line + n + 1, NULL, 10);
	return 0;
}

/* The sum of the cpu line's ten columns, in clock ticks. */
static unsigned long long cpu_ticks(void)
{
	char line[512];
	unsigned long long v, sum = 0;
	int used;
	snprintf(line, sizeof(line), "%s", one_line("/proc/stat"));
	for (const char *p = line + 3; sscanf(p, "%llu%n", &v, &used) == 1; p += used)
		sum += v;
	return sum;
}

static void stat_counts(void)
{
	unsigned long long procs = stat_value("processes"), ctxt = stat_value("ctxt");
	unsigned long long ticks = cpu_ticks();
	pid_t child = fork();
	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	sleep_ms(300);
	check("stat: processes counts a fork", stat_value("processes") >= procs + 1);
	check("stat: ctxt counts the switches to and from the child", stat_value("ctxt") > ctxt);
	unsigned long long grown = cpu_ticks() - ticks;
	check("stat: cpu ticks grow with time (100 a second)", grown >= 20 && grown <= 1000);
}

static void uuid_shape(const char *what, const char *s)
{
	int ok = strlen(s) == 36;
	for (int i = 0; ok && i < 36; i++)
		ok = (i == 8 || i == 13 || i == 18 || i == 23) ? s[i] == '-'
							       : isxdigit((unsigned char)s[i]) &&
									 !isupper((unsigned char)s[i]);
	check(what, ok);
}

static void kernel_names(void)
{
	struct utsname u;
	char text[1024], want[512];
	uname(&u);
	check("ostype is uname's sysname", !strcmp(one_line("/proc/sys/kernel/ostype"), u.sysname));
	check("osrelease is uname's release",
	      !strcmp(one_line("/proc/sys/kernel/osrelease"), u.release));
	check("kernel/version is uname's version",
	      !strcmp(one_line("/proc/sys/kernel/version"), u.version));
	check("hostname is uname's nodename",
	      !strcmp(one_line("/proc/sys/kernel/hostname"), u.nodename));
	check("domainname is uname's domainname",
	      !strcmp(one_line("/proc/sys/kernel/domainname"), u.__domainname));
	check_eq("pid_max", atol(one_line("/proc/sys/kernel/pid_max")), 32768);
	check("threads-max > 0", atol(one_line("/proc/sys/kernel/threads-max")) > 0);
	check_eq("vm/overcommit_memory", atol(one_line("/proc/sys/vm/overcommit_memory")), 0);

	char id[512];
	snprintf(id, sizeof(id), "%s", one_line("/proc/sys/kernel/random/boot_id"));
	uuid_shape("boot_id is a UUID", id);
	check("boot_id stays", !strcmp(id, one_line("/proc/sys/kernel/random/boot_id")));
	snprintf(id, sizeof(id), "%s", one_line("/proc/sys/kernel/random/uuid"));
	uuid_shape("uuid is a UUID", id);
	check("uuid is version 4, RFC 4122 variant", id[14] == '4' && strchr("89ab", id[19]));
	check("uuid is new at each read", strcmp(id, one_line("/proc/sys/kernel/random/uuid")) != 0);

	/* "SYSNAME version RELEASE (...) ... VERSION" */
	long n = read_file("/proc/version", text, sizeof(text));
	snprintf(want, sizeof(want), "%s version %s (", u.sysname, u.release);
	check("version starts with sysname, release", n > 0 && !strncmp(text, want, strlen(want)));
	snprintf(want, sizeof(want), " %s\n", u.version);
	size_t wl = strlen(want);
	check("version ends with uname's version",
	      n >= (long)wl && !strcmp(text + n - (long)wl, want));
	n = read_file("/proc/cmdline", text, sizeof(text));
	check("cmdline is one line", n > 1 && text[n - 1] == '\n' && !strchr(text, '\n')[1]);
}

static void mounts(void)
{
	static char text[8192];
	check("filesystems readable", read_file("/proc/filesystems", text, sizeof(text)) > 0);
	int bad = 0, proc = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char *tab = strchr(line, '\t');
		if (!tab || (tab != line && strncmp(line, "nodev", 5)) || !tab[1] || strchr(tab, ' '))
			bad++;
		else if (!strcmp(tab + 1, "proc"))
			proc++;
	}
	check("filesystems: [nodev]<tab>name lines", bad == 0);
	check("filesystems lists nodev proc", proc == 1);

	check("mounts readable", read_file("/proc/mounts", text, sizeof(text)) > 0);
	int root = 0, procs = 0;
	bad = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char dev[64], dir[256], type[64], opts[256];
		int a, b;
		if (sscanf(line, "%63s %255s %63s %255s %d %d", dev, dir, type, opts, &a, &b) != 6 ||
		    a != 0 || b != 0 || (strncmp(opts, "rw", 2) && strncmp(opts, "ro", 2)))
			bad++;
		root += !strcmp(dir, "/");
		procs += !strcmp(dir, "/proc") && !strcmp(type, "proc") && !strcmp(dev, "proc");
	}
	check("mounts: six fields, rw or ro, 0 0", bad == 0);
	check("mounts: one root", root == 1);
	check("mounts: proc on /proc", procs == 1);

	static char mine[8192];
	long n = read_file("/proc/mounts", text, sizeof(text));
	check("/proc/self/mounts: the same text",
	      n > 0 && read_file("/proc/self/mounts", mine, sizeof(mine)) == n &&
		      !memcmp(text, mine, (size_t)n));
	char target[64] = "";
	long len = readlink("/proc/mounts", target, sizeof(target) - 1);
	printf("/proc/mounts is a link to: %s\n", len > 0 ? target : "(not a link)");
}

static void show_statfs(const char *what, int ret, const struct statfs *s)
{
	if (ret) {
		printf("%s: -%s: FAIL\n", what, errno_name(errno));
		failures++;
		return;
	}
	printf("%s: type %#lx bsize %ld blocks %lu files %lu namelen %ld frsize %ld flags %#lx\n",
	       what, (unsigned long)s->f_type, (long)s->f_bsize, (unsigned long)s->f_blocks,
	       (unsigned long)s->f_files, (long)s->f_namelen, (long)s->f_frsize,
	       (unsigned long)s->f_flags);
}

static void statfs_proc(void)
{
	struct statfs s;
	show_statfs("statfs /proc", statfs("/proc", &s), &s);
	show_statfs("statfs /proc/sys/kernel", statfs("/proc/sys/kernel", &s), &s);
	show_statfs("statfs /proc/self", statfs("/proc/self", &s), &s);
	int fd = open("/proc/meminfo", O_RDONLY);
	show_statfs("fstatfs /proc/meminfo", fstatfs(fd, &s), &s);
	close(fd);
	check("statfs / is not proc", statfs("/", &s) == 0 && s.f_type != PROC_SUPER_MAGIC);
}

int main(void)
{
	check_start();
	section("meminfo", meminfo, 20);
	section("meminfo and files", meminfo_files, 20);
	section("cpuinfo", cpuinfo, 20);
	section("uptime", uptime, 20);
	section("loadavg", loadavg, 20);
	section("stat", proc_stat, 20);
	section("stat counts", stat_counts, 20);
	section("kernel names", kernel_names, 20);
	section("mounts", mounts, 20);
	section("statfs", statfs_proc, 20);
	return check_exit();
}
