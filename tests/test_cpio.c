/*
 * test_cpio.c - host tests for kernel/fs/cpio.c (cpio_next, cpio_find) on
 * real archives that GNU cpio writes at run time (-H newc and -H crc) from a
 * temporary tree, and on corrupted and truncated copies of them, each held in
 * an exact-size heap block so that ASan reports any read outside it.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, symlink, lstat, nftw */

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include "errno.h"
#include "fs/cpio.h"
#include "lib/string.h"

#define HDR_SIZE 110
#define BIG_SIZE 10000
#define TEN "long-name-"
#define LONG_NAME TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN /* 100 chars */

/* ---- The tree that is archived ---- */

struct fx_entry {
	const char *path;     /* as GNU cpio stores it: no "./" */
	unsigned type;        /* S_IFREG, S_IFDIR or S_IFLNK */
	unsigned perm;        /* as chmod'ed (symlinks: always 0777) */
	const char *data;     /* file contents or link target */
	size_t size;
};

static char big_data[BIG_SIZE];

/* Parents come before children, so creating in this order works. */
static struct fx_entry fx_entries[] = {
	{ "empty", S_IFREG, 0644, "", 0 },
	{ "f1", S_IFREG, 0600, "a", 1 },
	{ "f2", S_IFREG, 0640, "ab", 2 },
	{ "f3", S_IFREG, 0444, "abc", 3 },
	{ "f4", S_IFREG, 0755, "ab\0d", 4 },
	{ "f5", S_IFREG, 04711, "\0\xff" "x\n\x80", 5 },
	{ "big", S_IFREG, 0644, big_data, BIG_SIZE },
	{ "a", S_IFDIR, 0755, "", 0 },
	{ "a/b", S_IFDIR, 0750, "", 0 },
	{ "a/b/c.txt", S_IFREG, 0640, "hello from c\n", 13 },
	{ "sticky", S_IFDIR, 01777, "", 0 },
	{ "link", S_IFLNK, 0777, "a/b/c.txt", 9 },
	{ "dangling", S_IFLNK, 0777, "no/such/target", 14 },
	{ LONG_NAME, S_IFREG, 0600, "long\n", 5 },
	{ "TRAILER!!!.txt", S_IFREG, 0644, "not the end\n", 12 },
};
#define FX_COUNT ARRAY_SIZE(fx_entries)

struct archive {
	u8 *buf; /* exactly size bytes */
	size_t size;
};

static struct {
	bool tried, ok;
	char dir[64];   /* mkdtemp result; holds tree/ and the archives */
	char tree[96];
	struct archive newc, crc;
} fx;

static bool fx_path(char *out, size_t len, const char *rel)
{
	int n = snprintf(out, len, "%s/%s", fx.tree, rel);
	return n > 0 && (size_t)n < len;
}

static bool write_file(const char *path, const char *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return false;
	bool ok = fwrite(data, 1, size, f) == size;
	return fclose(f) == 0 && ok;
}

static bool read_archive(const char *path, struct archive *a)
{
	struct stat st;
	FILE *f = fopen(path, "rb");
	if (!f || fstat(fileno(f), &st) != 0 || st.st_size <= 0) {
		if (f)
			fclose(f);
		return false;
	}
	a->size = (size_t)st.st_size;
	a->buf = malloc(a->size);
	bool ok = a->buf && fread(a->buf, 1, a->size, f) == a->size;
	fclose(f);
	return ok;
}

static bool make_archive(const char *format, const char *name, struct archive *a)
{
	char cmd[512], out[128];

	snprintf(out, sizeof(out), "%s/%s", fx.dir, name);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && find . | LC_ALL=C sort | cpio -o -H %s --quiet > '%s'",
		 fx.tree, format, out);
	if (system(cmd) != 0) {
		fprintf(stderr, "test_cpio: failed: %s\n", cmd);
		return false;
	}
	return read_archive(out, a);
}

