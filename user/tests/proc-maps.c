/*
 * proc-maps - /proc/self/maps as programs read it (proc(5)): every line
 * has Linux's format ("start-end perms offset major:minor inode", then
 * the name at column 73, or a single space when there is none); the
 * [vdso], [vvar], [stack] and, once brk has grown, [heap] areas are there
 * with their rights; the area holding the program's code is executable;
 * the program's own segments carry its path (readlink of /proc/self/exe)
 * and the bss beyond its file bytes does not;
 * a fresh mmap shows up with its rights and an mprotect changes them; the
 * textbook's `cat /proc/self/maps | grep vdso` finds one line. Addresses
 * are never printed. Expected: a run on the reference Linux.
 */
#include <fcntl.h>
#include <minos_files.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "mem-test.h"

static char text[65536];

static int read_maps(void)
{
	int fd = open("/proc/self/maps", O_RDONLY);
	if (fd < 0)
		return 0;
	long n, len = 0;
	while ((n = read(fd, text + len, sizeof(text) - 1 - (unsigned long)len)) > 0)
		len += n;
	close(fd);
	text[len] = 0;
	return len > 0;
}

static int is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

/* Skips hex digits at *p (at least min of them); 0 if there are fewer. */
static int hex_run(const char **p, int min)
{
	int n = 0;
	while (is_hex(**p)) {
		(*p)++;
		n++;
	}
	return n >= min;
}

/* One line (without its newline) in Linux's format. */
static int line_ok(const char *l, const char *end)
{
	const char *p = l;
	if (!hex_run(&p, 8) || *p++ != '-' || !hex_run(&p, 8) || *p++ != ' ')
		return 0;
	for (int i = 0; i < 3; i++, p++)
		if (*p != "rwx"[i] && *p != '-')
			return 0;
	if (*p != 'p' && *p != 's')
		return 0;
	p++;
	if (*p++ != ' ' || !hex_run(&p, 8) || *p++ != ' ')
		return 0;
	if (!is_hex(p[0]) || !is_hex(p[1]) || p[2] != ':' || !is_hex(p[3]) || !is_hex(p[4]) ||
	    p[5] != ' ')
		return 0;
	p += 6;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p++ != ' ')
		return 0;
	if (p == end)
		return 1; /* no name: the inode and one space */
	for (; p < l + 73; p++)
		if (*p != ' ')
			return 0;
	return p < end && *p != ' ';
}

/* The line holding addr, or the one named name (NULL: by address): its
 * start, with the length of its name (0 for none) in *name_len; NULL if
 * there is none. */
static const char *line_of(unsigned long addr, const char *name, long *name_len)
{
	for (const char *l = text; *l;) {
		const char *end = strchr(l, '\n');
		if (!end)
			break;
		unsigned long lo = strtoul(l, NULL, 16);
		unsigned long hi = strtoul(strchr(l, '-') + 1, NULL, 16);
		*name_len = end - l > 73 ? end - (l + 73) : 0;
		int match = name ? (*name_len == (long)strlen(name) &&
				    !strncmp(l + 73, name, strlen(name)))
				 : (addr >= lo && addr < hi);
		if (match)
			return l;
		l = end + 1;
	}
	return NULL;
}

/* The perms of that line, or "". */
static const char *perms_of(unsigned long addr, const char *name)
{
	static char perms[5];
	long len;
	const char *l = line_of(addr, name, &len);
	if (!l)
		return "";
	memcpy(perms, strchr(l, ' ') + 1, 4);
	perms[4] = 0;
	return perms;
}

/* The name on the line holding addr (its length in *len), or NULL. */
static const char *name_of(unsigned long addr, long *len)
{
	const char *l = line_of(addr, NULL, len);
	return l && *len ? l + 73 : NULL;
}

/* Whether the area holding addr is named after the program itself. */
static int names_program(unsigned long addr)
{
	char exe[256];
	long n = readlink("/proc/self/exe", exe, sizeof(exe) - 1), len;
	const char *name = name_of(addr, &len);
	return n > 0 && name && len == n && !strncmp(name, exe, (unsigned long)n);
}

static void check_perms(const char *what, const char *got, const char *want)
{
	char line[96];
	snprintf(line, sizeof(line), "%s: %s", what, got);
	check(line, !strcmp(got, want));
}

int main(void)
{
	unsigned long b = (unsigned long)__syscall1(__NR_brk, 0);
	__syscall1(__NR_brk, (long)(b + 8 * PAGE));
	long area = mem_mmap_anon(0, 2 * PAGE, PROT_READ, PRIV_ANON);
	check("read /proc/self/maps", read_maps());

	int lines = 0, good = 0, vdso = 0;
	for (const char *l = text; *l;) {
		const char *end = strchr(l, '\n');
		if (!end)
			break;
		lines++;
		good += line_ok(l, end);
		for (const char *p = l; p + 4 <= end; p++)
			if (!strncmp(p, "vdso", 4)) {
				vdso++;
				break;
			}
		l = end + 1;
	}
	check("every line in Linux's format", lines > 4 && good == lines);
	check("grep vdso finds one line", vdso == 1);
	check_perms("[vdso]", perms_of(0, "[vdso]"), "r-xp");
	check_perms("[vvar]", perms_of(0, "[vvar]"), "r--p");
	check_perms("[stack]", perms_of(0, "[stack]"), "rw-p");
	check_perms("[heap] after brk grew", perms_of(0, "[heap]"), "rw-p");
	check_perms("the area of main's code", perms_of((unsigned long)main, NULL), "r-xp");
	check_perms("a local variable's area", perms_of((unsigned long)&lines, NULL), "rw-p");
	check("main's code is named after the program (/proc/self/exe)",
	      names_program((unsigned long)main));
	check("so is a string constant's area", names_program((unsigned long)"constant"));
	check("a big zeroed array (bss past the file) is not", !names_program((unsigned long)text));
	check_perms("a fresh PROT_READ mapping", perms_of((unsigned long)area, NULL), "r--p");
	mem_mprotect((unsigned long)area, PAGE, RW);
	check("read /proc/self/maps again", read_maps());
	check_perms("its first page after mprotect", perms_of((unsigned long)area, NULL), "rw-p");
	check_perms("its second page", perms_of((unsigned long)area + PAGE, NULL), "r--p");
	return check_exit();
}
