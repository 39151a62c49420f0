/*
 * test_vfs.c - self-tests of the file system on the running kernel: the
 * tree the boot made (root, /dev, /tmp, the initramfs), path resolution
 * and its errors, symlinks and their loops, the name operations with
 * Linux's error numbers, page-backed files with holes up to the size
 * limit, unpacking cpio archives, and the file operations on a user page.
 * Each test works below /tmp/kt, removes it, and checks that inodes, open
 * files, heap blocks and free pages are back to where they started.
 */
#include "test/ktest.h"
#include "test/counts.h"
#include "fs/vfs.h"
#include "fs/file.h"
#include "fs/namei.h"
#include "fs/regfile.h"
#include "fs/initramfs.h"
#include "dev/devices.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "mm/vm.h"
#include "uapi/fcntl.h"
#include "lib/format.h"
#include "lib/string.h"
#include "errno.h"

#define KT_DIR "/tmp/kt"
#define TEST_USER_PAGE 0x0000000000400000ULL

/* ---- helpers --------------------------------------------------------- */

/* The error of a lookup (0 on success, the inode dropped). */
static int lookup_err(struct inode *base, const char *path, unsigned flags)
{
	struct inode *ino;
	int err = vfs_lookup(base, path, flags, &ino);
	if (!err)
		inode_put(ino);
	return err;
}

/* True if path resolves to exactly want. */
static bool resolves_to(struct inode *base, const char *path, unsigned flags, struct inode *want)
{
	struct inode *ino;
	if (vfs_lookup(base, path, flags, &ino))
		return false;
	inode_put(ino);
	return ino == want;
}

/* A referenced inode, or NULL. */
static struct inode *get(const char *path, unsigned flags)
{
	struct inode *ino;
	return vfs_lookup(vfs_root, path, flags, &ino) ? NULL : ino;
}

static void put(struct inode *ino)
{
	if (ino)
		inode_put(ino);
}

/* Creates (or truncates) a regular file holding text. */
static int make_file(const char *path, const char *text)
{
	struct inode *ino;
	int err = vfs_open_path(vfs_root, path, O_CREAT | O_WRONLY | O_TRUNC, 0644, &ino);
	if (err)
		return err;
	long n = inode_write(ino, text, strlen(text), 0);
	inode_put(ino);
	return n == (long)strlen(text) ? 0 : -EIO;
}

static bool file_is(const char *path, const char *text)
{
	char buf[64];
	struct inode *ino = get(path, LOOKUP_FOLLOW);
	if (!ino)
		return false;
	long n = inode_read(ino, buf, sizeof(buf) - 1, 0);
	inode_put(ino);
	if (n < 0)
		return false;
	buf[n] = 0;
	return strcmp(buf, text) == 0;
}

/* Removes path and everything below it (symlinks are not followed). */
static void rm_rf(const char *path)
{
	struct inode *ino = get(path, 0);
	if (!ino)
		return;
	if (S_ISDIR(ino->mode)) {
		char child[256];
		while (ino->dir.entries) {
			ksnprintf(child, sizeof(child), "%s/%s", path, ino->dir.entries->name);
			rm_rf(child);
		}
		inode_put(ino);
		vfs_rmdir(vfs_root, path);
	} else {
		inode_put(ino);
		vfs_unlink(vfs_root, path);
	}
}

static struct inode *setup(void)
{
	rm_rf(KT_DIR);
	KT_CHECK_EQ(vfs_mkdir(vfs_root, KT_DIR, 0755), 0);
	return get(KT_DIR, 0);
}

static void teardown(struct inode *kt)
{
	put(kt);
	rm_rf(KT_DIR);
	KT_CHECK_EQ(lookup_err(vfs_root, KT_DIR, 0), -ENOENT);
}

/* ---- the boot tree --------------------------------------------------- */

