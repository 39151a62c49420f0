/*
 * fs-dir - the directory tree: mkdir/rmdir/unlink and their errors,
 * listings with getdents64 (sorted here: each file system has its own
 * order), rename of files and directories (over existing targets, and the
 * EISDIR/ENOTDIR/ENOTEMPTY/EINVAL/EBUSY refusals), an unlinked file that
 * stays readable while open, the working directory (getcwd, chdir, fchdir),
 * ".", ".." and repeated slashes, and symbolic links (readlink, relative
 * and absolute targets, dangling links, loops, Linux's limit of 40 links
 * in one lookup). Expected: the reference Linux's results. Works in
 * /tmp/fs-dir.PID; absolute paths are compared, never printed.
 */
#include <sys/syscall.h>

#include "fs-test.h"

#define MAX_NAMES 32
#define DENTS_BUF 80 /* room for two or three short records: several calls */

static char buf[PATH_MAX];
static char want[PATH_MAX];

/* Creates path holding text, as setup: only a failure is reported. */
static void setup_file(const char *path, const char *text)
{
	if (put_file(path, text, strlen(text)) < 0) {
		printf("setup: creating %s: FAIL\n", path);
		check_failures++;
	}
}

static const char *type_suffix(unsigned char t)
{
	switch (t) {
	case DT_DIR: return "/";
	case DT_LNK: return "@";
	case DT_FIFO: return "|";
	case DT_REG: return "";
	default: return "?";
	}
}

/*
 * The names in directory fd, read with getdents64 in small pieces, sorted,
 * with ls -F style type marks, into out ("./ ../ a b@ c/"); or "-ERRNO"
 * when a call fails.
 */
static void list_fd(int fd, char *out, size_t size)
{
	struct { char name[64]; const char *mark; } ent[MAX_NAMES], tmp;
	char dents[DENTS_BUF];
	int count = 0;
	ssize_t n;
	size_t len = 0;

	while ((n = getdents64(fd, dents, sizeof(dents))) > 0) {
		for (ssize_t off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(dents + off);
			off += d->d_reclen;
			if (count < MAX_NAMES) {
				strlcpy(ent[count].name, d->d_name, sizeof(ent[0].name));
				ent[count++].mark = type_suffix(d->d_type);
			}
		}
	}
	if (n < 0) {
		snprintf(out, size, "-%s", strerrorname_np(errno));
		return;
	}
	for (int i = 1; i < count; i++) { /* insertion sort by name: a few names */
		int j = i;
		tmp = ent[i];
		for (; j > 0 && strcmp(ent[j - 1].name, tmp.name) > 0; j--)
			ent[j] = ent[j - 1];
		ent[j] = tmp;
	}
	out[0] = '\0';
	for (int i = 0; i < count; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s%s", i ? " " : "",
					ent[i].name, ent[i].mark);
}

static void check_list(const char *path, const char *expect)
{
	char got[512];
	int fd = open(path, O_RDONLY | O_DIRECTORY);

	if (fd < 0) {
		snprintf(got, sizeof(got), "-%s", strerrorname_np(errno));
	} else {
		list_fd(fd, got, sizeof(got));
		close(fd);
	}
	if (!strcmp(got, expect)) {
		printf("list(\"%s\"): %s\n", path, got);
	} else {
		printf("list(\"%s\"): %s, expected %s: FAIL\n", path, got, expect);
		check_failures++;
	}
}

/* The file at path holds exactly text. */
static void check_content(const char *what, const char *path, const char *text)
{
	long n = get_file(path, buf, sizeof(buf));

	if (n >= 0 && !strcmp(buf, text)) {
		printf("%s: \"%s\"\n", what, buf);
	} else {
		printf("%s: %s, expected \"%s\": FAIL\n", what,
		       n < 0 ? strerrorname_np((int)-n) : buf, text);
		check_failures++;
	}
}

static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_ino == sb.st_ino &&
	       sa.st_dev == sb.st_dev;
}

static long nlink_of(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 ? -errno : (long)st.st_nlink;
}

/* getcwd() equals the scratch directory followed by tail ("" or "/x"). */
static void check_cwd(const char *what, const char *tail)
{
	snprintf(want, sizeof(want), "%s%s", scratch_path, tail);
	check(what, getcwd(buf, sizeof(buf)) && !strcmp(buf, want));
}

