/*
 * vfs.c - the RAM file system behind vfs.h: the root, directory entries,
 * and the pages of regular files. Path resolution and the operations on
 * names (open, mkdir, rename...) are in namei.c.
 *
 * Invariants:
 *  - a directory holds a reference on its parent (dir.parent) from the
 *    moment it is linked until it is freed, so ".." of a removed directory
 *    that is still someone's current directory stays valid; the root is
 *    its own parent and holds no reference on itself;
 *  - a linked directory has nlink 2 + its number of subdirectories (its
 *    name, its ".", and each child's ".."); a removed one has nlink 0;
 *  - a regular file's bytes past `size` in its last page are zero, unless
 *    a MAP_SHARED mapping wrote there (its pages are the file's); they
 *    are zeroed whenever the file grows over them (grow_over_tail), so a
 *    byte the file gains always reads zero or what was written to it;
 *  - pages[i] is NULL for a hole; slots at or past npages are holes too;
 *    a page may also be mapped by processes (one owner each, pageref.h);
 *    truncation unmaps what lies wholly past the new end first.
 * Locking: the tree, every file's pages and file_pages under the kernel lock
 * (arch/x86_64/klock.h); no interrupt handler touches them. vfs_root is
 * written once at boot.
 */
#include "fs/vfs.h"
#include "fs/xattr.h"
#include "fs/namei.h"
#include "fs/regfile.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "mm/pageref.h"
#include "mm/uaccess.h"
#include "mm/vm.h"
#include "mm/mmap.h"
#include "lib/string.h"
#include "errno.h"
#include "log.h"
#include "panic.h"

struct inode *vfs_root;

void vfs_init(void)
{
	struct inode *root = inode_new(S_IFDIR | 0755);
	if (!root)
		panic("vfs: no memory for the root directory");
	root->nlink = 2;
	root->size = 2 * VFS_DIRENT_SIZE;
	root->dir.parent = root;
	vfs_root = inode_get(root); /* pinned for good */
	pr_info("vfs: RAM file system ready (files up to %llu MiB)\n",
		(unsigned long long)(VFS_FILE_MAX >> 20));
}

/* ---- directories ---------------------------------------------------- */

static void touch_dir(struct inode *dir)
{
	dir->mtime = dir->ctime = vfs_now();
}

static struct dentry **find_link(struct inode *dir, const char *name, size_t len)
{
	struct dentry **link = &dir->dir.entries;
	for (; *link; link = &(*link)->next)
		if (strncmp((*link)->name, name, len) == 0 && (*link)->name[len] == 0)
			return link;
	return NULL;
}

/* The inode is borrowed, not referenced: it stays valid while the name
 * does. "." and ".." are not entries (namei.c answers them). */
int dir_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	struct dentry **link = find_link(dir, name, len);
	if (!link)
		return -ENOENT;
	*out = (*link)->inode;
	return 0;
}

/* A name for a new entry: no '/' or NUL, not "." or "..". */
static int check_name(const char *name, size_t len)
{
	if (len == 0)
		return -EINVAL;
	for (size_t i = 0; i < len; i++)
		if (name[i] == '/' || name[i] == 0)
			return -EINVAL;
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return -EEXIST;
	return 0;
}

static struct dentry *dentry_alloc(const char *name, size_t len)
{
	struct dentry *d = kmalloc(sizeof(*d) + len + 1);
	if (!d)
		return NULL;
	d->next = NULL;
	d->inode = NULL;
	memcpy(d->name, name, len);
	d->name[len] = 0;
	return d;
}