static bool build_tree(void)
{
	char p[256];

	for (size_t i = 0; i < BIG_SIZE; i++)
		big_data[i] = (char)(i * 31 + (i >> 8));
	if (!fx_path(p, sizeof(p), "") || mkdir(p, 0755) != 0 || chmod(p, 0755) != 0)
		return false;
	for (size_t i = 0; i < FX_COUNT; i++) {
		const struct fx_entry *x = &fx_entries[i];
		if (!fx_path(p, sizeof(p), x->path))
			return false;
		bool ok;
		if (x->type == S_IFDIR)
			ok = mkdir(p, 0700) == 0;
		else if (x->type == S_IFLNK)
			ok = symlink(x->data, p) == 0;
		else
			ok = write_file(p, x->data, x->size);
		if (!ok || (x->type != S_IFLNK && chmod(p, x->perm) != 0)) {
			perror(p);
			return false;
		}
	}
	return true;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	if (remove(path) != 0)
		perror(path);
	return 0;
}

static void fx_cleanup(void)
{
	free(fx.newc.buf);
	free(fx.crc.buf);
	fx.newc.buf = fx.crc.buf = NULL;
	if (fx.dir[0]) {
		nftw(fx.dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
		fx.dir[0] = 0;
	}
}

/* Builds the tree and both archives once; every test calls it. */
static bool fixture(void)
{
	if (fx.tried)
		return fx.ok;
	fx.tried = true;
	atexit(fx_cleanup);
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/minos-test-cpio-XXXXXX");
	if (!mkdtemp(fx.dir)) {
		perror("mkdtemp");
		fx.dir[0] = 0;
		return false;
	}
	snprintf(fx.tree, sizeof(fx.tree), "%s/tree", fx.dir);
	fx.ok = strlen(LONG_NAME) == 100 && build_tree() &&
		make_archive("newc", "newc.cpio", &fx.newc) &&
		make_archive("crc", "crc.cpio", &fx.crc);
	if (!fx.ok)
		fprintf(stderr, "test_cpio: could not build the fixture (is GNU cpio installed?)\n");
	return fx.ok;
}

/* ---- An independent reader, to locate entries for corrupting them ---- */

struct ref {
	size_t hdr, name_off, namesize, data_off, filesize, next;
	const char *name;
};

#define REF_MAX 32
static struct ref refs[REF_MAX];
static size_t ref_count; /* including the trailer, which is last */

static u32 hex8(const u8 *p)
{
	u32 v = 0;
	for (int i = 0; i < 8; i++) {
		int c = p[i];
		int d = c >= '0' && c <= '9' ? c - '0' :
			c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			abort();
		v = v << 4 | (u32)d;
	}
	return v;
}

/* Fills refs[] from a well-formed archive written by GNU cpio. */
static void ref_scan(const struct archive *a)
{
	size_t off = 0;

	ref_count = 0;
	for (;;) {
		if (ref_count == REF_MAX || a->size - off < HDR_SIZE)
			abort();
		struct ref *r = &refs[ref_count++];
		r->hdr = off;
		r->name_off = off + HDR_SIZE;
		r->namesize = hex8(a->buf + off + 6 + 11 * 8);
		r->filesize = hex8(a->buf + off + 6 + 6 * 8);
		r->data_off = (r->name_off + r->namesize + 3) & ~(size_t)3;
		r->next = (r->data_off + r->filesize + 3) & ~(size_t)3;
		r->name = (const char *)a->buf + r->name_off;
		if (r->next > a->size)
			abort();
		if (strcmp(r->name, "TRAILER!!!") == 0)
			return;
		off = r->next;
	}
}

static const struct ref *ref_named(const char *name)
{
	for (size_t i = 0; i < ref_count; i++)
		if (strcmp(refs[i].name, name) == 0)
			return &refs[i];
	abort();
}

/* ---- Checking entries ---- */

static const struct fx_entry *fx_named(const char *name)
{
	for (size_t i = 0; i < FX_COUNT; i++)
		if (strcmp(fx_entries[i].path, name) == 0)
			return &fx_entries[i];
	return NULL;
}

/* e must be the entry for rel ("." for the tree's root). */
static void check_entry(const struct archive *a, const struct cpio_entry *e, const char *rel)
{
	char p[256];
	struct stat st;
	const struct fx_entry *x = fx_named(rel);
	int before = unit_checks_failed;

	CHECK_EQ_STR(e->name, rel);
	CHECK((const u8 *)e->data >= a->buf &&
	      (const u8 *)e->data + e->size <= a->buf + a->size);
	CHECK(fx_path(p, sizeof(p), rel));
	CHECK(lstat(p, &st) == 0);
	CHECK_EQ_INT(e->mode, st.st_mode);
	CHECK_EQ_INT(e->uid, st.st_uid);
	CHECK_EQ_INT(e->gid, st.st_gid);
	CHECK_EQ_INT(e->mtime, (u32)st.st_mtime);
	CHECK_EQ_INT(e->nlink, st.st_nlink);
	if (x) {
		CHECK_EQ_INT(e->mode & S_IFMT, x->type);
		CHECK_EQ_INT(e->mode & 07777, x->perm);
		CHECK_EQ_INT(e->size, x->size);
		CHECK(e->size == x->size && memcmp(e->data, x->data, x->size) == 0);
	} else {
		CHECK_EQ_STR(rel, ".");
		CHECK_EQ_INT(e->mode, S_IFDIR | 0755);
		CHECK_EQ_INT(e->size, 0);
	}
	if (unit_checks_failed != before)
		fprintf(stderr, "  (entry \"%s\")\n", rel);
}

static void check_find_all(const struct archive *a)
{
	static const char *const forms[] = { "/%s", "%s", "./%s" };
	struct cpio_entry e;
	char path[256];

	for (size_t i = 0; i < FX_COUNT; i++) {
		for (size_t f = 0; f < ARRAY_SIZE(forms); f++) {
			snprintf(path, sizeof(path), forms[f], fx_entries[i].path);
			memset(&e, 0xa5, sizeof(e));
			int r = cpio_find(a->buf, a->size, path, &e);
			CHECK_EQ_INT(r, 0);
			if (r == 0)
				check_entry(a, &e, fx_entries[i].path);
			else
				fprintf(stderr, "  (path \"%s\")\n", path);
		}
	}
	int r = cpio_find(a->buf, a->size, ".", &e);
	CHECK_EQ_INT(r, 0);
	if (r == 0)
		check_entry(a, &e, ".");
}

/* Walks with cpio_next: every entry once, in the archive's order, then 1. */
static void check_next_all(const struct archive *a)
{
	bool seen[FX_COUNT] = { false };
	bool seen_root = false;
	struct cpio_entry e;
	size_t off = 0, n = 0;
	int r;

	ref_scan(a);
	while ((r = cpio_next(a->buf, a->size, &off, &e)) == 0 && n < REF_MAX) {
		CHECK(n + 1 < ref_count);
		if (n + 1 >= ref_count)
			break;
		CHECK_EQ_STR(e.name, refs[n].name);
		CHECK_EQ_INT(off, refs[n].next);
		const struct fx_entry *x = fx_named(e.name);
		if (x) {
			CHECK(!seen[x - fx_entries]);
			seen[x - fx_entries] = true;
		} else {
			CHECK_EQ_STR(e.name, ".");
			CHECK(!seen_root);
			seen_root = true;
		}
		check_entry(a, &e, e.name);
		n++;
	}
	CHECK_EQ_INT(r, 1);
	if (r == 1) {
		CHECK_EQ_STR(e.name, "TRAILER!!!");
		CHECK_EQ_INT(e.size, 0);
	}
	CHECK_EQ_INT(n, FX_COUNT + 1);
	CHECK_EQ_INT(n + 1, ref_count);
	CHECK_EQ_INT(off, refs[ref_count - 1].next);
	CHECK(off <= a->size);
	CHECK(seen_root);
	for (size_t i = 0; i < FX_COUNT; i++)
		CHECK(seen[i]);
}

/* ---- Malformed archives ---- */

/* A copy of the newc archive's first len bytes, in an exact-size block. */
static u8 *copy_prefix(size_t len)
{
	u8 *b = malloc(len);
	if (!b && len)
		abort();
	memcpy(b, fx.newc.buf, len);
	return b;
}

/*
 * Walks the len-byte archive b: every entry whose header starts before bad
 * must read as in the real archive, and the read at bad must give -EINVAL.
 * cpio_find of a missing path must give -EINVAL too. Frees b.
 */
static void expect_einval_at(u8 *b, size_t len, size_t bad, const char *what)
{
	int before = unit_checks_failed;
	struct cpio_entry e;
	size_t off = 0, n = 0;

	for (;;) {
		size_t at = off;
		int r = cpio_next(b, len, &off, &e);
		if (at == bad) {
			CHECK_EQ_INT(r, -EINVAL);
			break;
		}
		CHECK_EQ_INT(r, 0);
		if (r != 0 || n >= ref_count)
			break;
		CHECK_EQ_STR(e.name, refs[n].name);
		CHECK_EQ_INT(off, refs[n].next);
		n++;
	}
	CHECK_EQ_INT(cpio_find(b, len, "/no/such/file", &e), -EINVAL);
	if (bad > 0)
		CHECK_EQ_INT(cpio_find(b, len, ".", &e), 0);
	if (unit_checks_failed != before)
		fprintf(stderr, "  (case: %s)\n", what);
	free(b);
}

/* Writes an 8-digit hex value into field index of the header at hdr. */
static void put_field(u8 *b, size_t hdr, int index, u32 v)
{
	char s[9];
	snprintf(s, sizeof(s), "%08X", v);
	memcpy(b + hdr + 6 + 8 * index, s, 8);
}

#define F_FILESIZE 6
#define F_NAMESIZE 11

/* The entries that get corrupted: the first, one in the middle, the big
 * file, the last before the trailer, and the trailer itself. */
static const struct ref *victims[5];

static void pick_victims(void)
{
	ref_scan(&fx.newc);
	victims[0] = &refs[0];
	victims[1] = ref_named("f3");
	victims[2] = ref_named("big");
	victims[3] = &refs[ref_count - 2];
	victims[4] = &refs[ref_count - 1];
}

/* ---- Tests ---- */

static void test_fixture_archives(void)
{
	CHECK(fixture());
	if (!fx.ok)
		return;
	CHECK_EQ_INT(memcmp(fx.newc.buf, "070701", 6), 0);
	CHECK_EQ_INT(memcmp(fx.crc.buf, "070702", 6), 0);
	ref_scan(&fx.newc);
	CHECK_EQ_INT(ref_count, FX_COUNT + 2); /* the entries, ".", the trailer */
	CHECK_EQ_INT(ref_named(LONG_NAME)->namesize, 101);
}

static void test_find_newc(void)
{
	if (fixture())
		check_find_all(&fx.newc);
}

static void test_find_crc(void)
{
	if (fixture())
		check_find_all(&fx.crc);
}

static void test_find_missing(void)
{
	static const char *const missing[] = {
		"nope", "/nope", "./nope", "f", "f6", "f55", "F1", "emptyx",
		"a/b/c", "a/b/c.tx", "a/b/c.txtx", "b/c.txt", "a/c.txt",
		"/a/b/c.txt/x", "TRAILER!!!", "/TRAILER!!!", LONG_NAME "x",
	};
	struct cpio_entry e;

	if (!fixture())
		return;
	for (size_t i = 0; i < ARRAY_SIZE(missing); i++) {
		int r = cpio_find(fx.newc.buf, fx.newc.size, missing[i], &e);
		CHECK_EQ_INT(r, -ENOENT);
		if (r != -ENOENT)
			fprintf(stderr, "  (path \"%s\")\n", missing[i]);
		CHECK_EQ_INT(cpio_find(fx.crc.buf, fx.crc.size, missing[i], &e), -ENOENT);
	}
}

static void test_next_newc(void)
{
	if (fixture())
		check_next_all(&fx.newc);
}

static void test_next_crc(void)
{
	if (fixture())
		check_next_all(&fx.crc);
}

static void test_offset_outside(void)
{
	static const size_t extra[] = { 0, 1, 2, 109, 4096 };
	struct cpio_entry e;

	if (!fixture())
		return;
	for (size_t i = 0; i < ARRAY_SIZE(extra); i++) {
		size_t off = fx.newc.size + extra[i];
		CHECK_EQ_INT(cpio_next(fx.newc.buf, fx.newc.size, &off, &e), -EINVAL);
	}
	size_t off = (size_t)-1;
	CHECK_EQ_INT(cpio_next(fx.newc.buf, fx.newc.size, &off, &e), -EINVAL);
	off = fx.newc.size - HDR_SIZE + 1;
	CHECK_EQ_INT(cpio_next(fx.newc.buf, fx.newc.size, &off, &e), -EINVAL);
}

static void test_empty_buffer(void)
{
	struct cpio_entry e;
	size_t off = 0;
	u8 *b = malloc(0);

	CHECK_EQ_INT(cpio_next(b, 0, &off, &e), -EINVAL);
	CHECK_EQ_INT(cpio_find(b, 0, "/init", &e), -EINVAL);
	CHECK_EQ_INT(cpio_find(b, 0, "TRAILER!!!", &e), -EINVAL);
	free(b);
}

static void test_only_trailer(void)
{
	struct cpio_entry e;

	if (!fixture())
		return;
	ref_scan(&fx.newc);
	const struct ref *t = &refs[ref_count - 1];
	size_t len = t->next - t->hdr;
	CHECK_EQ_INT(len, 124);
	u8 *b = malloc(len);
	memcpy(b, fx.newc.buf + t->hdr, len);

	size_t off = 0;
	int r = cpio_next(b, len, &off, &e);
	CHECK_EQ_INT(r, 1);
	if (r == 1) {
		CHECK_EQ_STR(e.name, "TRAILER!!!");
		CHECK_EQ_INT(e.size, 0);
		CHECK_EQ_INT(off, len);
	}
	CHECK_EQ_INT(cpio_find(b, len, "/init", &e), -ENOENT);
	CHECK_EQ_INT(cpio_find(b, len, "TRAILER!!!", &e), -ENOENT);
	free(b);
}

/* Data that ends exactly at the end of the buffer is still readable. */
static void test_data_ends_at_buffer_end(void)
{
	struct cpio_entry e;

	if (!fixture())
		return;
	ref_scan(&fx.newc);
	const char *names[] = { "f1", "f3", "big", LONG_NAME };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const struct ref *r = ref_named(names[i]);
		size_t len = r->data_off + r->filesize;
		u8 *b = copy_prefix(len);
		int rc = cpio_find(b, len, names[i], &e);
		CHECK_EQ_INT(rc, 0);
		if (rc == 0) {
			CHECK_EQ_INT(e.size, r->filesize);
			CHECK((const u8 *)e.data + e.size == b + len);
		}
		expect_einval_at(b, len, r->next, names[i]);
	}
}