static void make_and_remove(void)
{
	CHECK_CALL("mkdir(\"a\")", mkdir("a", 0755), 0);
	CHECK_CALL("mkdir(\"a\") again", mkdir("a", 0755), -EEXIST);
	CHECK_CALL("mkdir(\"b/\") (trailing slash)", mkdir("b/", 0755), 0);
	CHECK_CALL("mkdir(\"x/y\")", mkdir("x/y", 0755), -ENOENT);
	setup_file("f", "file");
	CHECK_CALL("mkdir(\"f\") over a file", mkdir("f", 0755), -EEXIST);
	CHECK_CALL("mkdir(\"f/y\")", mkdir("f/y", 0755), -ENOTDIR);
	CHECK_CALL("mkdir(\"\")", mkdir("", 0755), -ENOENT);
	CHECK_CALL("mkdir(\".\")", mkdir(".", 0755), -EEXIST);
	CHECK_CALL("mkdir(\"a/..\")", mkdir("a/..", 0755), -EEXIST);
	symlink("nowhere", "dangling");
	CHECK_CALL("mkdir(\"dangling\") (a dangling link)", mkdir("dangling", 0755), -EEXIST);
	CHECK_CALL("mkdir(NULL)", mkdir(NULL, 0755), -EFAULT);

	CHECK_CALL("rmdir(\"b\")", rmdir("b"), 0);
	CHECK_CALL("rmdir(\"b\") again", rmdir("b"), -ENOENT);
	setup_file("a/x", "x");
	CHECK_CALL("rmdir(\"a\") with a file in it", rmdir("a"), -ENOTEMPTY);
	CHECK_CALL("rmdir(\"f\")", rmdir("f"), -ENOTDIR);
	CHECK_CALL("rmdir(\".\")", rmdir("."), -EINVAL);
	CHECK_CALL("rmdir(\"a/.\")", rmdir("a/."), -EINVAL);
	CHECK_CALL("rmdir(\"a/..\")", rmdir("a/.."), -ENOTEMPTY);
	symlink("a", "alink");
	CHECK_CALL("rmdir(\"alink\") (a link to a directory)", rmdir("alink"), -ENOTDIR);
	CHECK_CALL("unlink(\"a\")", unlink("a"), -EISDIR);
	CHECK_CALL("unlink(\"missing\")", unlink("missing"), -ENOENT);
	CHECK_CALL("unlink(\"f/\")", unlink("f/"), -ENOTDIR);
	CHECK_CALL("unlink(\"alink\") removes the link only", unlink("alink"), 0);
	CHECK_CALL("unlink(\"a/x\")", unlink("a/x"), 0);
	CHECK_CALL("rmdir(\"a\") once empty", rmdir("a"), 0);
	CHECK_CALL("unlink(\"dangling\")", unlink("dangling"), 0);

	int dirfd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK_CALL("mkdirat(dirfd of \".\", \"c\")", mkdirat(dirfd, "c", 0755), 0);
	CHECK_CALL("unlinkat(AT_FDCWD, \"f\", AT_REMOVEDIR)",
		   unlinkat(AT_FDCWD, "f", AT_REMOVEDIR), -ENOTDIR);
	CHECK_CALL("unlinkat(AT_FDCWD, \"c\", 0)", unlinkat(AT_FDCWD, "c", 0), -EISDIR);
	CHECK_CALL("unlinkat(AT_FDCWD, \"c\", flags 1)", unlinkat(AT_FDCWD, "c", 1), -EINVAL);
	CHECK_CALL("unlinkat(dirfd, \"c\", AT_REMOVEDIR)", unlinkat(dirfd, "c", AT_REMOVEDIR), 0);
	CHECK_CALL("unlinkat(99, \"c\", 0)", unlinkat(99, "c", 0), -EBADF);
	close(dirfd);
	unlink("f");
}

