/*
 * mu-madvise - madvise(2): MADV_DONTNEED gives private anonymous memory
 * back as zeros (in the child only, after fork), leaves shared anonymous
 * memory as it was, and makes a file mapping read the file again (a
 * private copy's changes are lost, a shared mapping's are the file's);
 * MADV_FREE is for private anonymous memory only; MADV_REMOVE punches
 * zeros into shared memory; MADV_POPULATE_* fill pages or refuse an area
 * that does not allow the access; the advice that only informs is
 * accepted. Errors in Linux's order: unknown advice, misaligned start, a
 * length that wraps (-EINVAL), an empty range (0), a range with holes
 * (-ENOMEM, the mapped parts still advised). Expected: the reference
 * Linux's results.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>

#include "mu-check.h"

#define PG 4096

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#endif
#ifndef MADV_COLD
#define MADV_COLD 20
#define MADV_PAGEOUT 21
#endif

static char *anon(int pages, int prot, int flags)
{
	return mmap(NULL, (size_t)pages * PG, prot, flags | MAP_ANONYMOUS, -1, 0);
}

static void fill(char *p, int pages, char c) { memset(p, c, (size_t)pages * PG); }

static void private_anon(void)
{
	char *p = anon(3, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	fill(p, 3, 0x55);
	check_eq("DONTNEED middle page", madvise(p + PG, PG, MADV_DONTNEED), 0);
	check_eq("page before", p[PG - 1], 0x55);
	check_eq("middle page reads", p[PG] | p[2 * PG - 1], 0);
	check_eq("page after", p[2 * PG], 0x55);
	p[PG] = 7;
	check_eq("written again", p[PG], 7);
	check_eq("DONTNEED length rounded up", madvise(p, 1, MADV_DONTNEED), 0);
	check_eq("first page reads", p[PG - 1], 0);
	check_eq("DONTNEED untouched pages", madvise(p, 3 * PG, MADV_DONTNEED), 0);
	check_eq("DONTNEED_LOCKED", madvise(p, PG, 24), 0);

	fill(p, 3, 0x66);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		madvise(p, 3 * PG, MADV_DONTNEED);
		_exit(p[0] == 0 && p[2 * PG] == 0 ? 0 : 1);
	}
	int status;
	waitpid(c, &status, 0);
	check("after fork, the child's DONTNEED reads zeros", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	check_eq("... and the parent keeps its data", p[2 * PG], 0x66);

	fill(p, 3, 0x11);
	check_eq("FREE", madvise(p, 3 * PG, MADV_FREE), 0);
	p[0] = 3;
	check_eq("written after FREE", p[0], 3);
}

static void shared_anon(void)
{
	char *p = anon(2, PROT_READ | PROT_WRITE, MAP_SHARED);
	fill(p, 2, 0x44);
	check_eq("shared DONTNEED", madvise(p, 2 * PG, MADV_DONTNEED), 0);
	check_eq("shared memory keeps its data", p[0] + p[2 * PG - 1], 0x88);
	check_errno("shared FREE", madvise(p, PG, MADV_FREE), EINVAL);
	check_errno("shared WIPEONFORK", madvise(p, PG, MADV_WIPEONFORK), EINVAL);
	check_eq("shared REMOVE", madvise(p, PG, MADV_REMOVE), 0);
	check_eq("removed page reads", p[0] | p[PG - 1], 0);
	check_eq("the page after", p[PG], 0x44);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		madvise(p + PG, PG, MADV_REMOVE);
		_exit(0);
	}
	waitpid(c, NULL, 0);
	check_eq("the child's REMOVE reaches the parent", p[PG], 0);
	char *ro = anon(1, PROT_READ, MAP_SHARED);
	check_eq("REMOVE, shared read-only (may be made writable)", madvise(ro, PG, MADV_REMOVE), 0);
}

static void files(void)
{
	const char *path = "/tmp/mu-madvise.data";
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char buf[2 * PG];
	memset(buf, 'A', sizeof(buf));
	if (write(fd, buf, sizeof(buf)) != (long)sizeof(buf))
		check("write the file", 0);

	char *priv = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	priv[0] = 'B';
	priv[PG] = 'B';
	check_eq("private file DONTNEED", madvise(priv, PG, MADV_DONTNEED), 0);
	check_eq("the file again", priv[0], 'A');
	check_eq("the other page keeps its copy", priv[PG], 'B');
	check_errno("private file FREE", madvise(priv, PG, MADV_FREE), EINVAL);
	check_errno("private file WIPEONFORK", madvise(priv, PG, MADV_WIPEONFORK), EINVAL);
	check_errno("private file REMOVE", madvise(priv, PG, MADV_REMOVE), EACCES);

	char *sh = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	sh[0] = 'C';
	check_eq("shared file DONTNEED", madvise(sh, 2 * PG, MADV_DONTNEED), 0);
	check_eq("the file holds the write", sh[0], 'C');
	char c = 0;
	check_eq("pread", pread(fd, &c, 1, 0), 1);
	check_eq("... sees it", c, 'C');
	check_errno("shared file FREE", madvise(sh, PG, MADV_FREE), EINVAL);
	check_eq("WILLNEED on a file", madvise(sh, 2 * PG, MADV_WILLNEED), 0);
	int rfd = open(path, O_RDONLY);
	char *rsh = mmap(NULL, PG, PROT_READ, MAP_SHARED, rfd, 0);
	check_errno("REMOVE, shared file opened read-only", madvise(rsh, PG, MADV_REMOVE), EACCES);
	check_eq("... the file unchanged", rsh[0], 'C');
	close(rfd);
	close(fd);
	unlink(path);
}

static void advice(void)
{
	static const struct {
		int advice;
		const char *name;
	} ok[] = {
		{ MADV_NORMAL, "NORMAL" },     { MADV_RANDOM, "RANDOM" },
		{ MADV_SEQUENTIAL, "SEQUENTIAL" }, { MADV_WILLNEED, "WILLNEED" },
		{ MADV_DONTFORK, "DONTFORK" }, { MADV_DOFORK, "DOFORK" },
		{ MADV_DONTDUMP, "DONTDUMP" }, { MADV_DODUMP, "DODUMP" },
		{ MADV_WIPEONFORK, "WIPEONFORK" }, { MADV_KEEPONFORK, "KEEPONFORK" },
		{ MADV_COLD, "COLD" },         { MADV_PAGEOUT, "PAGEOUT" },
		{ MADV_POPULATE_READ, "POPULATE_READ" }, { MADV_POPULATE_WRITE, "POPULATE_WRITE" },
	};
	char *p = anon(2, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		char line[64];
		snprintf(line, sizeof(line), "MADV_%s", ok[i].name);
		check_eq(line, madvise(p, 2 * PG, ok[i].advice), 0);
	}
	madvise(p, 2 * PG, MADV_KEEPONFORK);
	madvise(p, 2 * PG, MADV_DOFORK);
	check_eq("populated pages read zeros", p[0] | p[PG], 0);

	char *ro = anon(1, PROT_READ, MAP_PRIVATE);
	check_errno("POPULATE_WRITE, read-only", madvise(ro, PG, MADV_POPULATE_WRITE), EINVAL);
	check_eq("POPULATE_READ, read-only", madvise(ro, PG, MADV_POPULATE_READ), 0);
	char *none = anon(1, PROT_NONE, MAP_PRIVATE);
	check_errno("POPULATE_READ, PROT_NONE", madvise(none, PG, MADV_POPULATE_READ), EINVAL);
	check_eq("DONTNEED, PROT_NONE", madvise(none, PG, MADV_DONTNEED), 0);
	check_errno("REMOVE, private anonymous", madvise(p, PG, MADV_REMOVE), EINVAL);
}

static void errors(void)
{
	char *p = anon(12, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	munmap(p + 4 * PG, 8 * PG); /* nothing after the fourth page */
	fill(p, 4, 0x22);
	check_errno("unknown advice 99", madvise(p, PG, 99), EINVAL);
	check_errno("unknown advice -1", madvise(p, PG, -1), EINVAL);
	check_errno("unknown advice 26", madvise(p, PG, 26), EINVAL);
	check_errno("misaligned start", madvise(p + 1, PG, MADV_DONTNEED), EINVAL);
	check_errno("misaligned start, length 0", madvise(p + 1, 0, MADV_DONTNEED), EINVAL);
	check_errno("unknown advice, misaligned", madvise(p + 1, PG, 99), EINVAL);
	check_errno("unknown advice, length 0", madvise(p, 0, 99), EINVAL);
	check_eq("length 0", madvise(p, 0, MADV_DONTNEED), 0);
	check_eq("length 0, unmapped", madvise((void *)0x10000, 0, MADV_DONTNEED), 0);
	check_errno("length -1 (rounds to 0)", madvise(p, (size_t)-1, MADV_DONTNEED), EINVAL);
	check_errno("length wraps", madvise(p, (size_t)0x1000000 - (uintptr_t)p, MADV_DONTNEED),
		    EINVAL);
	check_errno("NULL, one page", madvise(NULL, PG, MADV_DONTNEED), ENOMEM);
	check_errno("above the user half", madvise((void *)0x800000000000UL, PG, MADV_NORMAL), ENOMEM);
	check_errno("kernel half", madvise((void *)0xffff800000000000UL, PG, MADV_NORMAL), ENOMEM);
	check_errno("unknown advice, unmapped", madvise(NULL, PG, 99), EINVAL);

	/* A hole in the middle: -ENOMEM, but both sides are advised. */
	munmap(p + PG, PG);
	check_errno("DONTNEED over a hole", madvise(p, 4 * PG, MADV_DONTNEED), ENOMEM);
	check_eq("page before the hole", p[0], 0);
	check_eq("page after the hole", p[2 * PG], 0);
	fill(p + 2 * PG, 2, 0x33);
	check_errno("range running past the end", madvise(p + 2 * PG, 8 * PG, MADV_DONTNEED), ENOMEM);
	check_eq("the mapped part advised", p[3 * PG], 0);
	check_errno("FREE over a hole", madvise(p, 3 * PG, MADV_FREE), ENOMEM);
	check_errno("starting in the hole", madvise(p + PG, 2 * PG, MADV_NORMAL), ENOMEM);
	check_errno("WIPEONFORK over a hole", madvise(p, 3 * PG, MADV_WIPEONFORK), ENOMEM);
}

int main(void)
{
	check_start();
	section("private_anon", private_anon, 20);
	section("shared_anon", shared_anon, 20);
	section("files", files, 20);
	section("advice", advice, 20);
	section("errors", errors, 20);
	return check_exit();
}