/* Appends d (naming ino) to dir's list and counts the links. */
static void dir_attach(struct inode *dir, struct dentry *d, struct inode *ino)
{
	struct dentry **link = &dir->dir.entries;
	while (*link)
		link = &(*link)->next;
	d->inode = ino;
	*link = d;
	if (S_ISDIR(ino->mode)) {
		kfree(ino->dir.gone); /* named again (rename) */
		ino->dir.gone = NULL;
		/* Its name and its "." (a directory has one name only), and
		 * the parent's link from the child's "..". A directory moved
		 * by rename keeps the links of its own subdirectories. */
		ino->nlink += 2;
		dir->nlink++;
		struct inode *old = ino->dir.parent;
		ino->dir.parent = inode_get(dir);
		if (old && old != ino)
			inode_put(old);
	} else {
		ino->nlink++;
	}
	dir->size += VFS_DIRENT_SIZE;
	ino->ctime = vfs_now();
	touch_dir(dir);
}

/* Takes the entry at *link out of dir's list and drops the links it
 * counted; the inode may be freed. */
static void dir_detach(struct inode *dir, struct dentry **link)
{
	struct dentry *d = *link;
	struct inode *ino = d->inode;

	*link = d->next;
	if (S_ISDIR(ino->mode)) { /* its name is kept while it is gone */
		kfree(ino->dir.gone);
		ino->dir.gone = d;
	} else {
		kfree(d);
	}
	dir->size -= VFS_DIRENT_SIZE;
	touch_dir(dir);
	ino->ctime = vfs_now();
	if (S_ISDIR(ino->mode)) {
		dir->nlink--;
		ino->nlink--; /* its "."; the name goes below */
	}
	inode_unlinked(ino);
}

int dir_link(struct inode *dir, const char *name, size_t len, struct inode *ino)
{
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	int err = check_name(name, len);
	if (err)
		return err;
	if (dir->nlink == 0)
		return -ENOENT; /* removed: nothing new may appear in it */
	if (S_ISDIR(ino->mode) && ino->nlink)
		return -EPERM; /* no second name for a directory */
	if (find_link(dir, name, len))
		return -EEXIST;
	struct dentry *d = dentry_alloc(name, len);
	if (!d)
		return -ENOMEM;
	dir_attach(dir, d, ino);
	return 0;
}

int dir_unlink(struct inode *dir, const char *name, size_t len)
{
	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	struct dentry **link = find_link(dir, name, len);
	if (!link)
		return -ENOENT;
	dir_detach(dir, link);
	return 0;
}

bool dir_is_empty(struct inode *dir) { return dir->dir.entries == NULL; }

int dir_rename(struct inode *olddir, const char *oldname, size_t oldlen, struct inode *newdir,
	       const char *newname, size_t newlen)
{
	struct dentry **src_link = find_link(olddir, oldname, oldlen);
	if (!src_link)
		return -ENOENT;
	int err = check_name(newname, newlen);
	if (err)
		return err;
	if (newdir->nlink == 0)
		return -ENOENT;
	/* Allocate first: nothing below can fail. */
	struct dentry *d = dentry_alloc(newname, newlen);
	if (!d)
		return -ENOMEM;
	struct inode *ino = inode_get((*src_link)->inode);
	struct dentry **victim = find_link(newdir, newname, newlen);
	if (victim)
		dir_detach(newdir, victim);
	/* The victim's removal may have moved the source's link. */
	dir_detach(olddir, find_link(olddir, oldname, oldlen));
	dir_attach(newdir, d, ino);
	inode_put(ino);
	return 0;
}

/* ---- regular-file pages --------------------------------------------- */

static u64 pages_for(u64 size) { return (size + PAGE_SIZE - 1) / PAGE_SIZE; }

static u64 file_pages; /* non-NULL slots of every file's pages[] */

u64 vfs_file_pages(void) { return file_pages; }

static void free_page_at(struct inode *ino, u64 i)
{
	if (i < ino->reg.npages && ino->reg.pages[i]) {
		page_put(virt_to_phys(ino->reg.pages[i])); /* a mapping may share it */
		ino->reg.pages[i] = NULL;
		file_pages--;
	}
}

