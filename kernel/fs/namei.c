/*
 * namei.c - from names to inodes: path resolution (vfs_lookup and
 * vfs_lookup_parent, vfs.h) and the operations on names (namei.h), with
 * the checks Linux makes, in Linux's order, so that each failure gives
 * Linux's error number (fs/namei.c in Linux is the reference read).
 * /proc's inode operations (vfs.h) join in here: a directory's lookup for
 * a name it makes on demand, a magic link's follow to an inode, and the
 * read-only rule of /proc's directories; a RAM inode has none of them.
 * Where a path's file was found (struct vfs_where) is recorded for open
 * and execve, so /proc can tell its path later.
 *
 * Invariants: a walk holds a reference on the directory it stands in, so
 * an unlink elsewhere cannot free it; at most SYMLINK_MAX_DEPTH symbolic
 * links (magic ones included) are followed per resolution, counted across
 * every nesting level (Linux's MAXSYMLINKS), so a loop ends with -ELOOP.
 */
#include "fs/namei.h"
#include "fs/procfs.h"
#include "fs/file.h"
#include "fs/regfile.h"
#include "proc/task.h"
#include "mm/heap.h"
#include "mm/uaccess.h"
#include "uapi/fcntl.h"
#include "lib/string.h"
#include "errno.h"

/* open(2)'s O_TMPFILE without its O_DIRECTORY part
 * (include/uapi/asm-generic/fcntl.h, __O_TMPFILE). */
#define O_TMPFILE_ONLY 020000000
/* Linux's value (include/uapi/asm-generic/errno.h) until uapi/errno.h
 * lists it. */

/* What the last component of a path is (Linux's LAST_* types). */
enum last_type { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };

struct last {
	struct inode *dir; /* the parent, referenced */
	const char *name;  /* points into the path, not NUL-terminated */
	size_t len;
	enum last_type type;
	bool trailing_slash; /* "name/": a directory is wanted */
};

struct inode *current_cwd(void)
{
	struct task *t = current_task();
	return t && t->cwd ? t->cwd : vfs_root;
}

static bool is_dot(const char *s, size_t n) { return n == 1 && s[0] == '.'; }
static bool is_dotdot(const char *s, size_t n) { return n == 2 && s[0] == '.' && s[1] == '.'; }

/* One step down (or up) from directory dir; a referenced inode. A name
 * the RAM directory lacks is asked of its lookup operation, if any (a
 * /proc directory that makes its entries). */
static int step(struct inode *dir, const char *name, size_t len, struct inode **next)
{
	struct inode *ino;
	if (is_dot(name, len)) {
		ino = dir;
	} else if (is_dotdot(name, len)) {
		ino = dir->dir.parent;
		if (!ino)
			return -ENOENT; /* a directory never linked anywhere */
	} else {
		if (dir->iops && dir->iops->populate)
			dir->iops->populate(dir);
		int err = dir_lookup(dir, name, len, &ino);
		if (err == -ENOENT && dir->iops && dir->iops->lookup)
			return dir->iops->lookup(dir, name, len, next);
		if (err)
			return err;
		if (S_ISLNK(ino->mode))
			procfs_refresh_link(ino); /* /proc/self names the caller */
	}
	*next = inode_get(ino);
	return 0;
}

static bool is_magic(const struct inode *ino) { return ino->iops && ino->iops->follow; }
static bool readonly(const struct inode *dir) { return dir->iops && dir->iops->readonly; }

/* w now says: name (len bytes) in dir. */
static void where_set(struct vfs_where *w, struct inode *dir, const char *name, size_t len)
{
	if (w->dir)
		inode_put(w->dir);
	w->dir = inode_get(dir);
	memcpy(w->name, name, len);
	w->name[len] = 0;
}

/* w now says what a magic link's follow told (from). */
static void where_take(struct vfs_where *w, struct vfs_where *from)
{
	if (w->dir)
		inode_put(w->dir);
	w->dir = from->dir;
	w->name[0] = 0;
	if (from->dir && from->name)
		strlcpy(w->name, from->name, NAME_MAX + 1);
	kfree(from->name);
	from->dir = NULL;
	from->name = NULL;
}

