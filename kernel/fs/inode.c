/*
 * inode.c - inode allocation, references and stat(2)'s view (vfs.h).
 * What an inode holds beyond its attributes (directory entries, file
 * pages, a link target) is released by inode_free_data() in vfs.c.
 * Locking: next_ino, live_inodes and every inode's references under the
 * kernel lock (arch/x86_64/klock.h).
 */
#include "fs/vfs.h"
#include "mm/heap.h"
#include "lib/string.h"
#include "errno.h"
#include "time/clock.h"
#include "panic.h"

static u64 next_ino = 1;
static u64 live_inodes;

struct inode *inode_new(u32 mode)
{
	struct inode *ino = kzalloc(sizeof(*ino));
	if (!ino)
		return NULL;
	ino->ino = next_ino++;
	ino->mode = mode;
	ino->atime = ino->mtime = ino->ctime = vfs_now();
	live_inodes++;
	return ino;
}

struct inode *inode_get(struct inode *ino)
{
	ino->refs++;
	return ino;
}

/* Frees the inode when nothing refers to it and no name links it. */
static void inode_maybe_free(struct inode *ino)
{
	if (ino->refs || ino->nlink)
		return;
	inode_free_data(ino);
	live_inodes--;
	kfree(ino);
}

void inode_put(struct inode *ino)
{
	BUG_ON(ino->refs == 0);
	ino->refs--;
	inode_maybe_free(ino);
}

void inode_unlinked(struct inode *ino)
{
	BUG_ON(ino->nlink == 0);
	ino->nlink--;
	inode_maybe_free(ino);
}

u64 inode_count(void) { return live_inodes; }

void inode_stat(const struct inode *ino, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = 1;
	st->st_ino = ino->ino;
	/* An inode /proc made for one lookup has no link, but shows one, as
	 * Linux's do. */
	st->st_nlink = ino->nlink ? ino->nlink : (ino->gen_key ? 1 : 0);
	st->st_mode = ino->mode;
	st->st_uid = ino->uid;
	st->st_gid = ino->gid;
	st->st_rdev = ino->rdev;
	st->st_size = (long)ino->size;
	st->st_blksize = 4096;
	st->st_blocks = (long)(ALIGN_UP(ino->size, 4096) / 512);
	st->st_atim = ino->atime;
	st->st_mtim = ino->mtime;
	st->st_ctim = ino->ctime;
}

struct timespec vfs_now(void)
{
	return clock_realtime();
}

int inode_get_write(struct inode *ino)
{
	if (ino->writecount < 0)
		return -ETXTBSY; /* a running program's file */
	ino->writecount++;
	return 0;
}

void inode_put_write(struct inode *ino) { ino->writecount--; }

int inode_deny_write(struct inode *ino)
{
	if (ino->writecount > 0)
		return -ETXTBSY; /* open for writing: not to be run */
	ino->writecount--;
	return 0;
}

void inode_allow_write(struct inode *ino) { ino->writecount++; }