static void listing(void)
{
	char got[512];
	char dents[DENTS_BUF];
	int fd;

	mkdir("list", 0755);
	setup_file("list/c", "c");
	setup_file("list/a", "a");
	setup_file("list/b", "b");
	mkdir("list/sub", 0755);
	symlink("a", "list/lnk");
	check_list("list", "./ ../ a b c lnk@ sub/");
	check_list("list/sub", "./ ../");
	unlink("list/b");
	check_list("list", "./ ../ a c lnk@ sub/");

	fd = open("list", O_RDONLY | O_DIRECTORY);
	list_fd(fd, got, sizeof(got));
	CHECK_CALL("getdents64 at the end", getdents64(fd, dents, sizeof(dents)), 0);
	CHECK_CALL("lseek(dirfd, 0, SEEK_SET)", lseek(fd, 0, SEEK_SET), 0);
	list_fd(fd, buf, sizeof(buf));
	check("the listing again after the rewind", !strcmp(got, buf));
	lseek(fd, 0, SEEK_SET);
	CHECK_CALL("getdents64 with an 8-byte buffer", getdents64(fd, dents, 8), -EINVAL);
	CHECK_CALL("getdents64 into unmapped memory",
		   getdents64(fd, (void *)0x10000000UL, 4096), -EFAULT);
	close(fd);
	fd = open("list/a", O_RDONLY);
	CHECK_CALL("getdents64 on a file", getdents64(fd, dents, sizeof(dents)), -ENOTDIR);
	close(fd);
	CHECK_CALL("getdents64(99)", getdents64(99, dents, sizeof(dents)), -EBADF);
	fd = open("list/sub", O_RDONLY | O_DIRECTORY);
	rmdir("list/sub");
	CHECK_CALL("getdents64 on a removed directory", getdents64(fd, dents, sizeof(dents)),
		   -ENOENT);
	close(fd);
}

static void renaming(void)
{
	int d1, d2;

	setup_file("r1", "one");
	CHECK_CALL("rename(\"r1\", \"r2\")", rename("r1", "r2"), 0);
	CHECK_CALL("r1 is gone", open("r1", O_RDONLY), -ENOENT);
	check_content("r2", "r2", "one");
	setup_file("r3", "three");
	CHECK_CALL("rename(\"r3\", \"r2\") over a file", rename("r3", "r2"), 0);
	check_content("r2", "r2", "three");
	CHECK_CALL("r3 is gone", open("r3", O_RDONLY), -ENOENT);
	CHECK_CALL("rename(\"r2\", \"r2\")", rename("r2", "r2"), 0);
	check_content("r2", "r2", "three");
	CHECK_CALL("rename(\"missing\", \"x\")", rename("missing", "x"), -ENOENT);
	CHECK_CALL("rename(\"r2\", \"nodir/x\")", rename("r2", "nodir/x"), -ENOENT);
	CHECK_CALL("rename(\"r2\", \"r2/x\")", rename("r2", "r2/x"), -ENOTDIR);
	CHECK_CALL("rename(\"r2/\", \"r9\")", rename("r2/", "r9"), -ENOTDIR);

	mkdir("D1", 0755);
	setup_file("D1/in", "inside");
	CHECK_CALL("rename(\"D1\", \"D2\") (a directory)", rename("D1", "D2"), 0);
	check_content("D2/in", "D2/in", "inside");
	mkdir("E", 0755);
	CHECK_CALL("rename(\"D2\", \"E\") over an empty directory", rename("D2", "E"), 0);
	check_content("E/in", "E/in", "inside");
	CHECK_CALL("D2 is gone", rmdir("D2"), -ENOENT);
	mkdir("F", 0755);
	setup_file("F/x", "x");
	CHECK_CALL("rename(\"E\", \"F\") over a non-empty directory", rename("E", "F"),
		   -ENOTEMPTY);
	CHECK_CALL("rename(\"r2\", \"E\") file over a directory", rename("r2", "E"), -EISDIR);
	CHECK_CALL("rename(\"E\", \"r2\") directory over a file", rename("E", "r2"), -ENOTDIR);
	CHECK_CALL("rename(\"E\", \"E/sub\") into itself", rename("E", "E/sub"), -EINVAL);
	mkdir("E/sub", 0755);
	CHECK_CALL("rename(\"E\", \"E/sub/deeper\")", rename("E", "E/sub/deeper"), -EINVAL);
	CHECK_CALL("rename(\"E/sub/..\", \"G\")", rename("E/sub/..", "G"), -EBUSY);
	CHECK_CALL("rename(\"E/sub\", \".\")", rename("E/sub", "."), -EBUSY);
	CHECK_CALL("rename(\"E/\", \"E2/\") (trailing slashes on a directory)",
		   rename("E/", "E2/"), 0);
	CHECK_CALL("rename(\"F/x\", \"moved\") between directories", rename("F/x", "moved"), 0);
	check_content("moved", "moved", "x");

	mkdir("P", 0755);
	mkdir("P/child", 0755);
	mkdir("Q", 0755);
	CHECK_CALL("rename(\"P/child\", \"Q/child\")", rename("P/child", "Q/child"), 0);
	check("\"Q/child/..\" is Q", same_file("Q/child/..", "Q"));
	check_result("nlink of P after moving its subdirectory out", nlink_of("P"), 2);
	check_result("nlink of Q", nlink_of("Q"), 3);

	symlink("moved", "ml");
	CHECK_CALL("rename(\"ml\", \"ml2\") (a link)", rename("ml", "ml2"), 0);
	check_content("ml2 still points at moved", "ml2", "x");
	CHECK_CALL("rename(\"r2\", \"ml2\") over a link", rename("r2", "ml2"), 0);
	check_content("ml2 is now the file", "ml2", "three");
	check_content("moved is untouched", "moved", "x");

	d1 = open("P", O_RDONLY | O_DIRECTORY);
	d2 = open("Q", O_RDONLY | O_DIRECTORY);
	setup_file("P/p", "p");
	CHECK_CALL("renameat(dirfd of P, \"p\", dirfd of Q, \"q\")",
		   renameat(d1, "p", d2, "q"), 0);
	check_content("Q/q", "Q/q", "p");
	close(d1);
	close(d2);
}