/* A magic link (/proc/PID/fd/N, exe, cwd): the inode it leads to, and
 * where that was found when w asks. */
static int follow_magic(struct inode *link, struct inode **out, struct vfs_where *w)
{
	struct vfs_where got = { NULL, NULL };
	int err = link->iops->follow(link, out, w ? &got : NULL);
	if (!err && w)
		where_take(w, &got);
	return err;
}

/* A string being resolved: the caller's path, or a symlink's target
 * (the link inode is held so that its target stays). */
struct walk_frame {
	struct inode *link; /* NULL for the caller's path */
	const char *path;
	u32 len, pos;
};

/*
 * Resolves path[0, len) from base. An empty string is base itself (the
 * callers reject empty paths where Linux does). A symlink met on the way
 * pushes its target on a small stack (no recursion: the kernel stack
 * stays flat however deep the links nest); a finished target pops back
 * to the string that named the link. A string ending in '/' asks for a
 * directory, and its last symlink is followed, as LOOKUP_FOLLOW does; a
 * target's last symlink is always followed.
 */
static int walk(struct inode *base, const char *path, size_t len, unsigned flags, int *links,
		struct inode **out, struct vfs_where *w)
{
	struct walk_frame stack[SYMLINK_MAX_DEPTH + 1];
	struct walk_frame *f = &stack[0];
	struct inode *cur = inode_get(len && path[0] == '/' ? vfs_root : base);
	int depth = 0, err = 0;

	*f = (struct walk_frame){ NULL, path, (u32)len, 0 };
	for (;;) {
		while (f->pos < f->len && f->path[f->pos] == '/')
			f->pos++;
		if (f->pos == f->len) { /* this string is resolved */
			if (f->len && f->path[f->len - 1] == '/' && !S_ISDIR(cur->mode)) {
				err = -ENOTDIR;
				break;
			}
			if (depth == 0)
				break;
			inode_put(f->link);
			f = &stack[--depth];
			continue;
		}
		const char *name = f->path + f->pos;
		while (f->pos < f->len && f->path[f->pos] != '/')
			f->pos++;
		size_t n = (size_t)(f->path + f->pos - name);
		u32 rest = f->pos;
		while (rest < f->len && f->path[rest] == '/')
			rest++;
		bool last = rest == f->len, slash = f->pos < f->len;

		if (!S_ISDIR(cur->mode)) {
			err = -ENOTDIR;
			break;
		}
		if (n > NAME_MAX) {
			err = -ENAMETOOLONG;
			break;
		}
		struct inode *next;
		err = step(cur, name, n, &next);
		if (err)
			break;
		if (S_ISLNK(next->mode) &&
		    (!last || slash || depth > 0 || (flags & LOOKUP_FOLLOW))) {
			if (is_magic(next)) { /* straight to its inode */
				struct inode *to;
				err = ++*links > SYMLINK_MAX_DEPTH ? -ELOOP
								   : follow_magic(next, &to, w);
				inode_put(next);
				if (err)
					break;
				inode_put(cur);
				cur = to;
				continue;
			}
			const char *t = next->link.target;
			if (++*links > SYMLINK_MAX_DEPTH || !t || !*t) {
				err = t && *t ? -ELOOP : -ENOENT;
				inode_put(next);
				break;
			}
			f = &stack[++depth];
			*f = (struct walk_frame){ next, t, (u32)strlen(t), 0 };
			if (t[0] == '/') { /* else on from the link's directory */
				inode_put(cur);
				cur = inode_get(vfs_root);
			}
			continue;
		}
		/* Where the file is: only a string's last name can be the
		 * result's (the others are directories or links followed). */
		if (w && last && !is_dot(name, n) && !is_dotdot(name, n))
			where_set(w, cur, name, n);
		inode_put(cur);
		cur = next;
	}
	for (; depth > 0; depth--)
		inode_put(stack[depth].link);
	if (!err && (flags & LOOKUP_DIRECTORY) && !S_ISDIR(cur->mode))
		err = -ENOTDIR;
	if (err) {
		inode_put(cur);
		return err;
	}
	*out = cur;
	return 0;
}

