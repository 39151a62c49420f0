/*
 * glob.c - pattern matching (* ? [...] with backslash escapes, for case,
 * ${...%...} and globbing) and pathname expansion. A backslash in a
 * pattern quotes the next character; a '[' without its ']' is ordinary.
 */
#include <dirent.h>
#include <fcntl.h>
#include <minos_files.h>
#include <sys/stat.h>

#include "sh.h"

/* --- pattern matching -------------------------------------------------- */

/* p at '['; returns past the ']' with *matched set, or NULL when the
 * bracket expression is not closed (then '[' is an ordinary character). */
static const char *match_bracket(const char *p, unsigned char c, bool *matched)
{
	const char *q = p + 1;
	bool neg = false, ok = false, first = true;

	if (*q == '!' || *q == '^') {
		neg = true;
		q++;
	}
	for (;; first = false) {
		unsigned char lo, hi;
		if (!*q)
			return NULL;
		if (*q == ']' && !first)
			break;
		if (*q == '\\' && q[1])
			q++;
		lo = hi = (unsigned char)*q++;
		if (q[0] == '-' && q[1] && q[1] != ']') {
			q++;
			if (*q == '\\' && q[1])
				q++;
			hi = (unsigned char)*q++;
		}
		if (c >= lo && c <= hi)
			ok = true;
	}
	*matched = ok != neg;
	return q + 1;
}

bool pmatch(const char *p, const char *s)
{
	const char *star_p = NULL, *star_s = NULL;

	for (;;) {
		if (*p == '*') {
			while (*p == '*')
				p++;
			star_p = p;
			star_s = s;
			continue;
		}
		if (!*s)
			return !*p;
		if (*p) {
			bool matched;
			const char *np;
			if (*p == '?') {
				matched = true;
				np = p + 1;
			} else if (*p == '[' &&
				   (np = match_bracket(p, (unsigned char)*s, &matched))) {
				/* np and matched set */
			} else if (*p == '\\' && p[1]) {
				matched = p[1] == *s;
				np = p + 2;
			} else {
				matched = *p == *s;
				np = p + 1;
			}
			if (matched) {
				p = np;
				s++;
				continue;
			}
		}
		if (!star_p)
			return false;
		p = star_p;
		s = ++star_s;
	}
}

static bool has_glob_meta(const char *p)
{
	for (; *p; p++) {
		bool unused;
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '*' || *p == '?')
			return true;
		else if (*p == '[' && match_bracket(p, 0, &unused))
			return true; /* a '[' with no ']' is an ordinary character */
	}
	return false;
}

static char *unescape(const char *p)
{
	struct sbuf b = { 0 };

	for (; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		sb_addc(&b, *p);
	}
	return sb_take(&b);
}

/* --- pathname expansion ------------------------------------------------ */

/* path holds the directories matched so far (ending in '/', or empty). */
static void glob_dir(struct sbuf *path, const char *pat, struct strv *res)
{
	const char *end = pat, *rest;
	size_t base = path->len;
	char *comp;
	int fd;

	while (*end && *end != '/') {
		if (*end == '\\' && end[1])
			end++;
		end++;
	}
	comp = mem_strndup(pat, (size_t)(end - pat));
	rest = *end ? end : NULL;
	while (rest && *rest == '/')
		rest++;
	if (!has_glob_meta(comp)) {
		char *lit = unescape(comp);
		struct stat st;
		sb_adds(path, lit);
		mem_free(lit);
		if (rest) {
			sb_addc(path, '/');
			if (*rest)
				glob_dir(path, rest, res);
			else if (stat(path->s, &st) == 0)
				sv_push(res, mem_strdup(path->s));
		} else if (lstat(path->s, &st) == 0) {
			sv_push(res, mem_strdup(path->s));
		}
		sb_trunc(path, base);
		mem_free(comp);
		return;
	}
	fd = open(base ? path->s : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		static char dbuf[4096]; /* not live across the recursion */
		bool dot = comp[0] == '.' || (comp[0] == '\\' && comp[1] == '.');
		struct strv names = { 0 };
		long n;

		while ((n = getdents64(fd, dbuf, sizeof(dbuf))) > 0) {
			for (long off = 0; off < n;) {
				struct linux_dirent64 *d = (void *)(dbuf + off);
				off += d->d_reclen;
				if (d->d_name[0] == '.' && !dot)
					continue;
				if (pmatch(comp, d->d_name))
					sv_push(&names, mem_strdup(d->d_name));
			}
		}
		close(fd);
		for (int i = 0; i < names.n; i++) {
			struct stat st;
			sb_trunc(path, base);
			sb_adds(path, names.v[i]);
			if (!rest) {
				sv_push(res, mem_strdup(path->s));
			} else if (stat(path->s, &st) == 0 && S_ISDIR(st.st_mode)) {
				sb_addc(path, '/');
				if (*rest)
					glob_dir(path, rest, res);
				else
					sv_push(res, mem_strdup(path->s));
			}
		}
		sv_free(&names);
	}
	sb_trunc(path, base);
	mem_free(comp);
}

/* Adds the pathnames pat matches, sorted, or pat itself if none. */
void glob_push(struct strv *out, const char *pat)
{
	struct strv res = { 0 };
	struct sbuf path = { 0 };
	const char *p = pat;

	if (opt_f || !has_glob_meta(pat)) {
		sv_push(out, unescape(pat));
		return;
	}
	if (*p == '/') {
		sb_addc(&path, '/');
		while (*p == '/')
			p++;
	}
	glob_dir(&path, p, &res);
	sb_free(&path);
	if (!res.n) {
		sv_push(out, unescape(pat));
		return;
	}
	sort_strings(res.v, res.n);
	for (int i = 0; i < res.n; i++)
		sv_push(out, res.v[i]);
	mem_free(res.v);
}