/* Makes room for page slots [0, want); -ENOSPC when memory runs out. */
static int reserve_slots(struct inode *ino, u64 want)
{
	if (want <= ino->reg.npages)
		return 0;
	u64 cap = MAX(want, MIN(2 * ino->reg.npages, pages_for(VFS_FILE_MAX)));
	cap = MAX(cap, 8);
	u8 **slots = kzalloc(cap * sizeof(*slots));
	if (!slots)
		return -ENOSPC;
	if (ino->reg.pages)
		memcpy(slots, ino->reg.pages, ino->reg.npages * sizeof(*slots));
	kfree(ino->reg.pages);
	ino->reg.pages = slots;
	ino->reg.npages = cap;
	return 0;
}

/* Page i of a file, or NULL for a hole (alloc = false) or when memory runs
 * out (alloc = true: a hole becomes a zeroed page). */
static u8 *page_at(struct inode *ino, u64 i, bool alloc)
{
	if (i < ino->reg.npages && ino->reg.pages[i])
		return ino->reg.pages[i];
	if (!alloc || reserve_slots(ino, i + 1))
		return NULL;
	u64 pa = pmm_alloc_user_page();
	if (!pa)
		return NULL;
	u8 *p = phys_to_virt(pa);
	memset(p, 0, PAGE_SIZE);
	ino->reg.pages[i] = p;
	file_pages++;
	return p;
}

u64 inode_page(struct inode *ino, u64 index)
{
	if (!S_ISREG(ino->mode) || ino->fops || index >= pages_for(ino->size))
		return 0;
	u8 *p = page_at(ino, index, false);
	return p ? virt_to_phys(p) : 0;
}

u64 inode_page_fill(struct inode *ino, u64 index)
{
	if (!S_ISREG(ino->mode) || ino->fops || index >= pages_for(ino->size))
		return 0;
	u8 *p = page_at(ino, index, true);
	return p ? virt_to_phys(p) : 0;
}

/* The file is about to grow past its size: the bytes after the end in
 * its last page, which a shared mapping may have written, become part of
 * the file and must read zero (Linux's tmpfs leaves them be; POSIX wants
 * zeros, and so does the invariant above). */
static void grow_over_tail(struct inode *ino)
{
	u64 off = ino->size % PAGE_SIZE;
	if (!off)
		return;
	u8 *last = page_at(ino, ino->size / PAGE_SIZE, false);
	if (last)
		memset(last + off, 0, PAGE_SIZE - off);
}

static int check_regular(const struct inode *ino)
{
	if (S_ISDIR(ino->mode))
		return -EISDIR;
	return S_ISREG(ino->mode) ? 0 : -EINVAL;
}

/*
 * The one copy loop for reads: into a kernel buffer, or into user memory
 * (a fault ends the copy; the count so far is returned, or -EFAULT when
 * nothing moved).
 */
static long data_read(struct inode *ino, void *buf, u64 count, u64 pos, bool user)
{
	int err = check_regular(ino);
	if (err)
		return err;
	if (pos >= ino->size)
		return 0;
	count = MIN(count, ino->size - pos);
	u64 done = 0;
	while (done < count) {
		u64 off = (pos + done) % PAGE_SIZE;
		u64 chunk = MIN(count - done, PAGE_SIZE - off);
		u8 *page = page_at(ino, (pos + done) / PAGE_SIZE, false);
		u8 *dst = (u8 *)buf + done;
		u64 left = 0;
		if (!user) {
			if (page)
				memcpy(dst, page + off, chunk);
			else
				memset(dst, 0, chunk);
		} else {
			left = page ? copy_to_user(dst, page + off, chunk) : clear_user(dst, chunk);
		}
		done += chunk - left;
		if (left)
			return done ? (long)done : -EFAULT;
	}
	return (long)done;
}