static void test_bad_magic(void)
{
	static const char *const magics[] = {
		"070700", "070703", "070707", "170701", "070601", "07070l",
		"\0\0\0\0\0\0", "      ",
	};
	char what[64];

	if (!fixture())
		return;
	pick_victims();
	for (size_t v = 0; v < ARRAY_SIZE(victims); v++) {
		for (size_t m = 0; m < ARRAY_SIZE(magics); m++) {
			u8 *b = copy_prefix(fx.newc.size);
			memcpy(b + victims[v]->hdr, magics[m], 6);
			snprintf(what, sizeof(what), "magic #%zu in \"%s\"", m, victims[v]->name);
			expect_einval_at(b, fx.newc.size, victims[v]->hdr, what);
		}
	}
}

static void test_bad_hex_digit(void)
{
	static const char bad[] = { 'g', 'G', 'z', ' ', '\0', '-', '+', '.', '\xff' };
	static const int positions[] = { 0, 3, 7 };
	char what[96];

	if (!fixture())
		return;
	pick_victims();
	for (size_t v = 0; v < ARRAY_SIZE(victims); v++)
		for (int f = 0; f < 13; f++)
			for (size_t p = 0; p < ARRAY_SIZE(positions); p++)
				for (size_t c = 0; c < ARRAY_SIZE(bad); c++) {
					u8 *b = copy_prefix(fx.newc.size);
					b[victims[v]->hdr + 6 + 8 * f + positions[p]] = (u8)bad[c];
					snprintf(what, sizeof(what),
						 "byte 0x%02x at field %d digit %d of \"%s\"",
						 (u8)bad[c], f, positions[p], victims[v]->name);
					expect_einval_at(b, fx.newc.size, victims[v]->hdr, what);
				}
}

