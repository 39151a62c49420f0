/*
 * builtin_var.c - the built-ins that change variables, options and the
 * positional parameters: export, unset, set, shift, read and local.
 * Errors in the special ones (export, unset, set, shift) abandon the
 * command, as POSIX asks; so does `local` outside a function.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

int bi_export(int argc, char **argv)
{
	int st = 0, i = 1;

	if (argc > 1 && !strcmp(argv[1], "-p"))
		i = 2;
	if (i >= argc) {
		struct out o = { .fd = STDOUT_FILENO };
		struct strv names = var_list(true);
		for (int k = 0; k < names.n; k++) {
			const char *v = var_get(names.v[k]);
			out_adds(&o, "export ");
			out_adds(&o, names.v[k]);
			if (v) {
				out_addc(&o, '=');
				out_quoted(&o, v);
			}
			out_addc(&o, '\n');
		}
		mem_free(names.v);
		return out_done(&o);
	}
	for (; i < argc; i++) {
		size_t n = name_len(argv[i]);
		if (!n || (argv[i][n] && argv[i][n] != '=')) {
			sh_warn("export: %s: bad variable name", argv[i]);
			sh_abort(STATUS_SYNTAX);
		}
		var_set_n(argv[i], n, argv[i][n] ? argv[i] + n + 1 : NULL, VAR_EXPORT);
	}
	return st;
}

int bi_unset(int argc, char **argv)
{
	bool fn = false;
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-f"))
			fn = true;
		else if (!strcmp(argv[i], "-v"))
			fn = false;
		else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
	}
	for (; i < argc; i++) {
		if (fn) {
			func_unset(argv[i]);
		} else if (!is_name(argv[i])) {
			sh_warn("unset: %s: bad variable name", argv[i]);
			sh_abort(STATUS_SYNTAX);
		} else {
			var_unset(argv[i]);
		}
	}
	return 0;
}

int bi_set(int argc, char **argv)
{
	int i = 1;

	if (argc == 1) {
		struct out o = { .fd = STDOUT_FILENO };
		struct strv names = var_list(false);
		for (int k = 0; k < names.n; k++) {
			const char *v = var_get(names.v[k]);
			if (!v)
				continue;
			out_adds(&o, names.v[k]);
			out_addc(&o, '=');
			out_quoted(&o, v);
			out_addc(&o, '\n');
		}
		mem_free(names.v);
		return out_done(&o);
	}
	for (; i < argc; i++) {
		const char *a = argv[i];
		bool on = a[0] == '-';
		if (!strcmp(a, "--")) {
			i++;
			pos_set(argv + i, argc - i);
			return 0;
		}
		if ((a[0] != '-' && a[0] != '+') || !a[1])
			break;
		if (a[1] == 'o' && !a[2]) {
			static const struct { const char *name; bool *opt; } longopts[] = {
				{ "errexit", &opt_e }, { "xtrace", &opt_x },
				{ "noglob", &opt_f }, { "nounset", &opt_u },
			};
			bool found = false;
			if (++i >= argc) {
				for (size_t k = 0; k < sizeof(longopts) / sizeof(longopts[0]); k++)
					dprintf(STDOUT_FILENO, "%-16s%s\n", longopts[k].name,
						*longopts[k].opt ? "on" : "off");
				return 0;
			}
			for (size_t k = 0; k < sizeof(longopts) / sizeof(longopts[0]); k++) {
				if (!strcmp(argv[i], longopts[k].name)) {
					*longopts[k].opt = on;
					found = true;
				}
			}
			if (!found) {
				sh_warn("set: Illegal option -o %s", argv[i]);
				sh_abort(STATUS_SYNTAX);
			}
			continue;
		}
		for (const char *p = a + 1; *p; p++) {
			switch (*p) {
			case 'e': opt_e = on; break;
			case 'x': opt_x = on; break;
			case 'f': opt_f = on; break;
			case 'u': opt_u = on; break;
			case 'v': case 'm': case 'C': break; /* accepted, no effect */
			default:
				sh_warn("set: Illegal option %c%c", a[0], *p);
				sh_abort(STATUS_SYNTAX);
			}
		}
	}
	if (i < argc)
		pos_set(argv + i, argc - i);
	return 0;
}

