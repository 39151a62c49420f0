/*
 * vfs.h - MinOS's file system: one tree of in-memory inodes (a RAM file
 * system, filled from the initramfs at boot) holding directories, regular
 * files, symbolic links, and device and pipe inodes whose data lives
 * elsewhere (their file_ops); /proc adds directories that make their
 * entries and links that lead to inodes (inode_ops, below).
 *
 * Invariants:
 *  - an inode is freed when its link count and its reference count are
 *    both 0 (references: open files, the current directories of tasks,
 *    and path walks in progress); an inode a lookup operation made has no
 *    link, so its last reference frees it;
 *  - a directory's entries never include "." and ".." (they are answered
 *    from the inode itself and its parent pointer); a name is at most
 *    NAME_MAX bytes and never contains '/';
 *  - every function that can fail returns a negative errno.
 */
#ifndef MINOS_FS_VFS_H
#define MINOS_FS_VFS_H

#include "types.h"
#include "uapi/stat.h"
#include "uapi/time.h"

#define NAME_MAX 255
#define PATH_MAX 4096
#define SYMLINK_MAX_DEPTH 40 /* Linux's limit before -ELOOP */

struct file;
struct file_ops;
struct vma;
struct xattr;

struct inode_ops;

struct dentry {
	struct dentry *next; /* sibling in the parent directory's list */
	struct inode *inode;
	char name[]; /* NUL-terminated */
};

struct inode {
	u64 ino;
	u32 mode; /* S_IF* type and permission bits */
	u32 nlink;
	u32 uid, gid;
	u32 refs;
	/* A regular file's writers and runners, as Linux's i_writecount:
	 * > 0 descriptors open for writing, < 0 memory maps running it as
	 * their program (mm.exe); each side excludes the other (-ETXTBSY). */
	s32 writecount;
	u64 size;
	u32 rdev; /* device number, for S_IFCHR */
	struct timespec atime, mtime, ctime;
	struct xattr *xattrs; /* extended attributes (fs/xattr.h), newest first */
	const struct file_ops *fops; /* devices and generated files (/proc):
					  how to read/write them; `private`
					  then holds their data */
	const struct inode_ops *iops; /* NULL for the RAM file system's own
					 inodes; /proc's generated directories
					 and magic links (vfs_ops below) */
	u64 gen_key; /* with iops: what the inode stands for (its owner's
			encoding: /proc's pid and descriptor) */
	union {
		struct { /* S_IFDIR */
			struct dentry *entries;
			struct inode *parent; /* ".."; the root is its own parent */
			struct dentry *gone; /* once removed, its last name (its
						path in /proc/PID/cwd reads
						"PATH (deleted)"); else NULL */
		} dir;
		struct { /* S_IFREG: pages, each PAGE_SIZE, NULL = a hole of zeros */
			u8 **pages;
			u64 npages; /* slots in pages[] */
			struct vma *maps; /* the areas mapping the file (mm/mmap.c) */
		} reg;
		struct { /* S_IFLNK */
			char *target;
		} link;
		void *private; /* with fops: the owner's data */
	};
};

/*
 * Where a non-directory was found by a path: its directory (referenced)
 * and its name there, so that its path can be told later (/proc/PID/fd,
 * /proc/PID/exe), as the RAM file system keeps no path for a file.
 * dir is NULL when unknown.
 */
struct vfs_where {
	struct inode *dir;
	char *name;
};
void where_put(struct vfs_where *w);
/* dst (empty) becomes a copy of src; -ENOMEM. */
int where_copy(struct vfs_where *dst, const struct vfs_where *src);
/* The absolute path of ino into buf (size bytes, NUL included): a
 * directory's by its parents, a file's by w; " (deleted)" follows the
 * path of a file with no name left. Its length, or a negative errno. */
long where_path(struct inode *ino, const struct vfs_where *w, char *buf, size_t size);

/*
 * Optional operations of an inode (ino->iops), for /proc: a directory
 * whose entries are made when looked up or listed, and a symbolic link
 * that leads to an inode rather than to a path ("magic" links). The RAM
 * file system's inodes have none, and pay nothing for them. An inode that
 * lookup makes has no link (nlink 0): it is freed with its last reference.
 */