/*
 * A field is exactly eight hex digits (cpio(5)); "0x" is not a hex digit,
 * and GNU cpio rejects such a field as a "Malformed number". The value is
 * otherwise unchanged, so a reader accepting the prefix would go on.
 */
static void test_hex_prefix_rejected(void)
{
	static const int fields[] = { F_FILESIZE, F_NAMESIZE };
	char what[96], s[9];

	if (!fixture())
		return;
	pick_victims();
	for (size_t v = 1; v < 3; v++) /* f3 and big */
		for (size_t f = 0; f < ARRAY_SIZE(fields); f++) {
			u8 *b = copy_prefix(fx.newc.size);
			u8 *field = b + victims[v]->hdr + 6 + 8 * fields[f];
			snprintf(s, sizeof(s), "0x%06X", hex8(field));
			memcpy(field, s, 8);
			snprintf(what, sizeof(what), "field %d of \"%s\" written as \"%s\"",
				 fields[f], victims[v]->name, s);
			expect_einval_at(b, fx.newc.size, victims[v]->hdr, what);
		}
}

static void test_namesize_zero(void)
{
	if (!fixture())
		return;
	pick_victims();
	for (size_t v = 0; v < ARRAY_SIZE(victims); v++) {
		u8 *b = copy_prefix(fx.newc.size);
		put_field(b, victims[v]->hdr, F_NAMESIZE, 0);
		expect_einval_at(b, fx.newc.size, victims[v]->hdr, victims[v]->name);
	}
}