int bi_shift(int argc, char **argv)
{
	long n = argc > 1 ? number_arg("shift", argv[1]) : 1;

	if (n < 0)
		sh_abort(STATUS_SYNTAX);
	if (n > pos_n) {
		sh_warn("shift: can't shift that many");
		sh_abort(STATUS_SYNTAX);
	}
	for (long i = 0; i < n; i++)
		mem_free(pos_v[i]);
	memmove(pos_v, pos_v + n, (size_t)(pos_n - n + 1) * sizeof(char *));
	pos_n -= (int)n;
	return 0;
}

int bi_read(int argc, char **argv)
{
	struct sbuf line = { 0 }, esc = { 0 };
	const char *ifs = ifs_value();
	bool raw = false;
	int i = 1, st = 0, nnames;
	char *reply[] = { "REPLY", NULL };
	char **names;
	size_t p = 0;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-r")) {
			raw = true;
		} else if (!strcmp(argv[i], "-p") && i + 1 < argc) {
			i++;
			write(STDERR_FILENO, argv[i], strlen(argv[i]));
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			sh_warn("read: Illegal option %s", argv[i]);
			return STATUS_SYNTAX;
		}
	}
	names = i < argc ? argv + i : reply;
	nnames = i < argc ? argc - i : 1;
	/* one byte at a time: what follows the line is not ours */
	for (;;) {
		char ch;
		ssize_t r = read(STDIN_FILENO, &ch, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			st = 1;
			break;
		}
		if (ch == '\n')
			break;
		if (!raw && ch == '\\') {
			do
				r = read(STDIN_FILENO, &ch, 1);
			while (r < 0 && errno == EINTR);
			if (r <= 0) {
				st = 1;
				break;
			}
			if (ch == '\n')
				continue;
			sb_addc(&line, ch);
			sb_addc(&esc, 1);
			continue;
		}
		sb_addc(&line, ch);
		sb_addc(&esc, 0);
	}
	/* split: each name takes a field, the last one the rest */
#define R_IFS(k) (!esc.s[k] && line.s[k] && strchr(ifs, line.s[k]))
#define R_SPACE(k) (R_IFS(k) && is_ifs_space(line.s[k]))
	for (int k = 0; k < nnames; k++) {
		size_t start, end;
		char *val;
		while (p < line.len && R_SPACE(p))
			p++;
		start = p;
		if (k == nnames - 1) {
			end = line.len;
			while (end > start && R_SPACE(end - 1))
				end--;
			p = line.len;
		} else {
			while (p < line.len && !R_IFS(p))
				p++;
			end = p;
			while (p < line.len && R_SPACE(p))
				p++;
			if (p < line.len && R_IFS(p) && !R_SPACE(p))
				p++;
		}
		val = mem_strndup(line.s ? line.s + start : "", end - start);
		if (!is_name(names[k])) {
			sh_warn("read: %s: bad variable name", names[k]);
			st = STATUS_SYNTAX;
		} else {
			var_set(names[k], val, 0);
		}
		mem_free(val);
	}
#undef R_IFS
#undef R_SPACE
	sb_free(&line);
	sb_free(&esc);
	return st;
}

int bi_local(int argc, char **argv)
{
	int st = 0;

	if (!frames) {
		sh_warn("local: not in a function");
		sh_abort(STATUS_SYNTAX);
	}
	for (int i = 1; i < argc; i++) {
		size_t n = name_len(argv[i]);
		if (!n || (argv[i][n] && argv[i][n] != '=')) {
			sh_warn("local: %s: bad variable name", argv[i]);
			st = STATUS_SYNTAX;
			continue;
		}
		var_save(&frames->locals, argv[i], n);
		if (argv[i][n])
			var_set_n(argv[i], n, argv[i] + n + 1, 0);
	}
	return st;
}