struct vfs_dirent {
	char name[NAME_MAX + 1];
	u64 ino;
	u32 type; /* S_IF* */
};
struct inode_ops {
	/* Directories: the entry name (len bytes), referenced in *out, or
	 * -ENOENT. */
	int (*lookup)(struct inode *dir, const char *name, size_t len, struct inode **out);
	/* Directories: the first entry whose index (0, 1, ..., with gaps) is
	 * at least *index, and *index set to it: 0, or 1 past the last. */
	int (*iterate)(struct inode *dir, u64 *index, struct vfs_dirent *out);
	/* Links: the inode the link leads to, referenced in *out, and where
	 * it was found (w may be NULL). */
	int (*follow)(struct inode *link, struct inode **out, struct vfs_where *w);
	/* Links: readlink(2)'s text into buf (size bytes): its length. */
	long (*readlink)(struct inode *link, char *buf, size_t size);
	/* Directories whose RAM entries are made on first use (/proc/PID):
	 * makes them, once; called before a lookup or a listing. */
	void (*populate)(struct inode *dir);
	/* Names cannot be made, removed or renamed here (all of /proc). */
	bool readonly;
};

/* The root directory; set up by vfs_init(). */
extern struct inode *vfs_root;

void vfs_init(void);

/* References and links (inode.c). An inode is freed when both counts
 * reach 0; inode_unlinked() drops one link (after the name is gone). */
struct inode *inode_get(struct inode *ino);
void inode_put(struct inode *ino);
void inode_unlinked(struct inode *ino);
u64 inode_count(void);
/* Write access and its exclusion by running programs (inode.c): taking
 * it is -ETXTBSY while a program runs the file, denying it -ETXTBSY
 * while the file is open for writing. */
int inode_get_write(struct inode *ino);
void inode_put_write(struct inode *ino);
int inode_deny_write(struct inode *ino);
void inode_allow_write(struct inode *ino);
/* Releases what the inode owns besides itself: pages, entries, target
 * (vfs.c). */
void inode_free_data(struct inode *ino);

/* Creating and removing names in a directory (the caller checked types). */
struct inode *inode_new(u32 mode);
int dir_lookup(struct inode *dir, const char *name, size_t len, struct inode **out);
int dir_link(struct inode *dir, const char *name, size_t len, struct inode *ino);
int dir_unlink(struct inode *dir, const char *name, size_t len);
bool dir_is_empty(struct inode *dir);

/* Path resolution, relative to `base` when the path is not absolute.
 * Flags: LOOKUP_FOLLOW follows a symlink in the last component;
 * LOOKUP_DIRECTORY requires the result to be a directory. Returns a
 * referenced inode in *out. */
#define LOOKUP_FOLLOW 1u
#define LOOKUP_DIRECTORY 2u
int vfs_lookup(struct inode *base, const char *path, unsigned flags, struct inode **out);
/* The same, and where a non-directory result was found (w->dir NULL when
 * the path gave no name for it); where_put(w) after. */
int vfs_lookup_where(struct inode *base, const char *path, unsigned flags, struct inode **out,
		     struct vfs_where *w);

/* The parent directory of the last component, and that component
 * (pointing into path; not NUL-terminated: *len bytes). -ENOENT for "". */
int vfs_lookup_parent(struct inode *base, const char *path, struct inode **parent,
		      const char **name, size_t *len);

/* Regular-file data (kernel buffers). */
long inode_read(struct inode *ino, void *buf, u64 count, u64 pos);
long inode_write(struct inode *ino, const void *buf, u64 count, u64 pos);
int inode_truncate(struct inode *ino, u64 size);
/* The physical page that holds bytes [index * PAGE_SIZE, +PAGE_SIZE) of a
 * regular file, or 0 for a hole or past the end. The file keeps its own
 * hold on the page (mm/pageref.h); a mapping that shares it takes one
 * with page_get, so the page outlives the file's truncation or removal. */
u64 inode_page(struct inode *ino, u64 index);
/* The same, but a hole inside the file gets its page now (zeroed), as a
 * file mapping's first touch does: 0 only past the end or when memory
 * runs out. */
u64 inode_page_fill(struct inode *ino, u64 index);

/* Pages held by regular files' data, all files together (/proc/meminfo). */
u64 vfs_file_pages(void);

/* stat(2)'s view of an inode. */
void inode_stat(const struct inode *ino, struct stat *st);

/* Now, for timestamps (CLOCK_REALTIME). */
struct timespec vfs_now(void);

#endif