KTEST(vfs_boot_tree)
{
	struct kt_counts c;
	kt_counts_take(&c);
	char buf[64];

	KT_CHECK(vfs_root && vfs_root->mode == (S_IFDIR | 0755));
	KT_CHECK(vfs_root->dir.parent == vfs_root);
	KT_CHECK(vfs_root->nlink >= 2);
	KT_CHECK(resolves_to(NULL, "/", 0, vfs_root));
	KT_CHECK(resolves_to(NULL, "//", 0, vfs_root));
	KT_CHECK(resolves_to(NULL, "/.", 0, vfs_root));
	KT_CHECK(resolves_to(NULL, "/..", 0, vfs_root));
	KT_CHECK(resolves_to(NULL, "/../../.", 0, vfs_root));
	KT_CHECK_EQ(lookup_err(NULL, "", 0), -ENOENT);
	KT_CHECK_EQ(vfs_path_of(vfs_root, buf, sizeof(buf)), 1);
	KT_CHECK(strcmp(buf, "/") == 0);

	static const struct { const char *path; u32 rdev, mode; } devs[] = {
		{ "/dev/null", MKDEV(1, 3), 0666 },	{ "/dev/zero", MKDEV(1, 5), 0666 },
		{ "/dev/random", MKDEV(1, 8), 0666 },	{ "/dev/urandom", MKDEV(1, 9), 0666 },
		{ "/dev/tty", MKDEV(5, 0), 0666 },	{ "/dev/console", MKDEV(5, 1), 0600 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(devs); i++) {
		struct inode *d = get(devs[i].path, 0);
		KT_CHECK(d != NULL);
		if (!d)
			continue;
		KT_CHECK_EQ(d->mode, S_IFCHR | devs[i].mode);
		KT_CHECK_EQ(d->rdev, devs[i].rdev);
		KT_CHECK(d->fops != NULL);
		inode_put(d);
	}
	struct inode *tmp = get("/tmp", 0);
	KT_CHECK(tmp && tmp->mode == (S_IFDIR | 01777));
	put(tmp);
	/* The programs came from the initramfs. */
	struct inode *init = get("/bin/init", LOOKUP_FOLLOW);
	KT_CHECK(init && S_ISREG(init->mode) && (init->mode & 0111) && init->size > 64);
	if (init) {
		u8 magic[4];
		KT_CHECK_EQ(inode_read(init, magic, 4, 0), 4);
		KT_CHECK(memcmp(magic, "\177ELF", 4) == 0);
	}
	put(init);
	kt_counts_check(&c);
}

/* ---- path resolution ------------------------------------------------- */

KTEST(vfs_path_resolution)
{
	struct kt_counts c;
	kt_counts_take(&c);
	struct inode *kt = setup();
	char name[NAME_MAX + 2], buf[128];

	KT_CHECK_EQ(vfs_mkdir(vfs_root, KT_DIR "/d", 0755), 0);
	KT_CHECK_EQ(make_file(KT_DIR "/d/f", "data"), 0);
	KT_CHECK_EQ(make_file(KT_DIR "/f", "top"), 0);
	struct inode *d = get(KT_DIR "/d", 0), *f = get(KT_DIR "/d/f", 0);
	KT_CHECK(d && f);

	/* Absolute, relative, repeated slashes, ".", "..". */
	KT_CHECK(resolves_to(NULL, KT_DIR "/d/f", 0, f));
	KT_CHECK(resolves_to(NULL, "//tmp///kt//d/./f", 0, f));
	KT_CHECK(resolves_to(NULL, KT_DIR "/d/../d/f", 0, f));
	KT_CHECK(resolves_to(kt, "d/f", 0, f));
	KT_CHECK(resolves_to(kt, "./d/f", 0, f));
	KT_CHECK(resolves_to(kt, "../kt/d/f", 0, f));
	KT_CHECK(resolves_to(d, "..", 0, kt));
	KT_CHECK(resolves_to(d, "f", 0, f));
	KT_CHECK(resolves_to(kt, "d/", 0, d));
	KT_CHECK(resolves_to(kt, "d//", LOOKUP_DIRECTORY, d));

	/* A non-directory in the middle or before a slash: -ENOTDIR. */
	KT_CHECK_EQ(lookup_err(kt, "f/", 0), -ENOTDIR);
	KT_CHECK_EQ(lookup_err(kt, "f/x", 0), -ENOTDIR);
	KT_CHECK_EQ(lookup_err(kt, "f/.", 0), -ENOTDIR);
	KT_CHECK_EQ(lookup_err(kt, "f/..", 0), -ENOTDIR);
	KT_CHECK_EQ(lookup_err(kt, "f", LOOKUP_DIRECTORY), -ENOTDIR);
	KT_CHECK_EQ(lookup_err(kt, "missing", 0), -ENOENT);
	KT_CHECK_EQ(lookup_err(kt, "missing/x", 0), -ENOENT);
	KT_CHECK_EQ(lookup_err(kt, "missing/", 0), -ENOENT);
	KT_CHECK_EQ(lookup_err(kt, "", 0), -ENOENT);

	/* NAME_MAX per component, PATH_MAX for the whole. */
	memset(name, 'n', NAME_MAX);
	name[NAME_MAX] = 0;
	KT_CHECK_EQ(lookup_err(kt, name, 0), -ENOENT);
	KT_CHECK_EQ(make_file(KT_DIR "/d/../f", "again"), 0);
	name[NAME_MAX] = 'n';
	name[NAME_MAX + 1] = 0;
	KT_CHECK_EQ(lookup_err(kt, name, 0), -ENAMETOOLONG);
	KT_CHECK_EQ(vfs_mkdir(kt, name, 0755), -ENAMETOOLONG);
	char *longpath = kmalloc(PATH_MAX + 1);
	memset(longpath, '/', PATH_MAX - 1);
	longpath[PATH_MAX - 1] = 0;
	KT_CHECK(resolves_to(kt, longpath, 0, vfs_root)); /* 4095 bytes: fine */
	longpath[PATH_MAX - 1] = '/';
	longpath[PATH_MAX] = 0;
	KT_CHECK_EQ(lookup_err(kt, longpath, 0), -ENAMETOOLONG);
	kfree(longpath);

	/* The parent and last component. */
	struct inode *p;
	const char *last;
	size_t len;
	KT_CHECK_EQ(vfs_lookup_parent(NULL, KT_DIR "/d/f", &p, &last, &len), 0);
	KT_CHECK(p == d && len == 1 && last[0] == 'f');
	inode_put(p);
	KT_CHECK_EQ(vfs_lookup_parent(NULL, KT_DIR "/d//", &p, &last, &len), 0);
	KT_CHECK(p == kt && len == 1 && last[0] == 'd');
	inode_put(p);
	KT_CHECK_EQ(vfs_lookup_parent(kt, "new", &p, &last, &len), 0);
	KT_CHECK(p == kt && len == 3);
	inode_put(p);
	KT_CHECK_EQ(vfs_lookup_parent(NULL, "///", &p, &last, &len), 0);
	KT_CHECK(p == vfs_root && len == 0);
	inode_put(p);
	KT_CHECK_EQ(vfs_lookup_parent(kt, "", &p, &last, &len), -ENOENT);
	KT_CHECK_EQ(vfs_lookup_parent(kt, "f/x", &p, &last, &len), -ENOTDIR);
	KT_CHECK_EQ(vfs_lookup_parent(kt, "nope/x", &p, &last, &len), -ENOENT);

	KT_CHECK_EQ(vfs_path_of(d, buf, sizeof(buf)), (long)strlen(KT_DIR "/d"));
	KT_CHECK(strcmp(buf, KT_DIR "/d") == 0);
	KT_CHECK_EQ(vfs_path_of(d, buf, 5), -ENAMETOOLONG);
	KT_CHECK_EQ(vfs_path_of(f, buf, sizeof(buf)), -ENOTDIR);

	put(d);
	put(f);
	teardown(kt);
	kt_counts_check(&c);
}

/* ---- symlinks -------------------------------------------------------- */

KTEST(vfs_symlinks_and_loops)
{
	struct kt_counts c;
	kt_counts_take(&c);
	struct inode *kt = setup();
	char path[32], target[32];

	KT_CHECK_EQ(vfs_mkdir(kt, "d", 0755), 0);
	KT_CHECK_EQ(make_file(KT_DIR "/d/f", "in d"), 0);
	KT_CHECK_EQ(make_file(KT_DIR "/f", "top"), 0);
	KT_CHECK_EQ(vfs_symlink(KT_DIR "/d", kt, "abs"), 0);
	KT_CHECK_EQ(vfs_symlink("d", kt, "rel"), 0);
	KT_CHECK_EQ(vfs_symlink("../kt/d/f", kt, "up"), 0);
	KT_CHECK_EQ(vfs_symlink("nowhere", kt, "dangle"), 0);
	KT_CHECK_EQ(vfs_symlink("f", kt, "tofile"), 0);
	KT_CHECK_EQ(vfs_symlink("b", kt, "a"), 0);
	KT_CHECK_EQ(vfs_symlink("a", kt, "b"), 0);
	KT_CHECK_EQ(vfs_symlink("self/x", kt, "self"), 0);
	struct inode *d = get(KT_DIR "/d", 0), *df = get(KT_DIR "/d/f", 0);
	struct inode *abs = get(KT_DIR "/abs", 0);
	KT_CHECK(abs && S_ISLNK(abs->mode) && abs->size == strlen(KT_DIR "/d"));
	KT_CHECK(abs && abs->mode == (S_IFLNK | 0777));

	/* Followed in the middle always, at the end with LOOKUP_FOLLOW or a
	 * trailing slash. */
	KT_CHECK(resolves_to(kt, "abs/f", 0, df));
	KT_CHECK(resolves_to(kt, "rel/f", 0, df));
	KT_CHECK(resolves_to(kt, "abs", LOOKUP_FOLLOW, d));
	KT_CHECK(resolves_to(kt, "abs", 0, abs));
	KT_CHECK(resolves_to(kt, "abs/", 0, d));
	KT_CHECK(resolves_to(kt, "rel/..", 0, kt));
	KT_CHECK(resolves_to(kt, "up", LOOKUP_FOLLOW, df));
	KT_CHECK(resolves_to(d, "../up", LOOKUP_FOLLOW, df));
	KT_CHECK_EQ(lookup_err(kt, "dangle", LOOKUP_FOLLOW), -ENOENT);
	KT_CHECK_EQ(lookup_err(kt, "dangle", 0), 0);
	KT_CHECK_EQ(lookup_err(kt, "tofile/", 0), -ENOTDIR);
	KT_CHECK_EQ(lookup_err(kt, "tofile/x", 0), -ENOTDIR);
	KT_CHECK_EQ(lookup_err(kt, "abs", LOOKUP_DIRECTORY), -ENOTDIR); /* not followed */

	/* Loops. */
	KT_CHECK_EQ(lookup_err(kt, "a", LOOKUP_FOLLOW), -ELOOP);
	KT_CHECK_EQ(lookup_err(kt, "a", 0), 0);
	KT_CHECK_EQ(lookup_err(kt, "a/x", 0), -ELOOP);
	KT_CHECK_EQ(lookup_err(kt, "self", LOOKUP_FOLLOW), -ELOOP);
	KT_CHECK_EQ(lookup_err(kt, "abs/../a/", 0), -ELOOP);

	/* A chain: following 40 links works, 41 is -ELOOP. */
	for (int i = 0; i <= SYMLINK_MAX_DEPTH; i++) {
		ksnprintf(path, sizeof(path), "c%d", i);
		if (i < SYMLINK_MAX_DEPTH)
			ksnprintf(target, sizeof(target), "c%d", i + 1);
		else
			ksnprintf(target, sizeof(target), "d/f");
		KT_CHECK_EQ(vfs_symlink(target, kt, path), 0);
	}
	KT_CHECK(resolves_to(kt, "c1", LOOKUP_FOLLOW, df));
	KT_CHECK_EQ(lookup_err(kt, "c0", LOOKUP_FOLLOW), -ELOOP);
	KT_CHECK_EQ(lookup_err(kt, "c0", 0), 0);

	/* Creating symlinks. */
	KT_CHECK_EQ(vfs_symlink("", kt, "empty"), -ENOENT);
	KT_CHECK_EQ(vfs_symlink("x", kt, "abs"), -EEXIST);
	KT_CHECK_EQ(vfs_symlink("x", kt, "dangle"), -EEXIST);
	KT_CHECK_EQ(vfs_symlink("x", kt, "new/"), -ENOENT);
	KT_CHECK_EQ(vfs_symlink("x", kt, "."), -EEXIST);
	KT_CHECK_EQ(vfs_symlink("x", kt, "missing/new"), -ENOENT);

	/* open(2) and symlinks. */
	struct inode *ino;
	KT_CHECK_EQ(vfs_open_path(kt, "tofile", O_RDONLY | O_NOFOLLOW, 0, &ino), -ELOOP);
	KT_CHECK_EQ(vfs_open_path(kt, "tofile", O_PATH | O_NOFOLLOW, 0, &ino), 0);
	KT_CHECK(S_ISLNK(ino->mode));
	inode_put(ino);
	KT_CHECK_EQ(vfs_open_path(kt, "dangle", O_CREAT | O_EXCL | O_WRONLY, 0600, &ino), -EEXIST);
	KT_CHECK_EQ(vfs_open_path(kt, "dangle", O_CREAT | O_NOFOLLOW | O_WRONLY, 0600, &ino),
		    -ELOOP);
	KT_CHECK_EQ(vfs_open_path(kt, "dangle", O_CREAT | O_WRONLY, 0600, &ino), 0);
	KT_CHECK(ino->mode == (S_IFREG | 0600) && resolves_to(kt, "nowhere", 0, ino));
	inode_put(ino);
	KT_CHECK_EQ(vfs_open_path(kt, "a", O_CREAT | O_WRONLY, 0600, &ino), -ELOOP);
	KT_CHECK_EQ(vfs_open_path(kt, "abs", O_RDONLY | O_DIRECTORY, 0, &ino), 0);
	KT_CHECK(ino == d);
	inode_put(ino);

	put(abs);
	put(d);
	put(df);
	teardown(kt);
	kt_counts_check(&c);
}

/* ---- names: open, mkdir, rmdir, unlink, rename ------------------------ */

KTEST(vfs_open_flags)
{
	struct kt_counts c;
	kt_counts_take(&c);
	struct inode *kt = setup();
	struct inode *ino;

	KT_CHECK_EQ(vfs_open_path(kt, "f", O_CREAT | O_WRONLY, 0640, &ino), 0);
	KT_CHECK(ino->mode == (S_IFREG | 0640) && ino->nlink == 1 && ino->size == 0);
	KT_CHECK_EQ(inode_write(ino, "12345", 5, 0), 5);
	inode_put(ino);
	KT_CHECK_EQ(vfs_open_path(kt, "f", O_CREAT | O_EXCL | O_WRONLY, 0640, &ino), -EEXIST);
	KT_CHECK_EQ(vfs_open_path(kt, "f", O_RDONLY, 0, &ino), 0);
	KT_CHECK_EQ(ino->size, 5);
	inode_put(ino);
	KT_CHECK_EQ(vfs_open_path(kt, "f", O_WRONLY | O_TRUNC, 0, &ino), 0);
	KT_CHECK_EQ(ino->size, 0);
	inode_put(ino);
	KT_CHECK_EQ(vfs_open_path(kt, "missing", O_RDONLY, 0, &ino), -ENOENT);
	KT_CHECK_EQ(vfs_open_path(kt, "f", O_RDONLY | O_DIRECTORY, 0, &ino), -ENOTDIR);
	KT_CHECK_EQ(vfs_open_path(kt, "f/", O_RDONLY, 0, &ino), -ENOTDIR);
	KT_CHECK_EQ(vfs_open_path(kt, "f/", O_CREAT | O_WRONLY, 0600, &ino), -EISDIR);
	KT_CHECK_EQ(vfs_open_path(kt, "g/", O_CREAT | O_WRONLY, 0600, &ino), -EISDIR);
	KT_CHECK_EQ(vfs_open_path(kt, "g", O_CREAT | O_DIRECTORY, 0600, &ino), -EINVAL);
	KT_CHECK_EQ(lookup_err(kt, "g", 0), -ENOENT);

	/* Directories: read-only, never created by open. */
	KT_CHECK_EQ(vfs_open_path(kt, ".", O_RDONLY, 0, &ino), 0);
	KT_CHECK(ino == kt);
	inode_put(ino);
	KT_CHECK_EQ(vfs_open_path(kt, ".", O_WRONLY, 0, &ino), -EISDIR);
	KT_CHECK_EQ(vfs_open_path(kt, ".", O_RDWR, 0, &ino), -EISDIR);
	KT_CHECK_EQ(vfs_open_path(kt, ".", O_RDONLY | O_TRUNC, 0, &ino), -EISDIR);
	KT_CHECK_EQ(vfs_open_path(kt, ".", O_CREAT | O_RDONLY, 0600, &ino), -EISDIR);
	KT_CHECK_EQ(vfs_open_path(kt, ".", O_CREAT | O_EXCL | O_RDONLY, 0600, &ino), -EEXIST);
	KT_CHECK_EQ(vfs_open_path(NULL, "/", O_CREAT | O_WRONLY, 0600, &ino), -EISDIR);
	KT_CHECK_EQ(vfs_open_path(kt, ".", O_PATH | O_WRONLY | O_CREAT, 0, &ino), 0);
	inode_put(ino);

	/* The open file of a directory: writing is refused there too. */
	struct file *file;
	KT_CHECK_EQ(vfs_open_file(kt, O_WRONLY, &file), -EISDIR);
	KT_CHECK_EQ(vfs_open_file(kt, O_RDONLY, &file), 0);
	KT_CHECK(file->ops == &dir_fops && file->inode == kt);
	file_put(file);

	teardown(kt);
	kt_counts_check(&c);
}

KTEST(vfs_mkdir_rmdir_unlink)
{
	struct kt_counts c;
	kt_counts_take(&c);
	struct inode *kt = setup();
	u32 kt_links = kt->nlink;

	KT_CHECK_EQ(kt_links, 2);
	KT_CHECK_EQ(vfs_mkdir(kt, "d/", 0750), 0);
	KT_CHECK_EQ(kt->nlink, 3);
	struct inode *d = get(KT_DIR "/d", 0);
	KT_CHECK(d && d->mode == (S_IFDIR | 0750) && d->nlink == 2 && d->dir.parent == kt);
	KT_CHECK_EQ(vfs_mkdir(kt, "d", 0755), -EEXIST);
	KT_CHECK_EQ(vfs_mkdir(NULL, "/", 0755), -EEXIST);
	KT_CHECK_EQ(vfs_mkdir(kt, ".", 0755), -EEXIST);
	KT_CHECK_EQ(vfs_mkdir(kt, "..", 0755), -EEXIST);
	KT_CHECK_EQ(vfs_mkdir(kt, "x/y", 0755), -ENOENT);
	KT_CHECK_EQ(vfs_mkdir(kt, "d/e", 0755), 0);
	KT_CHECK_EQ(d->nlink, 3);
	KT_CHECK_EQ(make_file(KT_DIR "/d/f", "x"), 0);
	KT_CHECK_EQ(d->nlink, 3); /* files add no ".." */
	KT_CHECK_EQ(make_file(KT_DIR "/d/f/x", "x"), -ENOTDIR);

	/* rmdir's errors, as Linux's do_rmdir(). */
	KT_CHECK_EQ(vfs_rmdir(kt, "d"), -ENOTEMPTY);
	KT_CHECK_EQ(vfs_rmdir(kt, "d/f"), -ENOTDIR);
	KT_CHECK_EQ(vfs_rmdir(kt, "d/."), -EINVAL);
	KT_CHECK_EQ(vfs_rmdir(kt, "."), -EINVAL);
	KT_CHECK_EQ(vfs_rmdir(kt, "d/.."), -ENOTEMPTY);
	KT_CHECK_EQ(vfs_rmdir(NULL, "/"), -EBUSY);
	KT_CHECK_EQ(vfs_rmdir(kt, "nope"), -ENOENT);
	/* unlink's. */
	KT_CHECK_EQ(vfs_unlink(kt, "d"), -EISDIR);
	KT_CHECK_EQ(vfs_unlink(kt, "d/f/"), -ENOTDIR);
	KT_CHECK_EQ(vfs_unlink(kt, "d/nope"), -ENOENT);
	KT_CHECK_EQ(vfs_unlink(kt, "d/nope/"), -ENOENT);
	KT_CHECK_EQ(vfs_unlink(NULL, "/"), -EISDIR);
	KT_CHECK_EQ(vfs_unlink(kt, ".."), -EISDIR);

	KT_CHECK_EQ(vfs_unlink(kt, "d/f"), 0);
	KT_CHECK_EQ(vfs_rmdir(kt, "d/e/"), 0);
	KT_CHECK_EQ(d->nlink, 2);

	/* A removed directory that is still held (a current directory):
	 * ".." still works, nothing new can appear in it, it lists as gone. */
	KT_CHECK_EQ(vfs_rmdir(kt, "d"), 0);
	KT_CHECK_EQ(kt->nlink, 2);
	KT_CHECK_EQ(d->nlink, 0);
	KT_CHECK(resolves_to(d, "..", 0, kt));
	KT_CHECK_EQ(make_file(KT_DIR "/d/new", "x"), -ENOENT);
	KT_CHECK_EQ(vfs_mkdir(d, "new", 0755), -ENOENT);
	struct inode *ino;
	KT_CHECK_EQ(vfs_open_path(d, "new", O_CREAT | O_WRONLY, 0644, &ino), -ENOENT);
	KT_CHECK_EQ(vfs_symlink("x", d, "new"), -ENOENT);
	char buf[64];
	KT_CHECK_EQ(vfs_path_of(d, buf, sizeof(buf)), -ENOENT);
	put(d);

	/* Raw directory entries. */
	struct inode *leaf = inode_new(S_IFREG | 0644);
	inode_get(leaf);
	KT_CHECK_EQ(dir_link(kt, "a/b", 3, leaf), -EINVAL);
	KT_CHECK_EQ(dir_link(kt, "..", 2, leaf), -EEXIST);
	KT_CHECK_EQ(dir_link(kt, "", 0, leaf), -EINVAL);
	KT_CHECK_EQ(dir_link(kt, "leaf", 4, leaf), 0);
	KT_CHECK_EQ(dir_link(kt, "leaf", 4, leaf), -EEXIST);
	KT_CHECK_EQ(dir_link(kt, "leaf2", 5, leaf), 0); /* a hard link */
	KT_CHECK_EQ(leaf->nlink, 2);
	KT_CHECK_EQ(dir_link(leaf, "x", 1, kt), -ENOTDIR);
	KT_CHECK_EQ(dir_link(vfs_root, "kt2", 3, kt), -EPERM); /* directories: one name */
	KT_CHECK(!dir_is_empty(kt));
	KT_CHECK_EQ(dir_unlink(kt, "leaf", 4), 0);
	KT_CHECK_EQ(dir_unlink(kt, "leaf", 4), -ENOENT);
	KT_CHECK_EQ(dir_unlink(kt, "leaf2", 5), 0);
	KT_CHECK_EQ(leaf->nlink, 0);
	inode_put(leaf); /* the last reference: freed */
	KT_CHECK(dir_is_empty(kt));

	teardown(kt);
	kt_counts_check(&c);
}

KTEST(vfs_rename)
{
	struct kt_counts c;
	kt_counts_take(&c);
	struct inode *kt = setup();
	char buf[64];

	KT_CHECK_EQ(vfs_mkdir(kt, "a", 0755), 0);
	KT_CHECK_EQ(vfs_mkdir(kt, "a/b", 0755), 0);
	KT_CHECK_EQ(vfs_mkdir(kt, "e", 0755), 0);
	KT_CHECK_EQ(vfs_mkdir(kt, "full", 0755), 0);
	KT_CHECK_EQ(make_file(KT_DIR "/full/x", "x"), 0);
	KT_CHECK_EQ(make_file(KT_DIR "/f", "f"), 0);
	KT_CHECK_EQ(make_file(KT_DIR "/g", "g"), 0);
	struct inode *a = get(KT_DIR "/a", 0), *b = get(KT_DIR "/a/b", 0);
	u64 inodes = inode_count();

	/* Files: rename, replace, the same file. */
	KT_CHECK_EQ(vfs_rename(kt, "f", kt, "f"), 0);
	KT_CHECK_EQ(vfs_rename(kt, "f", kt, "f2"), 0);
	KT_CHECK(file_is(KT_DIR "/f2", "f"));
	KT_CHECK_EQ(lookup_err(kt, "f", 0), -ENOENT);
	KT_CHECK_EQ(vfs_rename(kt, "f2", kt, "g"), 0); /* g's inode goes */
	KT_CHECK(file_is(KT_DIR "/g", "f"));
	KT_CHECK_EQ(inode_count(), inodes - 1);
	KT_CHECK_EQ(vfs_rename(kt, "g", kt, "a/b/g"), 0);
	KT_CHECK(file_is(KT_DIR "/a/b/g", "f"));
	KT_CHECK_EQ(vfs_rename(kt, "a/b/g", kt, "g"), 0);

	/* Errors, in Linux's order. */
	KT_CHECK_EQ(vfs_rename(kt, "nope", kt, "x"), -ENOENT);
	KT_CHECK_EQ(vfs_rename(kt, "g", kt, "nope/x"), -ENOENT);
	KT_CHECK_EQ(vfs_rename(kt, "g", kt, "e"), -EISDIR);
	KT_CHECK_EQ(vfs_rename(kt, "e", kt, "g"), -ENOTDIR);
	KT_CHECK_EQ(vfs_rename(kt, "e", kt, "full"), -ENOTEMPTY);
	KT_CHECK_EQ(vfs_rename(kt, "a", kt, "a/b/c"), -EINVAL);
	KT_CHECK_EQ(vfs_rename(kt, "a", kt, "a/c"), -EINVAL);
	KT_CHECK_EQ(vfs_rename(kt, "a/b", kt, "a"), -ENOTEMPTY);
	KT_CHECK_EQ(vfs_rename(kt, "g/", kt, "h"), -ENOTDIR);
	KT_CHECK_EQ(vfs_rename(kt, "g", kt, "h/"), -ENOTDIR);
	KT_CHECK_EQ(vfs_rename(kt, ".", kt, "h"), -EBUSY);
	KT_CHECK_EQ(vfs_rename(kt, "g", kt, ".."), -EBUSY);
	KT_CHECK_EQ(vfs_rename(NULL, "/", kt, "h"), -EBUSY);
	KT_CHECK(file_is(KT_DIR "/g", "f"));

	/* Directories: moved between parents, links and ".." follow. */
	KT_CHECK_EQ(kt->nlink, 5); /* a, e, full */
	KT_CHECK_EQ(a->nlink, 3);
	KT_CHECK_EQ(vfs_rename(kt, "a/b", kt, "e/"), 0); /* onto an empty directory */
	KT_CHECK_EQ(a->nlink, 2);
	KT_CHECK_EQ(kt->nlink, 5); /* e went, b came */
	KT_CHECK(b->dir.parent == kt && b->nlink == 2);
	KT_CHECK(resolves_to(kt, "e", 0, b));
	KT_CHECK(resolves_to(b, "..", 0, kt));
	KT_CHECK_EQ(vfs_path_of(b, buf, sizeof(buf)), (long)strlen(KT_DIR "/e"));
	KT_CHECK(strcmp(buf, KT_DIR "/e") == 0);
	KT_CHECK_EQ(vfs_rename(kt, "e", kt, "a/moved"), 0);
	KT_CHECK(b->dir.parent == a && a->nlink == 3 && kt->nlink == 4);
	KT_CHECK_EQ(vfs_path_of(b, buf, sizeof(buf)), (long)strlen(KT_DIR "/a/moved"));
	KT_CHECK_EQ(vfs_rename(kt, "a/moved/", kt, "a/moved2/"), 0);
	KT_CHECK(resolves_to(kt, "a/moved2", 0, b));
	/* A directory with subdirectories keeps their links when moved. */
	KT_CHECK_EQ(vfs_mkdir(kt, "a/moved2/sub", 0755), 0);
	KT_CHECK_EQ(b->nlink, 3);
	KT_CHECK_EQ(vfs_rename(kt, "a/moved2", kt, "b"), 0);
	KT_CHECK(b->nlink == 3 && a->nlink == 2 && kt->nlink == 5);
	KT_CHECK_EQ(vfs_rename(kt, "b", kt, "b2"), 0);
	KT_CHECK_EQ(b->nlink, 3);
	KT_CHECK_EQ(vfs_rmdir(kt, "b2"), -ENOTEMPTY);
	KT_CHECK_EQ(vfs_rmdir(kt, "b2/sub"), 0);
	KT_CHECK_EQ(b->nlink, 2);
	KT_CHECK_EQ(vfs_rmdir(kt, "b2"), 0);
	KT_CHECK(b->nlink == 0 && kt->nlink == 4);

	put(a);
	put(b);
	teardown(kt);
	kt_counts_check(&c);
}

/* ---- file data -------------------------------------------------------- */

KTEST(vfs_large_file_holes)
{
	struct kt_counts c;
	kt_counts_take(&c);
	struct inode *kt = setup();
	struct inode *ino;
	static u8 buf[3 * PAGE_SIZE];
	const u64 far = MiB(5) + 100;

	KT_CHECK_EQ(vfs_open_path(kt, "big", O_CREAT | O_RDWR, 0644, &ino), 0);
	KT_CHECK_EQ(inode_write(ino, "head", 4, 0), 4);
	for (unsigned i = 0; i < 2 * PAGE_SIZE; i++)
		buf[i] = (u8)(i * 7 + 1);
	KT_CHECK_EQ(inode_write(ino, buf, 2 * PAGE_SIZE, far), 2 * PAGE_SIZE);
	KT_CHECK_EQ(ino->size, far + 2 * PAGE_SIZE);
	KT_CHECK_EQ(inode_pages(ino), 1 + 3); /* the hole holds no pages */

	/* Holes read as zeros; the data reads back; the end gives 0. */
	memset(buf, 0xAA, sizeof(buf));
	KT_CHECK_EQ(inode_read(ino, buf, sizeof(buf), PAGE_SIZE - 2), sizeof(buf));
	bool zeros = true;
	for (unsigned i = 0; i < sizeof(buf); i++)
		zeros &= buf[i] == 0;
	KT_CHECK(zeros);
	KT_CHECK_EQ(inode_read(ino, buf, 8, 0), 8);
	KT_CHECK(memcmp(buf, "head\0\0\0\0", 8) == 0);
	KT_CHECK_EQ(inode_read(ino, buf, sizeof(buf), far - 1), 2 * PAGE_SIZE + 1);
	bool same = buf[0] == 0;
	for (unsigned i = 0; i < 2 * PAGE_SIZE; i++)
		same &= buf[i + 1] == (u8)(i * 7 + 1);
	KT_CHECK(same);
	KT_CHECK_EQ(inode_read(ino, buf, 10, ino->size), 0);
	KT_CHECK_EQ(inode_read(ino, buf, 10, ino->size + MiB(1)), 0);

	/* The size limit: a write is cut at it, then refused. */
	KT_CHECK_EQ(inode_write(ino, "0123456789", 10, VFS_FILE_MAX - 4), 4);
	KT_CHECK_EQ(ino->size, VFS_FILE_MAX);
	KT_CHECK_EQ(inode_write(ino, "x", 1, VFS_FILE_MAX), -EFBIG);
	KT_CHECK_EQ(inode_read(ino, buf, 10, VFS_FILE_MAX - 4), 4);
	KT_CHECK(memcmp(buf, "0123", 4) == 0);
	KT_CHECK_EQ(inode_pages(ino), 5);
	KT_CHECK_EQ(inode_truncate(ino, VFS_FILE_MAX + 1), -EFBIG);

	/* Shrinking frees pages and zeroes the tail of the last one; growing
	 * again shows zeros there. */
	KT_CHECK_EQ(inode_truncate(ino, far + 10), 0);
	KT_CHECK_EQ(ino->size, far + 10);
	KT_CHECK_EQ(inode_pages(ino), 2);
	KT_CHECK_EQ(inode_truncate(ino, far + PAGE_SIZE), 0);
	KT_CHECK_EQ(inode_read(ino, buf, 20, far), 20);
	same = true;
	for (unsigned i = 0; i < 10; i++)
		same &= buf[i] == (u8)(i * 7 + 1) && buf[10 + i] == 0;
	KT_CHECK(same);
	KT_CHECK_EQ(inode_truncate(ino, 0), 0);
	KT_CHECK_EQ(inode_pages(ino), 0);
	KT_CHECK_EQ(inode_read(ino, buf, 10, 0), 0);

	/* Not regular files. */
	KT_CHECK_EQ(inode_read(kt, buf, 10, 0), -EISDIR);
	KT_CHECK_EQ(inode_write(kt, buf, 10, 0), -EISDIR);
	KT_CHECK_EQ(inode_truncate(kt, 0), -EISDIR);

	/* An unlinked file keeps its data while it is open. */
	KT_CHECK_EQ(inode_write(ino, "still here", 10, 0), 10);
	struct file *f;
	KT_CHECK_EQ(vfs_open_file(ino, O_RDONLY, &f), 0);
	inode_put(ino);
	u64 inodes = inode_count();
	KT_CHECK_EQ(vfs_unlink(kt, "big"), 0);
	KT_CHECK_EQ(inode_count(), inodes);
	KT_CHECK_EQ(f->inode->nlink, 0);
	KT_CHECK_EQ(inode_read(f->inode, buf, 20, 0), 10);
	KT_CHECK(memcmp(buf, "still here", 10) == 0);
	file_put(f);
	KT_CHECK_EQ(inode_count(), inodes - 1);

	teardown(kt);
	kt_counts_check(&c);
}

/* File operations through a user page mapped into the kernel's tables
 * (as test_syscall.c does): regular files, O_APPEND, /dev nodes. */
KTEST(vfs_file_ops_user_copy)
{
	struct vm_space *k = vm_kernel_space();
	u64 pa = pmm_alloc_page();
	KT_CHECK(pa != 0);
	KT_CHECK_EQ(vm_map(k, TEST_USER_PAGE, pa, PAGE_SIZE, VM_USER | VM_WRITE), 0);
	u8 *page = phys_to_virt(pa);
	char *user = (char *)TEST_USER_PAGE;
	struct kt_counts c;
	kt_counts_take(&c); /* after the mapping: its page tables stay */
	struct inode *kt = setup(), *ino;
	struct file *f;
	u64 pos = 0;

	KT_CHECK_EQ(vfs_open_path(kt, "f", O_CREAT | O_RDWR, 0644, &ino), 0);
	KT_CHECK_EQ(vfs_open_file(ino, O_RDWR, &f), 0);
	memcpy(page, "abcdef", 6);
	KT_CHECK_EQ(f->ops->write(f, user, 6, &pos), 6);
	KT_CHECK_EQ(pos, 6);
	pos = 2;
	memset(page, 0, 16);
	KT_CHECK_EQ(f->ops->read(f, user, 100, &pos), 4);
	KT_CHECK(memcmp(page, "cdef", 4) == 0 && pos == 6);
	/* A buffer running off the mapped page: a short count, then -EFAULT. */
	pos = 0;
	KT_CHECK_EQ(f->ops->read(f, user + PAGE_SIZE - 2, 6, &pos), 2);
	KT_CHECK_EQ(f->ops->read(f, user + PAGE_SIZE, 6, &pos), -EFAULT);
	KT_CHECK_EQ(f->ops->write(f, user + PAGE_SIZE, 6, &pos), -EFAULT);
	KT_CHECK_EQ(ino->size, 6);
	file_put(f);
	KT_CHECK_EQ(vfs_open_file(ino, O_WRONLY | O_APPEND, &f), 0);
	pos = 0;
	KT_CHECK_EQ(f->ops->write(f, user, 3, &pos), 3);
	KT_CHECK_EQ(pos, 9);
	KT_CHECK_EQ(ino->size, 9);
	file_put(f);
	inode_put(ino);

	/* The memory devices. */
	struct inode *null = get("/dev/null", 0), *zero = get("/dev/zero", 0);
	struct inode *urandom = get("/dev/urandom", 0);
	KT_CHECK_EQ(vfs_open_file(null, O_RDWR, &f), 0);
	KT_CHECK_EQ(f->ops->read(f, user, 10, &pos), 0);
	KT_CHECK_EQ(f->ops->write(f, user, 10, &pos), 10);
	file_put(f);
	memset(page, 0xFF, 64);
	KT_CHECK_EQ(vfs_open_file(zero, O_RDONLY, &f), 0);
	KT_CHECK_EQ(f->ops->read(f, user, 64, &pos), 64);
	KT_CHECK(page[0] == 0 && page[63] == 0);
	file_put(f);
	memset(page, 0, 512);
	KT_CHECK_EQ(vfs_open_file(urandom, O_RDONLY, &f), 0);
	KT_CHECK_EQ(f->ops->read(f, user, 512, &pos), 512);
	unsigned nonzero = 0;
	for (int i = 0; i < 512; i++)
		nonzero += page[i] != 0;
	KT_CHECK(nonzero > 400);
	file_put(f);
	put(null);
	put(zero);
	put(urandom);

	teardown(kt);
	kt_counts_check(&c);
	KT_CHECK_EQ(vm_unmap(k, TEST_USER_PAGE, PAGE_SIZE), 0);
	pmm_free_page(pa);
}

/* ---- the initramfs ---------------------------------------------------- */

/* Appends one newc entry to an archive being built. */
static size_t cpio_put(char *ar, size_t off, const char *name, u32 mode, const char *data,
		       u32 mtime)
{
	u32 size = data ? (u32)strlen(data) : 0;
	u32 namesize = (u32)strlen(name) + 1;
	off += (size_t)ksnprintf(ar + off, 111,
				 "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x", 1u,
				 mode, 0u, 0u, 1u, mtime, size, 0u, 0u, 0u, 0u, namesize, 0u);
	memcpy(ar + off, name, namesize);
	off = ALIGN_UP(off + namesize, 4);
	if (size)
		memcpy(ar + off, data, size);
	return ALIGN_UP(off + size, 4);
}

KTEST(vfs_initramfs_unpack)
{
	struct kt_counts c;
	kt_counts_take(&c);
	struct inode *kt = setup();
	char *ar = kzalloc(4096);
	size_t n = 0;

	n = cpio_put(ar, n, ".", S_IFDIR | 0700, NULL, 5);
	n = cpio_put(ar, n, "./a", S_IFDIR | 0750, NULL, 1000);
	n = cpio_put(ar, n, "./a/f", S_IFREG | 0640, "hello", 1234);
	n = cpio_put(ar, n, "./a/l", S_IFLNK | 0777, "f", 1);
	n = cpio_put(ar, n, "./a/fifo", S_IFIFO | 0644, NULL, 1);
	n = cpio_put(ar, n, "TRAILER!!!", 0, NULL, 0);
	KT_CHECK_EQ(initramfs_unpack(kt, ar, n), 3);
	KT_CHECK_EQ(kt->mode, S_IFDIR | 0755); /* "." leaves the root alone */
	struct inode *a = get(KT_DIR "/a", 0);
	KT_CHECK(a && a->mode == (S_IFDIR | 0750) && a->mtime.tv_sec == 1000);
	struct inode *f = get(KT_DIR "/a/f", 0);
	KT_CHECK(f && f->mode == (S_IFREG | 0640) && f->mtime.tv_sec == 1234 && f->size == 5);
	put(f);
	KT_CHECK(file_is(KT_DIR "/a/l", "hello"));
	KT_CHECK_EQ(lookup_err(kt, "a/fifo", 0), -ENOENT);

	/* A second archive replaces files and links, keeps directories. */
	n = 0;
	n = cpio_put(ar, n, "a", S_IFDIR | 0755, NULL, 2000);
	n = cpio_put(ar, n, "a/f", S_IFREG | 0600, "bye", 1);
	n = cpio_put(ar, n, "/a/l", S_IFREG | 0644, "now a file", 1);
	n = cpio_put(ar, n, "a/new", S_IFDIR | 0700, NULL, 1);
	n = cpio_put(ar, n, "TRAILER!!!", 0, NULL, 0);
	KT_CHECK_EQ(initramfs_unpack(kt, ar, n), 4);
	KT_CHECK(a && a->mode == (S_IFDIR | 0755) && a->mtime.tv_sec == 2000);
	KT_CHECK(file_is(KT_DIR "/a/f", "bye"));
	struct inode *l = get(KT_DIR "/a/l", 0);
	KT_CHECK(l && S_ISREG(l->mode));
	put(l);
	KT_CHECK(file_is(KT_DIR "/a/l", "now a file"));
	KT_CHECK_EQ(a ? a->nlink : 0, 3);

	/* A damaged archive: what came before the damage stays. */
	n = 0;
	n = cpio_put(ar, n, "a/ok", S_IFREG | 0644, "ok", 1);
	memcpy(ar + n, "0707XX", 6);
	KT_CHECK_EQ(initramfs_unpack(kt, ar, n + 110), -EINVAL);
	KT_CHECK(file_is(KT_DIR "/a/ok", "ok"));

	put(a);
	kfree(ar);
	teardown(kt);
	kt_counts_check(&c);
}
