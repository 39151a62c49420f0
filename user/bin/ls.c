/*
 * ls - lists files and the contents of directories, as GNU ls does in the
 * C locale: names sorted by their bytes, one per line when standard
 * output is not a terminal, in columns when it is. Options: -a (include
 * names starting with '.'), -A (those too, but not . and ..), -l (long
 * format), -1 (one per line), -C (columns), -d (list directories
 * themselves). With -l, owners are "root" for 0 and numbers otherwise
 * (MinOS has no user database) and times are UTC. Exits 0, 1 after a
 * minor problem (an entry that cannot be examined), 2 after a serious one
 * (an operand that cannot be accessed, a usage error).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <minos_files.h>
#include <minos_util.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define LS_MINOR 1   /* coreutils' "minor problems" status */
#define LS_SERIOUS 2 /* "serious trouble", and usage errors */
#define DEFAULT_WIDTH 80
#define COLUMN_GAP 2       /* the least space between columns */
#define MIN_COLUMN_WIDTH 3 /* a column's least width, gap included */
#define TAB_SIZE 8
/* GNU ls's "recent": modified within the last half of an average
 * Gregorian year (365.2425 days), else the year is shown. */
#define SIX_MONTHS (31556952L / 2)

enum format { ONE_PER_LINE, COLUMNS, LONG };

struct entry {
	char *name;      /* as it is printed */
	char *link;      /* a symbolic link's target, with -l */
	struct stat st;  /* with -l, and for operands */
};

static enum format format;
static bool all, almost_all, list_dirs_themselves;
static int status;
static struct timespec now;

/* --- sorting and reading --------------------------------------------------- */

