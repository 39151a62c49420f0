/*
 * builtin_fs.c - the shell's place in the file system: cd and pwd (PWD is
 * kept logical, "." and ".." resolved by name, as dash does) and umask.
 */
#include <errno.h>
#include <limits.h>
#include <minos_files.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sh.h"

/* base/rel (or rel, if absolute) with "." and ".." resolved by name. */
static char *path_logical(const char *base, const char *rel)
{
	struct sbuf in_path = { 0 }, out = { 0 };
	const char *p;

	if (rel[0] != '/') {
		sb_adds(&in_path, base);
		sb_addc(&in_path, '/');
	}
	sb_adds(&in_path, rel);
	for (p = in_path.s; *p;) {
		const char *e;
		size_t n;
		while (*p == '/')
			p++;
		e = p;
		while (*e && *e != '/')
			e++;
		n = (size_t)(e - p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (out.len && out.s[out.len - 1] != '/')
				out.len--;
			if (out.len)
				out.len--;
			sb_trunc(&out, out.len);
		} else {
			sb_addc(&out, '/');
			sb_addn(&out, p, n);
		}
		p = e;
	}
	if (!out.len)
		sb_addc(&out, '/');
	sb_free(&in_path);
	return sb_take(&out);
}

int bi_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : var_get("HOME");
	const char *pwd = var_get("PWD");
	char cwd[PATH_MAX];
	char *target;
	bool print = false;

	if (argc > 1 && !strcmp(argv[1], "--"))
		dir = argc > 2 ? argv[2] : var_get("HOME");
	if (!dir) {
		sh_warn("cd: HOME not set");
		return 1;
	}
	if (!strcmp(dir, "-")) {
		dir = var_get("OLDPWD");
		if (!dir) {
			sh_warn("cd: OLDPWD not set");
			return 1;
		}
		print = true;
	}
	if (!*dir)
		dir = ".";
	if (!pwd || pwd[0] != '/')
		pwd = getcwd(cwd, sizeof(cwd)) ? cwd : "/";
	target = path_logical(pwd, dir);
	if (chdir(target) < 0) {
		/* the name-based path failed (a symbolic link and ..?):
		 * try the kernel's reading of it */
		mem_free(target);
		if (chdir(dir) < 0 || !getcwd(cwd, sizeof(cwd))) {
			sh_warn("cd: can't cd to %s", dir);
			return 1;
		}
		target = mem_strdup(cwd);
	}
	pwd = var_get("PWD");
	if (pwd)
		var_set("OLDPWD", pwd, 0);
	var_set("PWD", target, 0);
	if (print)
		dprintf(STDOUT_FILENO, "%s\n", target);
	mem_free(target);
	return 0;
}

int bi_pwd(int argc, char **argv)
{
	const char *pwd = var_get("PWD");
	char cwd[PATH_MAX];

	if ((argc > 1 && !strcmp(argv[1], "-P")) || !pwd || pwd[0] != '/') {
		if (!getcwd(cwd, sizeof(cwd))) {
			sh_warn("pwd: %s", strerror(errno));
			return 1;
		}
		pwd = cwd;
	}
	return dprintf(STDOUT_FILENO, "%s\n", pwd) < 0;
}

int bi_umask(int argc, char **argv)
{
	mode_t old = umask(0);

	umask(old);
	if (argc > 1 && strcmp(argv[1], "-S")) {
		char *end;
		long m = strtol(argv[1], &end, 8);
		if (!*argv[1] || *end || m < 0 || m > 0777) {
			sh_warn("umask: Illegal mode: %s", argv[1]);
			return STATUS_SYNTAX;
		}
		umask((mode_t)m);
		return 0;
	}
	if (argc > 1) {
		static const char who[] = "ugo";
		struct out o = { .fd = STDOUT_FILENO };
		for (int k = 0; k < 3; k++) {
			unsigned bits = ~(unsigned)old >> (3 * (2 - k)) & 7;
			out_addc(&o, who[k]);
			out_addc(&o, '=');
			if (bits & 4)
				out_addc(&o, 'r');
			if (bits & 2)
				out_addc(&o, 'w');
			if (bits & 1)
				out_addc(&o, 'x');
			out_addc(&o, k < 2 ? ',' : '\n');
		}
		return out_done(&o);
	}
	return dprintf(STDOUT_FILENO, "%04o\n", (unsigned)old) < 0;
}