static int check_length(const char *path, size_t *len)
{
	*len = strnlen(path, PATH_MAX);
	if (*len == 0)
		return -ENOENT;
	return *len >= PATH_MAX ? -ENAMETOOLONG : 0;
}

int vfs_lookup(struct inode *base, const char *path, unsigned flags, struct inode **out)
{
	size_t len;
	int links = 0;
	int err = check_length(path, &len);
	return err ? err : walk(base ? base : vfs_root, path, len, flags, &links, out, NULL);
}

int vfs_lookup_where(struct inode *base, const char *path, unsigned flags, struct inode **out,
		     struct vfs_where *w)
{
	size_t len;
	int links = 0;
	int err = check_length(path, &len);
	*w = (struct vfs_where){ NULL, kmalloc(NAME_MAX + 1) };
	if (!err && !w->name)
		err = -ENOMEM;
	if (!err)
		err = walk(base ? base : vfs_root, path, len, flags, &links, out, w);
	if (err || S_ISDIR((*out)->mode))
		where_put(w); /* a directory's path comes from its parents */
	return err;
}

/* The parent of the last component, resolved with every symlink on the
 * way followed; the last component itself is not looked up. */
static int walk_parent(struct inode *base, const char *path, int *links, struct last *l)
{
	size_t len, end, start;
	int err = check_length(path, &len);
	if (err)
		return err;
	for (end = len; end && path[end - 1] == '/'; end--)
		;
	if (end == 0) { /* slashes only: the root itself */
		*l = (struct last){ inode_get(vfs_root), path + len, 0, LAST_ROOT, false };
		return 0;
	}
	for (start = end; start && path[start - 1] != '/'; start--)
		;
	err = walk(base ? base : vfs_root, path, start, LOOKUP_DIRECTORY, links, &l->dir, NULL);
	if (err)
		return err;
	l->name = path + start;
	l->len = end - start;
	l->trailing_slash = end < len;
	l->type = is_dot(l->name, l->len) ? LAST_DOT
		: is_dotdot(l->name, l->len) ? LAST_DOTDOT
		: LAST_NORM;
	if (l->type == LAST_NORM && l->len > NAME_MAX) {
		inode_put(l->dir);
		return -ENAMETOOLONG;
	}
	return 0;
}

int vfs_lookup_parent(struct inode *base, const char *path, struct inode **parent,
		      const char **name, size_t *len)
{
	struct last l;
	int links = 0;
	int err = walk_parent(base, path, &links, &l);
	if (err)
		return err;
	*parent = l.dir;
	*name = l.name;
	*len = l.len; /* 0 for the root ("/", "//") */
	return 0;
}

/* A new inode named name in dir: mode says the type; a symlink gets its
 * target (copied). Referenced in *out when out is not NULL. */
static int create(struct inode *dir, const char *name, size_t len, u32 mode, const char *target,
		  struct inode **out)
{
	struct inode *ino = inode_new(mode);
	if (!ino)
		return -ENOMEM;
	inode_get(ino);
	if (S_ISLNK(mode)) {
		size_t n = strlen(target);
		ino->link.target = kmalloc(n + 1);
		if (!ino->link.target) {
			inode_put(ino);
			return -ENOMEM;
		}
		memcpy(ino->link.target, target, n + 1);
		ino->size = n;
	} else if (S_ISDIR(mode)) {
		ino->size = 2 * VFS_DIRENT_SIZE; /* "." and ".." */
		if (dir->mode & S_ISGID) { /* a set-group-ID directory is inherited */
			ino->mode |= S_ISGID;
			ino->gid = dir->gid;
		}
	}
	int err = dir_link(dir, name, len, ino);
	if (err || !out)
		inode_put(ino); /* frees it when the link failed */
	else
		*out = ino;
	return err;
}