static void unlinked_but_open(void)
{
	struct stat st;
	int fd;

	setup_file("keep", "kept data");
	fd = open("keep", O_RDWR);
	CHECK_CALL("unlink(\"keep\") while open", unlink("keep"), 0);
	CHECK_CALL("open(\"keep\") afterwards", open("keep", O_RDONLY), -ENOENT);
	memset(buf, 0, 32);
	CHECK_CALL("read through the open descriptor", read(fd, buf, 100), 9);
	check("the data is still there", !strcmp(buf, "kept data"));
	CHECK_CALL("write through it", write(fd, "!", 1), 1);
	CHECK_CALL("pread it back", pread(fd, buf, 100, 0), 10);
	check("\"kept data!\"", !memcmp(buf, "kept data!", 10));
	fstat(fd, &st);
	check_result("fstat: nlink", (long)st.st_nlink, 0);
	check_result("fstat: size", st.st_size, 10);
	CHECK_CALL("a new \"keep\" is another file", put_file("keep", "new", 3), 0);
	CHECK_CALL("the old one still reads", pread(fd, buf, 100, 0), 10);
	close(fd);
	check_content("keep", "keep", "new");
}

static void working_directory(void)
{
	int fd, c1;

	check_cwd("getcwd() is the scratch directory", "");
	long raw = __syscall2(__NR_getcwd, (long)buf, sizeof(buf));
	check("raw getcwd returns its length with the NUL", raw == (long)strlen(buf) + 1);
	check_result("raw getcwd(buf, 1)", __syscall2(__NR_getcwd, (long)buf, 1), -ERANGE);
	check_result("raw getcwd(buf, strlen)",
		     __syscall2(__NR_getcwd, (long)buf, (long)strlen(scratch_path)), -ERANGE);
	check_result("raw getcwd(NULL, 4096)", __syscall2(__NR_getcwd, 0, 4096), -EFAULT);

	mkdir("c1", 0755);
	mkdir("c1/c2", 0755);
	CHECK_CALL("chdir(\"c1/c2\")", chdir("c1/c2"), 0);
	check_cwd("getcwd() is .../c1/c2", "/c1/c2");
	CHECK_CALL("chdir(\"..\")", chdir(".."), 0);
	check_cwd("getcwd() is .../c1", "/c1");
	CHECK_CALL("chdir(\"../c1/./c2//\")", chdir("../c1/./c2//"), 0);
	check_cwd("getcwd() is .../c1/c2", "/c1/c2");
	CHECK_CALL("chdir(\"../..\")", chdir("../.."), 0);
	check_cwd("getcwd() is the scratch directory", "");

	c1 = open("c1", O_RDONLY | O_DIRECTORY);
	setup_file("plain", "plain");
	fd = open("plain", O_RDONLY);
	CHECK_CALL("fchdir(dirfd of c1)", fchdir(c1), 0);
	check_cwd("getcwd() is .../c1", "/c1");
	CHECK_CALL("fchdir(fd of a file)", fchdir(fd), -ENOTDIR);
	CHECK_CALL("fchdir(99)", fchdir(99), -EBADF);
	check_cwd("getcwd() is still .../c1", "/c1");
	chdir(scratch_path);
	close(fd);
	close(c1);

	CHECK_CALL("chdir(\"plain\")", chdir("plain"), -ENOTDIR);
	CHECK_CALL("chdir(\"missing\")", chdir("missing"), -ENOENT);
	CHECK_CALL("chdir(\"\")", chdir(""), -ENOENT);
	CHECK_CALL("chdir(NULL)", chdir(NULL), -EFAULT);
	CHECK_CALL("chdir(\"/\")", chdir("/"), 0);
	printf("getcwd() in /: \"%s\"\n", getcwd(buf, sizeof(buf)) ? buf : "(failed)");
	CHECK_CALL("chdir(\"/../..\")", chdir("/../.."), 0);
	printf("getcwd() after chdir(\"/../..\"): \"%s\"\n",
	       getcwd(buf, sizeof(buf)) ? buf : "(failed)");
	chdir(scratch_path);

	symlink("c1", "c1link");
	CHECK_CALL("chdir(\"c1link\") (a link to c1)", chdir("c1link"), 0);
	check_cwd("getcwd() shows the real directory .../c1", "/c1");
	chdir(scratch_path);

	mkdir("gone", 0755);
	chdir("gone");
	snprintf(want, sizeof(want), "%s/gone", scratch_path);
	CHECK_CALL("rmdir(the working directory)", rmdir(want), 0);
	CHECK_CALL("getcwd() in a removed directory", rv(getcwd(buf, sizeof(buf)) ? 0 : -1),
		   -ENOENT);
	CHECK_CALL("creat(\"x\") in it", creat("x", 0644), -ENOENT);
	CHECK_CALL("chdir(\"..\") out of it", chdir(".."), 0);
	check_cwd("getcwd() is the scratch directory", "");
}