static int by_name(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static bool is_shown(const char *name)
{
	if (name[0] != '.' || all)
		return true;
	if (!almost_all)
		return false;
	return strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

/* A symbolic link's target, with -l; NULL if it cannot be read. */
static char *read_link(const char *path, size_t size_hint)
{
	size_t size = size_hint + 1 > 256 ? size_hint + 1 : 256;

	for (;;) {
		char *buf = xalloc(size);
		ssize_t n = readlink(path, buf, size);

		if (n < 0) {
			warn_err(errno, "cannot read symbolic link '%s'", path);
			status = status > LS_MINOR ? status : LS_MINOR;
			return NULL;
		}
		if ((size_t)n < size) {
			buf[n] = '\0';
			return buf;
		}
		size *= 2; /* it grew: try again, larger */
	}
}

/*
 * Reads the directory at path into a new array of entries (*n of them),
 * sorted; the stat of each with -l. Returns NULL if the directory cannot
 * be opened.
 */
static struct entry **read_dir(const char *path, size_t *n)
{
	static char dents[32768];
	size_t cap = 64, count = 0;
	struct entry **v = xalloc(cap * sizeof(*v));
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		warn_err(errno, "cannot open directory '%s'", path);
		return NULL;
	}
	for (;;) {
		ssize_t got = getdents64(fd, dents, sizeof(dents));

		if (got < 0) {
			warn_err(errno, "reading directory '%s'", path);
			status = LS_SERIOUS;
			break;
		}
		if (got == 0)
			break;
		for (ssize_t off = 0; off < got;) {
			struct linux_dirent64 *d = (void *)(dents + off);
			struct entry *e;

			off += d->d_reclen;
			if (!is_shown(d->d_name))
				continue;
			if (count == cap) {
				struct entry **bigger = xalloc(2 * cap * sizeof(*v));
				memcpy(bigger, v, count * sizeof(*v));
				v = bigger;
				cap *= 2;
			}
			e = xalloc(sizeof(*e));
			e->name = xstrdup(d->d_name);
			e->link = NULL;
			v[count++] = e;
		}
	}
	if (format == LONG) {
		size_t kept = 0;

		for (size_t i = 0; i < count; i++) {
			struct entry *e = v[i];
			char full[PATH_MAX];

			if (path_join(full, sizeof(full), path, e->name) < 0 ||
			    fstatat(fd, e->name, &e->st, AT_SYMLINK_NOFOLLOW) < 0) {
				warn_err(errno, "cannot access '%s'", full);
				status = status > LS_MINOR ? status : LS_MINOR;
				continue;
			}
			if (S_ISLNK(e->st.st_mode))
				e->link = read_link(full, (size_t)e->st.st_size);
			v[kept++] = e;
		}
		count = kept;
	}
	close(fd);
	sort_ptrs((void **)v, count, by_name);
	*n = count;
	return v;
}

/* --- the long format -------------------------------------------------------- */

static void mode_string(unsigned int mode, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";
	char type;

	switch (mode & S_IFMT) {
	case S_IFDIR: type = 'd'; break;
	case S_IFLNK: type = 'l'; break;
	case S_IFCHR: type = 'c'; break;
	case S_IFBLK: type = 'b'; break;
	case S_IFIFO: type = 'p'; break;
	case S_IFSOCK: type = 's'; break;
	default: type = '-';
	}
	out[0] = type;
	for (int i = 0; i < 9; i++)
		out[1 + i] = mode & (0400u >> i) ? rwx[i] : '-';
	/* Set-id and sticky bits share the x positions: lower case when x
	 * is set too, upper case when it is not. */
	if (mode & S_ISUID)
		out[3] = mode & S_IXUSR ? 's' : 'S';
	if (mode & S_ISGID)
		out[6] = mode & S_IXGRP ? 's' : 'S';
	if (mode & S_ISVTX)
		out[9] = mode & S_IXOTH ? 't' : 'T';
	out[10] = '\0';
}

/* "root" for id 0, else NULL: the id is printed as a number. */
static const char *id_name(unsigned int id)
{
	return id == 0 ? "root" : NULL;
}

static int digits(unsigned long v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static int id_width(unsigned int id)
{
	const char *name = id_name(id);

	return name ? (int)strlen(name) : digits(id);
}

/* As GNU ls: a name is left-aligned, a number right-aligned. */
static void out_id(unsigned int id, int width)
{
	const char *name = id_name(id);

	if (name)
		out_printf("%-*s ", width, name);
	else
		out_printf("%*u ", width, id);
}

/* Days since 1970-01-01 to a civil (proleptic Gregorian) date, by
 * counting 400-year eras from 0000-03-01, where leap days fall last. */
static void civil_date(long days, long *year, int *month, int *day)
{
	long z = days + 719468; /* days from 0000-03-01 */
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;                         /* [0, 146096] */
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* [0, 365] */
	long mp = (5 * doy + 2) / 153;                       /* March = 0 */

	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = yoe + era * 400 + (*month <= 2);
}

static bool time_after(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

/* "Mon DD HH:MM" for recent times, "Mon DD  YYYY" for others (UTC). */
static void out_time(const struct timespec *t)
{
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr",
					    "May", "Jun", "Jul", "Aug",
					    "Sep", "Oct", "Nov", "Dec" };
	struct timespec half_year_ago = now;
	long days = t->tv_sec / 86400, secs = t->tv_sec % 86400, year;
	int month, day;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_date(days, &year, &month, &day);
	if (time_after(t, &now)) /* as GNU: a newer clock before judging */
		__syscall2(__NR_clock_gettime, CLOCK_REALTIME, (long)&now);
	half_year_ago.tv_sec -= SIX_MONTHS;
	if (time_after(t, &half_year_ago) && !time_after(t, &now))
		out_printf("%s %2d %02ld:%02ld ", months[month - 1], day,
			   secs / 3600, secs / 60 % 60);
	else
		out_printf("%s %2d  %ld ", months[month - 1], day, year);
}

static void print_long(struct entry **v, size_t n, bool total)
{
	int w_nlink = 1, w_uid = 1, w_gid = 1, w_size = 1, w_major = 1,
	    w_minor = 1;
	unsigned long blocks = 0;

	for (size_t i = 0; i < n; i++) {
		const struct stat *st = &v[i]->st;
		int w;

		blocks += (unsigned long)st->st_blocks;
		if ((w = digits(st->st_nlink)) > w_nlink)
			w_nlink = w;
		if ((w = id_width(st->st_uid)) > w_uid)
			w_uid = w;
		if ((w = id_width(st->st_gid)) > w_gid)
			w_gid = w;
		if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) {
			if ((w = digits(major(st->st_rdev))) > w_major)
				w_major = w;
			if ((w = digits(minor(st->st_rdev))) > w_minor)
				w_minor = w;
			if (w_major + 2 + w_minor > w_size)
				w_size = w_major + 2 + w_minor;
		} else if ((w = digits((unsigned long)st->st_size)) > w_size) {
			w_size = w;
		}
	}
	/* st_blocks counts 512-byte units; the total is in KiB, rounded up. */
	if (total)
		out_printf("total %lu\n", (blocks + 1) / 2);
	for (size_t i = 0; i < n; i++) {
		const struct entry *e = v[i];
		const struct stat *st = &e->st;
		char mode[11];

		mode_string(st->st_mode, mode);
		out_printf("%s %*lu ", mode, w_nlink, st->st_nlink);
		out_id(st->st_uid, w_uid);
		out_id(st->st_gid, w_gid);
		if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
			out_printf("%*s%*u, %*u ", w_size - (w_major + 2 + w_minor),
				   "", w_major, major(st->st_rdev), w_minor,
				   minor(st->st_rdev));
		else
			out_printf("%*ld ", w_size, st->st_size);
		out_time(&st->st_mtim);
		out_str(e->name);
		if (e->link) {
			out_str(" -> ");
			out_str(e->link);
		}
		out_char('\n');
	}
}

/* --- columns ------------------------------------------------------------------ */

static int terminal_width(void)
{
	struct winsize ws;
	const char *cols = NULL;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	for (char **e = environ; *e; e++)
		if (strncmp(*e, "COLUMNS=", 8) == 0)
			cols = *e + 8;
	if (cols && atoi(cols) > 0)
		return atoi(cols);
	return DEFAULT_WIDTH;
}

/* Pads from column from to column to as GNU ls does: with tabs (every
 * TAB_SIZE columns) where a tab fits, spaces elsewhere. */
static void indent(size_t from, size_t to)
{
	while (from < to) {
		if (to / TAB_SIZE > (from + 1) / TAB_SIZE) {
			out_char('\t');
			from += TAB_SIZE - from % TAB_SIZE;
		} else {
			out_char(' ');
			from++;
		}
	}
}

/*
 * Fills columns top to bottom, then left to right, with as many columns
 * as fit strictly within the terminal's width (GNU's rule): a column is
 * as wide as its longest name plus COLUMN_GAP, the last without the gap,
 * and at least MIN_COLUMN_WIDTH.
 */
static void print_columns(struct entry **v, size_t n)
{
	size_t width = (size_t)terminal_width();
	size_t cols = width / MIN_COLUMN_WIDTH;
	size_t rows, *colw;

	if (n == 0)
		return;
	if (cols > n)
		cols = n;
	if (cols == 0)
		cols = 1;
	colw = xalloc(cols * sizeof(size_t));
	for (; cols > 1; cols--) {
		size_t total = 0;

		rows = (n + cols - 1) / cols;
		for (size_t c = 0; c < cols; c++)
			colw[c] = MIN_COLUMN_WIDTH;
		for (size_t i = 0; i < n; i++) {
			size_t c = i / rows;
			size_t len = strlen(v[i]->name) + (c + 1 < cols ? COLUMN_GAP : 0);
			if (len > colw[c])
				colw[c] = len;
		}
		for (size_t c = 0; c < cols; c++)
			total += colw[c];
		if (total < width)
			break;
	}
	rows = (n + cols - 1) / cols;
	if (cols == 1)
		colw[0] = 0; /* unused: one name per line */
	for (size_t r = 0; r < rows; r++) {
		size_t pos = 0;

		for (size_t i = r, c = 0;; c++) {
			size_t len = strlen(v[i]->name);

			out_str(v[i]->name);
			i += rows;
			if (i >= n)
				break; /* the last in its row: no padding */
			indent(pos + len, pos + colw[c]);
			pos += colw[c];
		}
		out_char('\n');
	}
}

static void print_entries(struct entry **v, size_t n, bool total)
{
	if (format == LONG) {
		print_long(v, n, total);
	} else if (format == COLUMNS) {
		print_columns(v, n);
	} else {
		for (size_t i = 0; i < n; i++) {
			out_str(v[i]->name);
			out_char('\n');
		}
	}
}

/* --- operands ------------------------------------------------------------------ */

/*
 * Looks an operand up; false (after the message) if it cannot be. As GNU
 * ls: without -l and -d a symbolic link to a directory is followed, with
 * them it is listed itself.
 */
static bool stat_operand(struct entry *e)
{
	bool follow = format != LONG && !list_dirs_themselves;

	if (follow && stat(e->name, &e->st) == 0 && S_ISDIR(e->st.st_mode))
		return true;
	if (lstat(e->name, &e->st) < 0) {
		warn_err(errno, "cannot access '%s'", e->name);
		status = LS_SERIOUS;
		return false;
	}
	if (format == LONG && S_ISLNK(e->st.st_mode))
		e->link = read_link(e->name, (size_t)e->st.st_size);
	return true;
}

int main(int argc, char **argv)
{
	struct entry **files, **dirs;
	size_t nfiles = 0, ndirs = 0, noperands;
	char *dot[] = { ".", NULL };
	char **operands;
	struct termios tio;
	bool headers, first = true;
	int opt;

	prog_name = "ls";
	xalloc_status = LS_SERIOUS;
	/* TCGETS succeeds only on a terminal: isatty(). */
	format = ioctl(STDOUT_FILENO, TCGETS, &tio) == 0 ? COLUMNS : ONE_PER_LINE;
	while ((opt = getopt(argc, argv, "aAl1Cd")) != -1) {
		switch (opt) {
		case 'a': all = true; break;
		case 'A': almost_all = true; break;
		case 'l': format = LONG; break;
		case '1': format = ONE_PER_LINE; break;
		case 'C': format = COLUMNS; break;
		case 'd': list_dirs_themselves = true; break;
		default: try_help(LS_SERIOUS);
		}
	}
	if (format == LONG)
		__syscall2(__NR_clock_gettime, CLOCK_REALTIME, (long)&now);
	operands = optind < argc ? argv + optind : dot;
	noperands = optind < argc ? (size_t)(argc - optind) : 1;
	files = xalloc(noperands * sizeof(*files));
	dirs = xalloc(noperands * sizeof(*dirs));
	for (size_t i = 0; i < noperands; i++) {
		struct entry *e = xalloc(sizeof(*e));

		e->name = operands[i];
		e->link = NULL;
		if (!stat_operand(e))
			continue;
		if (S_ISDIR(e->st.st_mode) && !list_dirs_themselves)
			dirs[ndirs++] = e;
		else
			files[nfiles++] = e;
	}
	sort_ptrs((void **)files, nfiles, by_name);
	sort_ptrs((void **)dirs, ndirs, by_name);
	if (nfiles > 0) {
		print_entries(files, nfiles, false);
		first = false;
	}
	/* A lone directory gets no "NAME:" line. */
	headers = nfiles > 0 || ndirs > 1 || noperands > 1;
	for (size_t i = 0; i < ndirs; i++) {
		void *mark = xalloc_mark();
		struct entry **v;
		size_t n;

		v = read_dir(dirs[i]->name, &n);
		if (!v) {
			status = LS_SERIOUS;
			continue;
		}
		if (headers) {
			if (!first)
				out_char('\n');
			out_printf("%s:\n", dirs[i]->name);
		}
		first = false;
		print_entries(v, n, true);
		xalloc_release(mark);
	}
	if (out_flush() < 0)
		die(LS_SERIOUS, errno, "write error");
	return status;
}