/* ---- open(2) -------------------------------------------------------- */

/* Lookup-or-create; a symlink in the last place is followed (creating at
 * its target if that is missing, as Linux does): a loop, not recursion.
 * w (may be NULL) learns where the file was found or made. */
static int open_lookup(struct inode *base, const char *path, u32 flags, u32 mode,
		       struct inode **out, struct vfs_where *w)
{
	int links = 0;
	if (!(flags & O_CREAT)) {
		size_t len;
		int err = check_length(path, &len);
		if (err)
			return err;
		unsigned lf = (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
		if (flags & O_DIRECTORY)
			lf |= LOOKUP_DIRECTORY;
		return walk(base, path, len, lf, &links, out, w);
	}

	struct inode *dir = inode_get(base), *link = NULL, *ino = NULL;
	struct last l;
	int err;
	for (;;) {
		err = walk_parent(dir, path, &links, &l);
		if (err)
			break;
		if (l.type != LAST_NORM) { /* "/", ".", "..": directories that exist */
			err = (flags & O_EXCL) ? -EEXIST : -EISDIR;
		} else if (l.trailing_slash) {
			err = -EISDIR;
		} else if ((err = step(l.dir, l.name, l.len, &ino)) != 0) {
			if (err != -ENOENT)
				;
			else if (readonly(l.dir))
				; /* /proc: a name it does not make does not exist */
			else if ((err = create(l.dir, l.name, l.len, S_IFREG | (mode & 07777), NULL,
					       out)) == 0 && w)
				where_set(w, l.dir, l.name, l.len);
		} else if (flags & O_EXCL) {
			err = -EEXIST;
		} else if (S_ISLNK(ino->mode) && !(flags & O_NOFOLLOW) && is_magic(ino)) {
			err = ++links > SYMLINK_MAX_DEPTH ? -ELOOP : follow_magic(ino, out, w);
			if (!err && S_ISDIR((*out)->mode)) {
				inode_put(*out);
				err = -EISDIR;
			}
		} else if (S_ISLNK(ino->mode)) {
			const char *t = ino->link.target;
			if ((flags & O_NOFOLLOW) || ++links > SYMLINK_MAX_DEPTH) {
				err = -ELOOP;
			} else if (!t || !*t) {
				err = -ENOENT;
			} else { /* on with the target, from the link's directory */
				if (link)
					inode_put(link);
				link = ino; /* its reference holds the target */
				ino = NULL;
				path = t;
				inode_put(dir);
				dir = l.dir;
				continue;
			}
		} else if (S_ISDIR(ino->mode)) {
			err = -EISDIR;
		} else {
			*out = ino;
			ino = NULL;
			if (w)
				where_set(w, l.dir, l.name, l.len);
		}
		if (ino)
			inode_put(ino);
		inode_put(l.dir);
		break;
	}
	inode_put(dir);
	if (link)
		inode_put(link);
	return err;
}

int vfs_open_path(struct inode *base, const char *path, u32 flags, u32 mode, struct inode **out)
{
	return vfs_open_path_where(base, path, flags, mode, out, NULL);
}

int vfs_open_path_where(struct inode *base, const char *path, u32 flags, u32 mode,
			struct inode **out, struct vfs_where *w)
{
	struct inode *ino;

	if (flags & O_PATH) /* O_PATH beats every other flag */
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	if (flags & O_TMPFILE_ONLY)
		return -EOPNOTSUPP;
	if ((flags & (O_CREAT | O_DIRECTORY)) == (O_CREAT | O_DIRECTORY))
		return -EINVAL; /* Linux 6.4 and later */
	int err = open_lookup(base ? base : vfs_root, path, flags, mode, &ino, w);
	if (err)
		return err;
	if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode))
		err = -ENOTDIR;
	else if (flags & O_PATH)
		err = 0;
	else if (S_ISLNK(ino->mode))
		err = -ELOOP; /* O_NOFOLLOW met a symlink */
	else if (S_ISDIR(ino->mode) && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)))
		err = -EISDIR;
	else if (S_ISREG(ino->mode) && !ino->fops && ino->writecount < 0 &&
		 ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)))
		err = -ETXTBSY; /* a program some process runs */
	else if ((flags & O_TRUNC) && S_ISREG(ino->mode) && ino->size && !ino->fops)
		err = inode_truncate(ino, 0);
	if (err) {
		inode_put(ino);
		return err;
	}
	*out = ino;
	return 0;
}