static void dots_and_slashes(void)
{
	mkdir("a", 0755);
	mkdir("a/b", 0755);
	setup_file("a/b/c", "deep");
	check_content("\"a/./b/../b//c\"", "a/./b/../b//c", "deep");
	check_content("\"a//b///c\"", "a//b///c", "deep");
	check_content("\"./a/b/c\"", "./a/b/c", "deep");
	check_content("\"a/b/../../a/b/c\"", "a/b/../../a/b/c", "deep");
	/* scratch_path is "/tmp/NAME.PID". */
	snprintf(want, sizeof(want), "/tmp/..//tmp/./%s/a/b/c", scratch_path + strlen("/tmp/"));
	check("absolute path with /.. and /./ reads \"deep\"",
	      get_file(want, buf, sizeof(buf)) == 4 && !strcmp(buf, "deep"));
	CHECK_CALL("open(\"a/b/c/.\")", open("a/b/c/.", O_RDONLY), -ENOTDIR);
	CHECK_CALL("open(\"a/b/c/..\")", open("a/b/c/..", O_RDONLY), -ENOTDIR);
	CHECK_CALL("open(\"a/b/c//\")", open("a/b/c//", O_RDONLY), -ENOTDIR);
	check("\"a/b/\" is a/b", same_file("a/b/", "a/b"));
	check("\"a/b/..\" is a", same_file("a/b/..", "a"));
	check("\".//a/.\" is a", same_file(".//a/.", "a"));
	check("\"/..\" is \"/\"", same_file("/..", "/"));
	check("\"///\" is \"/\"", same_file("///", "/"));
	check("\"/tmp/..\" is \"/\"", same_file("/tmp/..", "/"));
}