static void test_namesize_past_end(void)
{
	char what[96];

	if (!fixture())
		return;
	pick_victims();
	for (size_t v = 0; v < ARRAY_SIZE(victims); v++) {
		const struct ref *r = victims[v];
		/* In the whole archive, and in one cut right after the name. */
		const size_t lens[] = { fx.newc.size, r->name_off + r->namesize };
		for (size_t l = 0; l < ARRAY_SIZE(lens); l++) {
			const u32 sizes[] = { (u32)(lens[l] - r->name_off + 1),
					      (u32)(lens[l] - r->name_off + 4096),
					      0x7FFFFFFF, 0xFFFFFFFF };
			for (size_t s = 0; s < ARRAY_SIZE(sizes); s++) {
				u8 *b = copy_prefix(lens[l]);
				put_field(b, r->hdr, F_NAMESIZE, sizes[s]);
				snprintf(what, sizeof(what), "namesize %#x in \"%s\", %zu bytes",
					 sizes[s], r->name, lens[l]);
				expect_einval_at(b, lens[l], r->hdr, what);
			}
		}
	}
}

static void test_name_not_terminated(void)
{
	char what[96];

	if (!fixture())
		return;
	pick_victims();
	for (size_t v = 0; v < ARRAY_SIZE(victims); v++) {
		const struct ref *r = victims[v];
		/* The NUL overwritten. */
		u8 *b = copy_prefix(fx.newc.size);
		b[r->name_off + r->namesize - 1] = 'X';
		snprintf(what, sizeof(what), "NUL of \"%s\" overwritten", r->name);
		expect_einval_at(b, fx.newc.size, r->hdr, what);
		/* namesize one short, so the NUL is not counted. */
		b = copy_prefix(fx.newc.size);
		put_field(b, r->hdr, F_NAMESIZE, (u32)r->namesize - 1);
		snprintf(what, sizeof(what), "namesize of \"%s\" one short", r->name);
		expect_einval_at(b, fx.newc.size, r->hdr, what);
		/* The buffer ends just before the NUL. */
		size_t len = r->name_off + r->namesize - 1;
		b = copy_prefix(len);
		snprintf(what, sizeof(what), "cut before the NUL of \"%s\"", r->name);
		expect_einval_at(b, len, r->hdr, what);
	}
}