/* ---- directories and names ------------------------------------------ */

/* True when dir has the entry name, in RAM or made by its lookup. */
static bool has_entry(struct inode *dir, const char *name, size_t len)
{
	struct inode *ino;
	if (step(dir, name, len, &ino))
		return false;
	inode_put(ino);
	return true;
}

/* A name in a read-only directory (/proc) that a call would make or
 * remove: Linux's lookup there fails with -ENOENT for a name it does not
 * know, so nothing can be made; an existing one is exists_err (-EEXIST
 * for mkdir, -EPERM for unlink, rmdir and rename: no such operation). */
static int readonly_name(struct inode *dir, const char *name, size_t len, int exists_err)
{
	return has_entry(dir, name, len) ? exists_err : -ENOENT;
}

int vfs_mkdir(struct inode *base, const char *path, u32 mode)
{
	struct last l;
	struct inode *ino;
	int links = 0;
	int err = walk_parent(base, path, &links, &l);
	if (err)
		return err;
	if (l.type != LAST_NORM || dir_lookup(l.dir, l.name, l.len, &ino) == 0)
		err = -EEXIST;
	else if (readonly(l.dir))
		err = readonly_name(l.dir, l.name, l.len, -EEXIST);
	else
		err = create(l.dir, l.name, l.len, S_IFDIR | (mode & 07777), NULL, NULL);
	inode_put(l.dir);
	return err;
}

int vfs_rmdir(struct inode *base, const char *path)
{
	static const int special[] = { [LAST_ROOT] = -EBUSY, [LAST_DOT] = -EINVAL,
				       [LAST_DOTDOT] = -ENOTEMPTY };
	struct last l;
	struct inode *ino;
	int links = 0;
	int err = walk_parent(base, path, &links, &l);
	if (err)
		return err;
	if (l.type != LAST_NORM)
		err = special[l.type];
	else if (readonly(l.dir))
		err = readonly_name(l.dir, l.name, l.len, -EPERM);
	else if ((err = dir_lookup(l.dir, l.name, l.len, &ino)) != 0)
		;
	else if (!S_ISDIR(ino->mode))
		err = -ENOTDIR;
	else if (!dir_is_empty(ino))
		err = -ENOTEMPTY;
	else
		err = dir_unlink(l.dir, l.name, l.len);
	inode_put(l.dir);
	return err;
}

int vfs_unlink(struct inode *base, const char *path)
{
	struct last l;
	struct inode *ino;
	int links = 0;
	int err = walk_parent(base, path, &links, &l);
	if (err)
		return err;
	if (l.type != LAST_NORM)
		err = -EISDIR;
	else if (readonly(l.dir))
		err = readonly_name(l.dir, l.name, l.len, -EPERM);
	else if ((err = dir_lookup(l.dir, l.name, l.len, &ino)) != 0)
		;
	else if (S_ISDIR(ino->mode))
		err = -EISDIR;
	else if (l.trailing_slash)
		err = -ENOTDIR;
	else
		err = dir_unlink(l.dir, l.name, l.len);
	inode_put(l.dir);
	return err;
}