static void symbolic_links(void)
{
	char name[16];
	ssize_t n;

	CHECK_CALL("symlink(\"a/b/c\", \"s1\")", symlink("a/b/c", "s1"), 0);
	check_content("s1", "s1", "deep");
	n = readlink("s1", buf, sizeof(buf));
	CHECK_CALL("readlink(\"s1\")", n, 5);
	check("it is \"a/b/c\"", n == 5 && !memcmp(buf, "a/b/c", 5));
	memset(buf, '#', 8);
	CHECK_CALL("readlink(\"s1\", buf, 3)", readlink("s1", buf, 3), 3);
	check("it is \"a/b\" and the buffer's next byte untouched", !memcmp(buf, "a/b#", 4));
	CHECK_CALL("readlink(\"s1\", buf, 0)", readlink("s1", buf, 0), -EINVAL);
	CHECK_CALL("readlink(\"a/b/c\") (a file)", readlink("a/b/c", buf, sizeof(buf)), -EINVAL);
	CHECK_CALL("readlink(\"missing\")", readlink("missing", buf, sizeof(buf)), -ENOENT);
	CHECK_CALL("readlink(\"s1\", unmapped buffer)",
		   readlink("s1", (char *)0x10000000UL, 100), -EFAULT);

	CHECK_CALL("symlink(\"c\", \"a/b/s2\") (relative to the link)", symlink("c", "a/b/s2"), 0);
	check_content("a/b/s2", "a/b/s2", "deep");
	CHECK_CALL("symlink(\"../b/c\", \"a/b/s3\")", symlink("../b/c", "a/b/s3"), 0);
	check_content("a/b/s3", "a/b/s3", "deep");
	CHECK_CALL("symlink(\"b\", \"a/sd\") (to a directory)", symlink("b", "a/sd"), 0);
	check_content("a/sd/c (a link inside the path)", "a/sd/c", "deep");
	check_content("a/sd/s3 (two links)", "a/sd/s3", "deep");
	CHECK_CALL("readlink(\"a/sd/s2\")", readlink("a/sd/s2", buf, sizeof(buf)), 1);
	snprintf(want, sizeof(want), "%s/a/b/c", scratch_path);
	CHECK_CALL("symlink(absolute path of a/b/c, \"sabs\")", symlink(want, "sabs"), 0);
	check_content("sabs", "sabs", "deep");
	CHECK_CALL("symlink(\"x\", \"s1\") (exists)", symlink("x", "s1"), -EEXIST);
	CHECK_CALL("symlink(\"\", \"sempty\")", symlink("", "sempty"), -ENOENT);
	CHECK_CALL("symlink(\"t\", \"nodir/s\")", symlink("t", "nodir/s"), -ENOENT);

	struct stat st;
	CHECK_CALL("symlink(\"nowhere\", \"dang\")", symlink("nowhere", "dang"), 0);
	CHECK_CALL("open(\"dang\")", open("dang", O_RDONLY), -ENOENT);
	CHECK_CALL("stat(\"dang\")", stat("dang", &st), -ENOENT);
	CHECK_CALL("lstat(\"dang\")", lstat("dang", &st), 0);
	check("it is a link of 7 bytes", S_ISLNK(st.st_mode) && st.st_size == 7);
	n = readlink("dang", buf, sizeof(buf));
	check("readlink(\"dang\") is \"nowhere\"", n == 7 && !memcmp(buf, "nowhere", 7));

	symlink("loop2", "loop1");
	symlink("loop1", "loop2");
	symlink("self", "self");
	CHECK_CALL("open(\"loop1\") (loop1 -> loop2 -> loop1)", open("loop1", O_RDONLY), -ELOOP);
	CHECK_CALL("stat(\"loop2\")", stat("loop2", &st), -ELOOP);
	CHECK_CALL("open(\"self\")", open("self", O_RDONLY), -ELOOP);
	CHECK_CALL("open(\"loop1/x\")", open("loop1/x", O_RDONLY), -ELOOP);
	CHECK_CALL("open(\"self\", O_WRONLY|O_CREAT)", open("self", O_WRONLY | O_CREAT, 0644),
		   -ELOOP);
	CHECK_CALL("lstat(\"loop1\")", lstat("loop1", &st), 0);
	CHECK_CALL("chdir(\"self\")", chdir("self"), -ELOOP);

	/* chainN -> chain(N-1) -> ... -> chain1 -> a/b/c: N links. */
	symlink("a/b/c", "chain1");
	for (int i = 2; i <= 41; i++) {
		char prev[16];
		snprintf(prev, sizeof(prev), "chain%d", i - 1);
		snprintf(name, sizeof(name), "chain%d", i);
		symlink(prev, name);
	}
	check_content("chain40 (40 links)", "chain40", "deep");
	CHECK_CALL("open(\"chain41\") (41 links)", open("chain41", O_RDONLY), -ELOOP);

	CHECK_CALL("unlink(\"s1\")", unlink("s1"), 0);
	check_content("its target is still there", "a/b/c", "deep");
}

int main(void)
{
	scratch_enter("fs-dir");
	make_and_remove();
	listing();
	renaming();
	unlinked_but_open();
	working_directory();
	dots_and_slashes();
	symbolic_links();
	scratch_leave();
	return check_exit();
}