static void test_filesize_past_end(void)
{
	char what[96];

	if (!fixture())
		return;
	pick_victims();
	for (size_t v = 0; v < ARRAY_SIZE(victims); v++) {
		const struct ref *r = victims[v];
		const size_t lens[] = { fx.newc.size, r->data_off + r->filesize };
		for (size_t l = 0; l < ARRAY_SIZE(lens); l++) {
			const u32 sizes[] = { (u32)(lens[l] - r->data_off + 1),
					      (u32)(lens[l] - r->data_off + 4),
					      0x80000000, 0xFFFFFFFF };
			for (size_t s = 0; s < ARRAY_SIZE(sizes); s++) {
				u8 *b = copy_prefix(lens[l]);
				put_field(b, r->hdr, F_FILESIZE, sizes[s]);
				snprintf(what, sizeof(what), "filesize %#x in \"%s\", %zu bytes",
					 sizes[s], r->name, lens[l]);
				expect_einval_at(b, lens[l], r->hdr, what);
			}
		}
	}
	/* Cut inside the data. */
	const struct ref *r = ref_named("big");
	const size_t cuts[] = { r->data_off + 1, r->data_off + BIG_SIZE / 2,
				r->data_off + BIG_SIZE - 1 };
	for (size_t c = 0; c < ARRAY_SIZE(cuts); c++)
		expect_einval_at(copy_prefix(cuts[c]), cuts[c], r->hdr, "cut in big's data");
}