int vfs_symlink(const char *target, struct inode *base, const char *path)
{
	struct last l;
	struct inode *ino;
	size_t tlen;
	int links = 0;
	int err = check_length(target, &tlen);
	if (err)
		return err;
	err = walk_parent(base, path, &links, &l);
	if (err)
		return err;
	if (l.type != LAST_NORM || dir_lookup(l.dir, l.name, l.len, &ino) == 0)
		err = -EEXIST;
	else if (l.trailing_slash)
		err = -ENOENT; /* "name/" asks for a directory that is not there */
	else if (readonly(l.dir))
		err = readonly_name(l.dir, l.name, l.len, -EEXIST);
	else
		err = create(l.dir, l.name, l.len, S_IFLNK | 0777, target, NULL);
	inode_put(l.dir);
	return err;
}

/* True when directory a is d or one of d's ancestors. */
static bool is_ancestor(struct inode *a, struct inode *d)
{
	for (;;) {
		if (d == a)
			return true;
		if (!d->dir.parent || d->dir.parent == d)
			return false;
		d = d->dir.parent;
	}
}

/* rename(2) on two resolved parents, in the order of Linux's
 * do_renameat2() and vfs_rename(). */
static int rename_checked(struct last *o, struct last *n)
{
	struct inode *src, *victim = NULL;

	if (readonly(o->dir) != readonly(n->dir))
		return -EXDEV; /* /proc is a file system of its own on Linux */
	if (o->type != LAST_NORM || n->type != LAST_NORM)
		return -EBUSY;
	if (readonly(o->dir)) { /* both names must exist there, then no rename */
		int err = readonly_name(o->dir, o->name, o->len, 0);
		return err ? err : readonly_name(n->dir, n->name, n->len, -EPERM);
	}
	int err = dir_lookup(o->dir, o->name, o->len, &src);
	if (err)
		return err;
	bool is_dir = S_ISDIR(src->mode);
	if (!is_dir && (o->trailing_slash || n->trailing_slash))
		return -ENOTDIR;
	if (n->dir->nlink == 0)
		return -ENOENT;
	if (is_dir && is_ancestor(src, n->dir))
		return -EINVAL; /* into its own subtree */
	if (dir_lookup(n->dir, n->name, n->len, &victim) != 0)
		victim = NULL;
	if (victim && S_ISDIR(victim->mode) && is_ancestor(victim, o->dir))
		return -ENOTEMPTY; /* onto an ancestor of the source */
	if (victim == src)
		return 0; /* the same file: nothing to do */
	if (victim) {
		if (is_dir && !S_ISDIR(victim->mode))
			return -ENOTDIR;
		if (!is_dir && S_ISDIR(victim->mode))
			return -EISDIR;
		if (S_ISDIR(victim->mode) && !dir_is_empty(victim))
			return -ENOTEMPTY;
	}
	return dir_rename(o->dir, o->name, o->len, n->dir, n->name, n->len);
}

int vfs_rename(struct inode *oldbase, const char *oldpath, struct inode *newbase,
	       const char *newpath)
{
	struct last o, n;
	int links = 0;
	int err = walk_parent(oldbase, oldpath, &links, &o);
	if (err)
		return err;
	links = 0;
	err = walk_parent(newbase, newpath, &links, &n);
	if (!err) {
		err = rename_checked(&o, &n);
		inode_put(n.dir);
	}
	inode_put(o.dir);
	return err;
}

long vfs_path_of(struct inode *dir, char *buf, size_t size)
{
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (dir->nlink == 0)
		return -ENOENT;
	if (size < 2)
		return -ENAMETOOLONG;
	size_t pos = size - 1;
	buf[pos] = 0;
	for (struct inode *cur = dir; cur != vfs_root;) {
		struct inode *parent = cur->dir.parent;
		struct dentry *d = parent ? parent->dir.entries : NULL;
		while (d && d->inode != cur)
			d = d->next;
		if (!d)
			return -ENOENT;
		size_t n = strlen(d->name);
		if (pos < n + 1)
			return -ENAMETOOLONG;
		pos -= n;
		memcpy(buf + pos, d->name, n);
		buf[--pos] = '/';
		cur = parent;
	}
	if (pos == size - 1)
		buf[--pos] = '/';
	size_t len = size - 1 - pos;
	memmove(buf, buf + pos, len + 1);
	return (long)len;
}