static long data_write(struct inode *ino, const void *buf, u64 count, u64 pos, bool user)
{
	int err = check_regular(ino);
	if (err)
		return err;
	if (count == 0)
		return 0;
	if (pos >= VFS_FILE_MAX)
		return -EFBIG;
	count = MIN(count, VFS_FILE_MAX - pos);
	if (pos + count > ino->size)
		grow_over_tail(ino);
	u64 done = 0;
	long result = 0;
	while (done < count) {
		u64 off = (pos + done) % PAGE_SIZE;
		u64 chunk = MIN(count - done, PAGE_SIZE - off);
		u8 *page = page_at(ino, (pos + done) / PAGE_SIZE, true);
		if (!page) {
			result = -ENOSPC;
			break;
		}
		const u8 *src = (const u8 *)buf + done;
		u64 left = 0;
		if (user)
			left = copy_from_user(page + off, src, chunk);
		else
			memcpy(page + off, src, chunk);
		done += chunk - left;
		if (left) {
			/* Keep the bytes past the end zero (the invariant above). */
			if (pos + done > ino->size)
				memset(page + off + (chunk - left), 0, left);
			result = -EFAULT;
			break;
		}
	}
	if (done) {
		ino->size = MAX(ino->size, pos + done);
		ino->mtime = ino->ctime = vfs_now();
		return (long)done;
	}
	return result;
}

long inode_read(struct inode *ino, void *buf, u64 count, u64 pos)
{
	return data_read(ino, buf, count, pos, false);
}

long inode_write(struct inode *ino, const void *buf, u64 count, u64 pos)
{
	return data_write(ino, buf, count, pos, false);
}

long inode_read_user(struct inode *ino, char __user *buf, u64 count, u64 pos)
{
	return data_read(ino, buf, count, pos, true);
}

long inode_write_user(struct inode *ino, const char __user *buf, u64 count, u64 pos)
{
	return data_write(ino, buf, count, pos, true);
}

int inode_truncate(struct inode *ino, u64 size)
{
	int err = check_regular(ino);
	if (err)
		return err;
	if (ino->fops)
		return 0; /* a generated file (/proc): nothing to cut, as Linux */
	if (size > VFS_FILE_MAX)
		return -EFBIG;
	if (size > ino->size)
		grow_over_tail(ino);
	if (size < ino->size) {
		/* Mappings first: their pages past the end go (SIGBUS next). */
		mm_file_shrunk(ino, size);
		u64 keep = pages_for(size);
		for (u64 i = keep; i < ino->reg.npages; i++)
			free_page_at(ino, i);
		if (size % PAGE_SIZE) {
			u8 *last = page_at(ino, size / PAGE_SIZE, false);
			if (last)
				memset(last + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
		}
		if (keep == 0) {
			kfree(ino->reg.pages);
			ino->reg.pages = NULL;
			ino->reg.npages = 0;
		}
	}
	ino->size = size;
	ino->mtime = ino->ctime = vfs_now();
	return 0;
}

u64 inode_pages(const struct inode *ino)
{
	u64 n = 0;
	if (S_ISREG(ino->mode))
		for (u64 i = 0; i < ino->reg.npages; i++)
			n += ino->reg.pages[i] != NULL;
	return n;
}

/* ---- freeing ------------------------------------------------------- */

void inode_free_data(struct inode *ino)
{
	xattr_free_all(ino);
	if (ino->fops)
		return; /* a device or generated file: its data is not pages */
	switch (ino->mode & S_IFMT) {
	case S_IFREG:
		for (u64 i = 0; i < ino->reg.npages; i++)
			free_page_at(ino, i);
		kfree(ino->reg.pages);
		ino->reg.pages = NULL;
		ino->reg.npages = 0;
		break;
	case S_IFDIR:
		/* Normally empty (rmdir checks); a subdirectory would hold a
		 * reference on this one, so only leaves can be left here. */
		while (ino->dir.entries)
			dir_detach(ino, &ino->dir.entries);
		if (ino->dir.parent && ino->dir.parent != ino)
			inode_put(ino->dir.parent);
		ino->dir.parent = NULL;
		kfree(ino->dir.gone);
		ino->dir.gone = NULL;
		break;
	case S_IFLNK:
		kfree(ino->link.target);
		ino->link.target = NULL;
		break;
	default:
		break; /* devices and pipes: their owners' data */
	}
}