static void test_truncated(void)
{
	static const size_t in_header[] = { 1, 5, 6, 7, 50, 100, 109 };
	char what[96];

	if (!fixture())
		return;
	pick_victims();
	for (size_t v = 0; v < ARRAY_SIZE(victims); v++) {
		const struct ref *r = victims[v];
		for (size_t i = 0; i < ARRAY_SIZE(in_header); i++) {
			size_t len = r->hdr + in_header[i];
			snprintf(what, sizeof(what), "cut %zu bytes into the header of \"%s\"",
				 in_header[i], r->name);
			expect_einval_at(copy_prefix(len), len, r->hdr, what);
		}
		/* Right after the header, and inside the name. */
		size_t len = r->hdr + HDR_SIZE;
		snprintf(what, sizeof(what), "cut after the header of \"%s\"", r->name);
		expect_einval_at(copy_prefix(len), len, r->hdr, what);
		len = r->name_off + 1;
		snprintf(what, sizeof(what), "cut in the name of \"%s\"", r->name);
		expect_einval_at(copy_prefix(len), len, r->hdr, what);
		/* Right after the name's NUL, before its padding. */
		len = r->name_off + r->namesize;
		if (len != r->data_off) {
			snprintf(what, sizeof(what), "cut before the name padding of \"%s\"",
				 r->name);
			expect_einval_at(copy_prefix(len), len, r->hdr, what);
		}
	}
	/* Cut right at an entry boundary: the next header is missing. */
	size_t len = refs[ref_count - 1].hdr; /* no trailer */
	expect_einval_at(copy_prefix(len), len, len, "no trailer");
	len = ref_named("f3")->hdr;
	expect_einval_at(copy_prefix(len), len, len, "cut before f3");
	/* Cut inside the padding after f1's data: the next entry is missing. */
	const struct ref *f1 = ref_named("f1");
	len = f1->data_off + 2;
	expect_einval_at(copy_prefix(len), len, f1->next, "cut in f1's padding");
}

/* Removes the temporary tree (also done at exit if a test aborts early). */
static void test_cleanup(void)
{
	struct stat st;
	char dir[sizeof(fx.dir)];

	memcpy(dir, fx.dir, sizeof(dir));
	fx_cleanup();
	if (dir[0])
		CHECK(lstat(dir, &st) != 0);
}

UNIT_TESTS(TEST_ENTRY(test_fixture_archives), TEST_ENTRY(test_find_newc),
	   TEST_ENTRY(test_find_crc), TEST_ENTRY(test_find_missing),
	   TEST_ENTRY(test_next_newc), TEST_ENTRY(test_next_crc),
	   TEST_ENTRY(test_offset_outside), TEST_ENTRY(test_empty_buffer),
	   TEST_ENTRY(test_only_trailer),
	   TEST_ENTRY(test_data_ends_at_buffer_end),
	   TEST_ENTRY(test_bad_magic), TEST_ENTRY(test_bad_hex_digit),
	   TEST_ENTRY(test_hex_prefix_rejected),
	   TEST_ENTRY(test_namesize_zero), TEST_ENTRY(test_namesize_past_end),
	   TEST_ENTRY(test_name_not_terminated),
	   TEST_ENTRY(test_filesize_past_end), TEST_ENTRY(test_truncated),
	   TEST_ENTRY(test_cleanup))