void where_put(struct vfs_where *w)
{
	if (w->dir)
		inode_put(w->dir);
	kfree(w->name);
	w->dir = NULL;
	w->name = NULL;
}

int where_copy(struct vfs_where *dst, const struct vfs_where *src)
{
	*dst = (struct vfs_where){ NULL, NULL };
	if (!src->dir || !src->name)
		return 0;
	size_t n = strlen(src->name);
	dst->name = kmalloc(n + 1);
	if (!dst->name)
		return -ENOMEM;
	memcpy(dst->name, src->name, n + 1);
	dst->dir = inode_get(src->dir);
	return 0;
}

/* The name ino has in dir (the first, for a file with several), or NULL. */
static const char *name_in(struct inode *dir, struct inode *ino)
{
	for (struct dentry *d = S_ISDIR(dir->mode) ? dir->dir.entries : NULL; d; d = d->next)
		if (d->inode == ino)
			return d->name;
	return NULL;
}

long where_path(struct inode *ino, const struct vfs_where *w, char *buf, size_t size)
{
	if (S_ISDIR(ino->mode))
		return vfs_path_of(ino, buf, size);
	if (!w || !w->dir || !w->name)
		return -ENOENT;
	/* The name it was found by, unless a rename moved it within the
	 * same directory since. */
	const char *name = w->name;
	struct inode *now;
	if (dir_lookup(w->dir, name, strlen(name), &now) != 0 || now != ino) {
		const char *other = name_in(w->dir, ino);
		if (other)
			name = other;
	}
	long len = vfs_path_of(w->dir, buf, size);
	if (len < 0)
		return len;
	const char *gone = ino->nlink ? "" : " (deleted)";
	size_t need = (size_t)len + 1 + strlen(name) + strlen(gone) + 1;
	if (need > size)
		return -ENAMETOOLONG;
	if (len > 1)
		buf[len++] = '/';
	strlcpy(buf + len, name, size - (size_t)len);
	len += (long)strlen(name);
	strlcpy(buf + len, gone, size - (size_t)len);
	return len + (long)strlen(gone);
}

/* ---- for the system calls ------------------------------------------ */

int getname(const char __user *upath, bool allow_empty, char **out)
{
	char *buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	long n = strncpy_from_user(buf, upath, PATH_MAX);
	if (n < 0 || (n == 0 && !allow_empty)) {
		kfree(buf);
		return n < 0 ? (int)n : -ENOENT;
	}
	*out = buf;
	return 0;
}

void putname(char *name) { kfree(name); }

int at_base(int dirfd, const char *path, struct inode **base)
{
	if (path[0] == '/') {
		*base = vfs_root;
		return 0;
	}
	if (dirfd == AT_FDCWD) {
		*base = current_cwd();
		return 0;
	}
	struct task *t = current_task();
	struct file *f = t && t->files ? fd_file(t->files, dirfd) : NULL;
	if (!f)
		return -EBADF;
	if (!f->inode || !S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	*base = f->inode;
	return 0;
}

int at_lookup(int dirfd, const char __user *upath, int at_flags, struct inode **out, bool *empty)
{
	char *path;
	struct inode *base;
	bool empty_ok = at_flags & AT_EMPTY_PATH;
	int err = getname(upath, empty_ok, &path);
	if (err)
		return err;
	if (empty)
		*empty = !path[0];
	if (!path[0]) { /* AT_EMPTY_PATH: the file open as dirfd, any kind */
		putname(path);
		if (dirfd == AT_FDCWD) {
			*out = inode_get(current_cwd());
			return 0;
		}
		struct task *t = current_task();
		struct file *f = t && t->files ? fd_file(t->files, dirfd) : NULL;
		if (!f)
			return -EBADF;
		if (!f->inode)
			return -ENOENT;
		*out = inode_get(f->inode);
		return 0;
	}
	err = at_base(dirfd, path, &base);
	if (!err)
		err = vfs_lookup(base, path, (at_flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, out);
	putname(path);
	return err;
}
